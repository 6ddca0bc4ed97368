"""A joint activity's life through its services, the table, the rights and bad input."""

from datetime import date, datetime, timedelta
from itertools import product

import pytest
from django.forms.models import model_to_dict

from jiesu.cobuilding import services
from jiesu.cobuilding.models import ActivityEvent, ActivityType, JointActivity
from jiesu.cobuilding.states import ACTIVITY, ActivityAction, ActivityStatus
from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.core.models import Photo
from tests.cobuilding.conftest import activity
from tests.whistles.conftest import TZ, jpeg

pytestmark = pytest.mark.django_db
A, S = ActivityAction, ActivityStatus
EVENING = datetime(2024, 3, 5, 18, 0, tzinfo=TZ)
SPEC = {A.HOLD: {S.PLANNED: S.HELD}, A.CANCEL: {S.PLANNED: S.CANCELLED}, A.ADD_PHOTOS: {S.HELD: S.HELD}}


@pytest.mark.parametrize("action, status", list(product(A.values, S.values)))
def test_the_table(action, status):
    if status in SPEC[action]:
        assert ACTIVITY.target(action, status) == SPEC[action][status]
    else:
        with pytest.raises(TransitionNotAllowed, match=f"当前状态为「{S(status).label}」"):
            ACTIVITY.target(action, status)


def snapshot():
    return (
        [model_to_dict(a, exclude=["units"]) for a in JointActivity.objects.order_by("id")],
        ActivityEvent.objects.count(),
        Photo.objects.count(),
    )


def test_planned_then_held_with_photos_then_more_photos(committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ours = committee.ours
    held = services.activity_hold(
        activity_id=ours.pk,
        actor=committee["metro"],
        participants=85,
        summary="发放手册200份",
        photos=[jpeg()],
        now=EVENING,
    )
    assert (held.status, held.participants, held.version) == (S.HELD, 85, 2)
    services.activity_add_photos(activity_id=ours.pk, actor=committee["community"], photos=[jpeg((1, 2, 3))])
    events = list(ours.events.order_by("id").values_list("kind", "actor__username"))
    assert events == [("created", "sq"), ("hold", "gj"), ("add_photos", "sq")]
    assert Photo.objects.filter(object_id=ours.pk, role="活动").count() == 2
    before = snapshot()
    with pytest.raises(TransitionNotAllowed, match="「已开展」，不能执行「取消活动」"):
        services.activity_cancel(activity_id=ours.pk, actor=committee["community"], reason="下雨")
    assert snapshot() == before


def test_a_cancelled_activity_cannot_be_recorded(committee):
    services.activity_cancel(activity_id=committee.ours.pk, actor=committee["dispatcher"], reason="天气原因")
    before = snapshot()
    with pytest.raises(TransitionNotAllowed, match="「已取消」，不能执行「登记开展情况」"):
        services.activity_hold(
            activity_id=committee.ours.pk, actor=committee["metro"], participants=5, summary="x"
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"participants": 0}, "参与人数"),
        ({"participants": 100001}, "参与人数"),
        ({"summary": " "}, "请填写开展情况"),
        ({"now": EVENING - timedelta(days=2)}, "活动日期还没到"),
    ],
)
def test_bad_records_change_nothing(committee, kwargs, error):
    before = snapshot()
    fields = {"participants": 10, "summary": "已开展", "now": EVENING} | kwargs
    with pytest.raises(ValidationFailed, match=error):
        services.activity_hold(activity_id=committee.ours.pk, actor=committee["metro"], **fields)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["bus", "department", "leader", "other_community", "grid_worker", "auditor"])
def test_only_the_centre_the_community_and_units_taking_part_record(committee, who):
    before = snapshot()
    with pytest.raises(NotPermitted):
        services.activity_hold(
            activity_id=committee.ours.pk, actor=committee[who], participants=5, summary="x", now=EVENING
        )
    assert snapshot() == before


def test_creating_checks_the_units_the_community_and_the_author(committee):
    street, kind = committee.street, ActivityType.objects.get(name="志愿服务")
    base = {
        "title": "站口文明引导",
        "type": kind,
        "date": date(2024, 4, 1),
        "place": "站口",
        "description": "引导",
    }
    before = snapshot()
    with pytest.raises(ValidationFailed, match="请至少选择一个共建单位"):
        services.activity_create(actor=street["community"], community=street.community, units=[], **base)
    with pytest.raises(ValidationFailed, match="不是共建单位"):
        services.activity_create(
            actor=street["community"], community=street.community, units=[street.housing], **base
        )
    with pytest.raises(NotPermitted, match="只能登记本社区"):
        services.activity_create(
            actor=street["community"], community=street.other_community, units=[street.metro], **base
        )
    with pytest.raises(NotPermitted, match="须有本单位参加"):
        services.activity_create(
            actor=committee["bus"], community=street.community, units=[street.metro], **base
        )
    for who in ("department", "leader", "property", "evaluator", "grid_worker"):
        with pytest.raises(NotPermitted):
            services.activity_create(
                actor=street[who], community=street.community, units=[street.metro], **base
            )
    assert snapshot() == before
    made = services.activity_create(
        actor=committee["bus"], community=street.community, units=[committee.bus], **base
    )
    assert made.status == S.PLANNED and list(made.units.all()) == [committee.bus]
    assert (
        activity(street["dispatcher"], street.other_community, [street.metro, committee.bus]).units.count()
        == 2
    )
