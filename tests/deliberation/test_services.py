"""Lifecycles through the services: a proposal → the month's topic → a meeting → a decision → its
follow-up task until solved; every step one audited event; forbidden steps change nothing."""

from datetime import date

import pytest

from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.deliberation import services
from jiesu.deliberation.models import DeliberationEvent, Meeting, Task, TopicSubmission
from jiesu.deliberation.selectors import invitees_suggest, topic_candidates
from tests.deliberation.conftest import at
from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def _propose(street, text, when="2024-03-05 10:00", channel="mailbox", building=None, actor=None):
    return services.submission_create(
        programme_id=street.programme.pk,
        actor=actor or street["community"],
        channel=channel,
        content=text,
        building=building,
        submitter_name="张三丰",
        submitter_phone="13812345678",
        submitted_at=at(when),
        now=at("2024-03-20 09:00"),
    )


def _month_with_topics(street):
    reps = [
        services.representative_add(
            programme_id=street.programme.pk, actor=street["community"], name=name, building=b,
            grid="第1网格", term_start=date(2023, 7, 1),
        )
        for name, b in (("王大妈", street.buildings[0]), ("李大爷", street.buildings[1]), ("赵阿姨", None))
    ]  # fmt: skip
    _propose(street, "小区停车位太少，晚上车停到消防通道", building=street.buildings[0])
    _propose(street, "停车难，能不能规划新的停车位", when="2024-03-07 10:00", channel="visit")
    WorkOrderFactory(
        community=street.community, title="消防通道被占用", content="消防通道被私家车占用，停车难",
        received_at=at("2024-03-06 09:00"), building=street.buildings[1],
    )  # fmt: skip
    _propose(street, "希望增加老年人活动场地", when="2024-03-08 10:00")
    return reps


