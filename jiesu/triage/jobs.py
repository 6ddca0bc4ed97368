"""Background jobs of triage (`core.background`): retraining started from /triage/."""

from jiesu.accounts import access
from jiesu.core.background import job_progress, job_start
from jiesu.core.models import Job
from jiesu.triage.models import ModelVersion
from jiesu.triage.services import model_train, thresholds_calibrate

TRAIN_KIND = "triage_train"
TRAIN_PARAMS = None  # the classifier's defaults (docs/triage.md)


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
