"""Background jobs of triage (`core.background`) started from /triage/: retraining, and the replay
of the duplicate finder on the street's own 并单 decisions."""

from datetime import timedelta

from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.background import job_progress, job_start
from jiesu.core.models import Job
from jiesu.triage.duplicate_replay import duplicates_replay
from jiesu.triage.models import ModelVersion
from jiesu.triage.services import model_train, thresholds_calibrate

TRAIN_KIND = "triage_train"
TRAIN_PARAMS = None  # the classifier's defaults (docs/triage.md)
REPLAY_KIND = "triage_duplicates_replay"
REPLAY_DAYS = 180


def model_train_start(*, actor, min_samples: int = 50) -> Job:
    """Queue a retraining (after this transaction commits); only a centre admin may."""
    access.ensure(actor, "train", ModelVersion)
    return job_start(
        kind=TRAIN_KIND,
        label="重新训练分类模型",
        function="jiesu.triage.jobs.model_train_job",
        arguments={"min_samples": min_samples},
        actor=actor,
    )


def model_train_job(*, job: Job, min_samples: int = 50) -> dict:
    actor = job.created_by
    version = model_train(
        min_samples=min_samples,
        params=TRAIN_PARAMS,
        actor=actor,
        progress=lambda done, total: job_progress(job, done=done, total=total),
    )
    calibration = thresholds_calibrate(actor=actor)
    evaluation = version.evaluation
    return {
        "version": version.version,
        "trained_on": version.trained_on,
        "activated": version.is_active,
        "decision": evaluation.get("decision", ""),
        "holdout_n": evaluation.get("holdout_n", 0),
        "new": evaluation.get("holdout_new"),
        "active": evaluation.get("holdout_active"),
        "thresholds": calibration["new"],
    }


def duplicates_replay_start(*, actor, days: int = REPLAY_DAYS) -> Job:
    """Queue a replay of the duplicate finder on the street's 并单 decisions; a centre admin may.
    While one started in the last hour is still queued or running, that one is returned: a second
    click does not start a second replay (a job that old is taken as lost, e.g. in a restart)."""
    access.ensure(actor, "train", ModelVersion)
    unfinished = (
        Job.objects.filter(
            kind=REPLAY_KIND,
            status__in=(Job.Status.QUEUED, Job.Status.RUNNING),
            created_at__gte=timezone.now() - timedelta(hours=1),
        )
        .order_by("-id")
        .first()
    )
    if unfinished is not None:
        return unfinished
    return job_start(
        kind=REPLAY_KIND,
        label="核验重复工单提示",
        function="jiesu.triage.jobs.duplicates_replay_job",
        arguments={"days": days},
        actor=actor,
    )


def duplicates_replay_job(*, job: Job, days: int = REPLAY_DAYS) -> dict:
    return duplicates_replay(
        days=days, progress=lambda done, total: job_progress(job, done=done, total=total)
    )