def test_the_whole_loop_from_proposal_to_solved_task(street):
    reps = _month_with_topics(street)
    candidates = topic_candidates(programme=street.programme, month=date(2024, 3, 1))
    parking = candidates[0]
    assert (parking.submissions, parking.orders) == (2, 1) and parking.score == 5
    topics = services.topics_confirm(
        programme_id=street.programme.pk,
        month=date(2024, 3, 1),
        picks=[services.Pick(title="停车难与消防通道", submission_ids=[int(k[1:]) for k in parking.keys if k[0] == "s"],
                             order_ids=[int(k[1:]) for k in parking.keys if k[0] == "o"])],
        actor=street["community"],
        now=at("2024-03-20 10:00"),
    )  # fmt: skip
    topic = topics[0]
    assert topic.rank == 1 and topic.submissions.count() == 2 and topic.orders.count() == 1
    # confirmed items leave the candidates
    left = topic_candidates(programme=street.programme, month=date(2024, 3, 1))
    assert [c.title for c in left] == ["希望增加老年人活动场地"]
    # the suggestion: the representatives of the buildings the topic comes from, first
    suggested = invitees_suggest(programme=street.programme, topics=[topic])
    assert suggested[:2] == reps[:2]
    meeting = services.meeting_plan(
        programme_id=street.programme.pk, actor=street["community"], held_at=at("2024-03-21 15:00"),
        place="大槐树下", topic_ids=[topic.pk], representative_ids=[r.pk for r in suggested],
        now=at("2024-03-20 11:00"),
    )  # fmt: skip
    meeting = services.meeting_hold(
        meeting_id=meeting.pk, actor=street["community"], attended_ids=[reps[0].pk], minutes="商定划线增加车位。",
        parties=services.Parties(residents_count=23, social_organisations="槐香社工事务所", volunteers="爱在南苑志愿队"),
        now=at("2024-03-21 17:00"),
    )  # fmt: skip
    assert meeting.status == "held" and meeting.invitations.get(representative=reps[0]).attended is True
    assert meeting.invitations.get(representative=reps[1]).attended is False
    topic.refresh_from_db()
    assert topic.status == "discussed"
    order = WorkOrderFactory(community=street.community)
    task = services.meeting_decide(
        meeting_id=meeting.pk, actor=street["community"], decision="重新施划停车位并清理消防通道",
        owner_unit=street.housing, deadline=date(2024, 4, 30), topic=topic, orders=[order],
        now=at("2024-03-21 17:10"),
    )  # fmt: skip
    assert task.status == "open" and list(task.orders.all()) == [order]
    task = services.task_report(
        task_id=task.pk, actor=street["department"], progress="已施划 40 个车位。", now=at("2024-04-10 10:00")
    )
    task = services.task_send_back(
        task_id=task.pk, actor=street["community"], reason="消防通道仍有车停。", now=at("2024-04-11 10:00")
    )
    task = services.task_report(
        task_id=task.pk, actor=street["department"], progress="已加装隔离桩。", now=at("2024-04-20 10:00")
    )
    task = services.task_confirm(task_id=task.pk, actor=street["community"], now=at("2024-04-22 10:00"))
    assert task.status == "solved" and task.solved_at == at("2024-04-22 10:00")
    meeting = services.meeting_publish(
        meeting_id=meeting.pk,
        actor=street["community"],
        summary="增加车位，清理通道。",
        now=at("2024-04-23 10:00"),
    )
    assert meeting.status == "published"
    kinds = list(DeliberationEvent.objects.filter(task=task).values_list("kind", "old", "new"))
    assert [k for k, _, _ in kinds] == ["report", "send_back", "report", "confirm"]
    assert kinds[-1][1]["status"] == "reported" and kinds[-1][2]["status"] == "solved"
    meeting_kinds = list(
        DeliberationEvent.objects.filter(meeting=meeting, task__isnull=True, topic__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert meeting_kinds == ["meeting_planned", "hold", "decide", "publish"]
    assert (
        DeliberationEvent.objects.filter(topic=topic).values_list("kind", flat=True).count() == 2
    )  # confirmed, discussed


def test_forbidden_steps_change_nothing(street):
    _month_with_topics(street)
    topic = services.topics_confirm(
        programme_id=street.programme.pk, month=date(2024, 3, 1), actor=street["community"],
        picks=[services.Pick(title="活动场地", submission_ids=list(TopicSubmission.objects.filter(content__contains="老年人").values_list("pk", flat=True)))],
    )[0]  # fmt: skip
    meeting = services.meeting_plan(
        programme_id=street.programme.pk, actor=street["community"], held_at=at("2024-03-21 15:00"),
        place="大槐树下", topic_ids=[topic.pk], representative_ids=[],
    )  # fmt: skip
    before = (Meeting.objects.values().get(pk=meeting.pk), DeliberationEvent.objects.count())
    with pytest.raises(TransitionNotAllowed):
        services.meeting_publish(meeting_id=meeting.pk, actor=street["community"], summary="x")
    with pytest.raises(NotPermitted):
        services.meeting_cancel(meeting_id=meeting.pk, actor=street["other_community"], reason="不是我的")
    with pytest.raises(NotPermitted):
        services.meeting_cancel(meeting_id=meeting.pk, actor=street["leader"], reason="只读")
    with pytest.raises(ValidationFailed):  # the meeting has not happened yet
        services.meeting_hold(
            meeting_id=meeting.pk,
            actor=street["community"],
            attended_ids=[],
            minutes="x",
            now=at("2024-03-20 10:00"),
        )
    assert (Meeting.objects.values().get(pk=meeting.pk), DeliberationEvent.objects.count()) == before
    services.meeting_hold(
        meeting_id=meeting.pk,
        actor=street["community"],
        attended_ids=[],
        minutes="纪要",
        now=at("2024-03-22 10:00"),
    )
    task = services.meeting_decide(
        meeting_id=meeting.pk, actor=street["community"], decision="改造活动场地", owner_unit=street.housing,
        deadline=date(2024, 5, 1), now=at("2024-03-22 10:05"),
    )  # fmt: skip
    before = (Task.objects.values().get(pk=task.pk), DeliberationEvent.objects.count())
    with pytest.raises(TransitionNotAllowed):
        services.task_confirm(task_id=task.pk, actor=street["community"])
    with pytest.raises(NotPermitted):  # another department does not report on it
        services.task_report(task_id=task.pk, actor=street["bystander"], progress="x")
    with pytest.raises(NotPermitted):  # the owner unit does not confirm its own work
        services.task_cancel(task_id=task.pk, actor=street["department"], reason="x")
    with pytest.raises(ValidationFailed):  # a topic already in one cannot be confirmed again
        services.topics_confirm(
            programme_id=street.programme.pk, month=date(2024, 3, 1), actor=street["community"],
            picks=[services.Pick(title="再来", submission_ids=list(topic.submissions.values_list("pk", flat=True)))],
        )  # fmt: skip
    assert (Task.objects.values().get(pk=task.pk), DeliberationEvent.objects.count()) == before


def test_the_deadline_scan_reminds_once_about_an_overdue_task(street):
    _month_with_topics(street)
    topic = services.topics_confirm(
        programme_id=street.programme.pk, month=date(2024, 3, 1), actor=street["community"],
        picks=[services.Pick(title="停车")],
    )[0]  # fmt: skip
    meeting = services.meeting_plan(
        programme_id=street.programme.pk, actor=street["community"], held_at=at("2024-03-21 15:00"),
        place="大槐树下", topic_ids=[topic.pk], representative_ids=[],
    )  # fmt: skip
    services.meeting_hold(
        meeting_id=meeting.pk,
        actor=street["community"],
        attended_ids=[],
        minutes="纪要",
        now=at("2024-03-22 10:00"),
    )
    task = services.meeting_decide(
        meeting_id=meeting.pk, actor=street["community"], decision="划线", owner_unit=street.housing, deadline=date(2024, 4, 1),
        now=at("2024-03-22 10:05"),
    )  # fmt: skip
    assert services.task_deadline_scan(now=at("2024-04-01 20:00"))["urged"] == 0
    assert services.task_deadline_scan(now=at("2024-04-02 08:00"))["urged"] == 1
    assert services.task_deadline_scan(now=at("2024-04-03 08:00"))["urged"] == 0
    event = DeliberationEvent.objects.get(task=task, kind="urge")
    assert event.actor is None and event.new["urged"] is True


def test_submissions_check_their_input_and_audit_with_masked_names(street):
    with pytest.raises(ValidationFailed):
        _propose(street, "短")
    with pytest.raises(ValidationFailed):  # offline channels need a staff member
        services.submission_create(
            programme_id=street.programme.pk, channel="mailbox", content="信箱里的一封信内容"
        )
    with pytest.raises(NotPermitted):
        _propose(street, "别的社区的人来登记", actor=street["other_community"])
    grid = _propose(street, "网格员入户走访收集的意见", channel="visit", actor=street["grid_worker"])
    assert grid.entered_by == street["grid_worker"]
    event = DeliberationEvent.objects.get(kind="submitted")
    assert event.new["submitter"] == "张**" and "13812345678" not in str(event.new)
    online = services.submission_create(
        programme_id=street.programme.pk, channel="online", content="线上提交的议题内容"
    )
    assert online.entered_by is None
