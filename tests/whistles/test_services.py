"""A whistle's life through its services: the allowed path, the refused moves, the rights, bad input."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from jiesu.core.errors import ConcurrentChange, NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.core.models import Photo
from jiesu.whistles import services
from jiesu.whistles.models import Summons, Whistle, WhistleEvent, WhistleLink
from jiesu.whistles.states import SummonsStatus, WhistleStatus
from tests.factories import WorkOrderFactory
from tests.whistles.conftest import MORNING, at, blow, jpeg

pytestmark = pytest.mark.django_db
S, W = SummonsStatus, WhistleStatus


def summons_of(whistle: Whistle, unit) -> Summons:
    return Summons.objects.get(whistle=whistle, unit=unit)


def kinds(whistle: Whistle) -> list[str]:
    return list(whistle.events.order_by("id").values_list("kind", flat=True))


def snapshot() -> tuple:
    return (
        [model_to_dict(w) for w in Whistle.objects.order_by("id")],
        [model_to_dict(s) for s in Summons.objects.order_by("id")],
        WhistleEvent.objects.count(),
        WhistleLink.objects.count(),
        Photo.objects.count(),
    )


def test_a_whistle_from_blowing_to_the_double_evaluation(street, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # given 甲社区 blows about a leak (urgent: 4 working hours), with a photo and the order it is about
    order = WorkOrderFactory(community=street.community, compound=street.compound)
    whistle = blow(street, links=[order], photos=[jpeg()])
    housing, water = summons_of(whistle, street.housing), summons_of(whistle, street.water)
    assert whistle.number.startswith("CS20240312") and whistle.status == W.BLOWN
    assert whistle.building.number == "5" and whistle.check_in_hours == 4
    assert housing.check_in_due == at("2024-03-12 13:00") == water.check_in_due
    assert WhistleLink.objects.get(whistle=whistle).object_id == order.pk
    assert Photo.objects.filter(object_id=whistle.pk, role="现场").count() == 1

    # when 住建委 checks in on site in time, and the water company late and by phone
    services.summons_check_in(
        summons_id=housing.pk,
        actor=street["department"],
        on_site=True,
        person="王工",
        now=at("2024-03-12 10:30"),
    )
    assert Whistle.objects.get(pk=whistle.pk).status == W.HANDLING
    services.summons_check_in(
        summons_id=water.pk, actor=street["water"], on_site=False, now=at("2024-03-13 09:30")
    )
    housing, water = summons_of(whistle, street.housing), summons_of(whistle, street.water)
    assert (housing.status, housing.on_time, housing.on_site, housing.check_in_person) == (
        S.CHECKED_IN,
        True,
        True,
        "王工",
    )
    assert housing.check_in_working_hours == 1.5
    assert (water.on_time, water.on_site, water.check_in_person) == (False, False, "钱水务")
    assert water.check_in_working_hours == 9.5  # 09:00–17:30 (8.5 h) + 08:30–09:30 (1 h)

    # both report; the community sends the water company back once, then confirms both
    services.summons_report(
        summons_id=housing.pk,
        actor=street["department"],
        measures="屋面防水修补",
        result="已修复",
        photos=[jpeg((10, 200, 10))],
        now=at("2024-03-14 15:00"),
    )
    assert Whistle.objects.get(pk=whistle.pk).status == W.HANDLING  # the water company still works
    services.summons_report(
        summons_id=water.pk,
        actor=street["water"],
        measures="排查管线",
        result="非管线漏水",
        now=at("2024-03-14 16:00"),
    )
    assert Whistle.objects.get(pk=whistle.pk).status == W.CONFIRMING
    services.summons_send_back(summons_id=water.pk, actor=street["community"], reason="请配合查明水源")
    assert Whistle.objects.get(pk=whistle.pk).status == W.HANDLING
    services.summons_confirm(summons_id=housing.pk, actor=street["community"])
    services.summons_report(summons_id=water.pk, actor=street["water"], measures="关闭阀门", result="已止漏")
    services.summons_confirm(summons_id=water.pk, actor=street["community"], note="问题解决")
    whistle.refresh_from_db()
    assert whistle.status == W.SOLVED and whistle.solved_at is not None

    # double evaluation: the community rates each unit, each unit rates the whistle
    services.summons_rate_unit(
        summons_id=housing.pk, actor=street["community"], on_time=5, effective=5, satisfied=4
    )
    services.summons_rate_unit(
        summons_id=water.pk, actor=street["community"], on_time=2, effective=4, satisfied=3
    )
    services.summons_rate_whistle(summons_id=housing.pk, actor=street["department"], reasonable=True)
    services.summons_rate_whistle(
        summons_id=water.pk, actor=street["water"], reasonable=False, reason="属于物业维修范围"
    )
    housing, water = summons_of(whistle, street.housing), summons_of(whistle, street.water)
    assert housing.rating_mean == pytest.approx(14 / 3) and water.send_backs == 1
    assert (water.whistle_reasonable, water.whistle_reason) == (False, "属于物业维修范围")
    assert Photo.objects.filter(object_id=housing.pk, role="处置后").count() == 1

    # every step is one event, in order, with who did it
    assert kinds(whistle) == [
        "blown",
        "check_in",
        "check_in",
        "report",
        "report",
        "send_back",
        "confirm",
        "report",
        "confirm",
        "rate_unit",
        "rate_unit",
        "rate_whistle",
        "rate_whistle",
    ]
    solve = whistle.events.get(kind="confirm", summons=water)
    assert solve.old == {"status": "reported", "whistle_status": "confirming"}
    assert solve.new["whistle_status"] == "solved" and solve.actor == street["community"]
    assert solve.actor_unit == street.community_unit


def test_forbidden_moves_change_nothing(street):
    whistle = blow(street)
    housing = summons_of(whistle, street.housing)
    before = snapshot()
    refusals = [
        lambda: services.summons_report(
            summons_id=housing.pk, actor=street["department"], measures="x", result="y"
        ),
        lambda: services.summons_confirm(summons_id=housing.pk, actor=street["community"]),
        lambda: services.summons_send_back(summons_id=housing.pk, actor=street["community"], reason="x"),
        lambda: services.summons_rate_unit(
            summons_id=housing.pk, actor=street["community"], on_time=5, effective=5, satisfied=5
        ),
        lambda: services.summons_rate_whistle(
            summons_id=housing.pk, actor=street["department"], reasonable=True
        ),
    ]
    for refuse in refusals:
        with pytest.raises(TransitionNotAllowed, match="当前状态为「待报到」"):
            refuse()
    assert snapshot() == before

    services.summons_check_in(summons_id=housing.pk, actor=street["department"], on_site=True)
    with pytest.raises(TransitionNotAllowed, match="当前状态为「已报到」，不能执行「报到」"):
        services.summons_check_in(summons_id=housing.pk, actor=street["department2"], on_site=True)

    services.whistle_cancel(whistle_id=whistle.pk, actor=street["community"], reason="重复吹哨")
    whistle.refresh_from_db()
    assert whistle.status == W.CANCELLED
    assert set(whistle.summonses.values_list("status", flat=True)) == {S.WITHDRAWN}
    before = snapshot()
    with pytest.raises(TransitionNotAllowed, match="「已撤销」，不能执行「追加召集」"):
        services.whistle_summon_more(whistle_id=whistle.pk, actor=street["community"], units=[street.metro])
    with pytest.raises(TransitionNotAllowed):
        services.summons_report(summons_id=housing.pk, actor=street["department"], measures="x", result="y")
    assert snapshot() == before


@pytest.mark.parametrize(
    "who, step",
    [
        ("water", "check_in"),  # another summoned unit cannot check in for 住建委
        ("bystander", "check_in"),
        ("community", "check_in"),  # the community does not check in for a unit
        ("dispatcher", "check_in"),
        ("leader", "check_in"),
        ("other_community", "cancel"),
        ("department", "cancel"),
        ("leader", "cancel"),
        ("grid_worker", "cancel"),
        ("department", "withdraw"),
    ],
)
def test_only_the_right_side_may_act(street, who, step):
    whistle = blow(street)
    housing = summons_of(whistle, street.housing)
    before = snapshot()
    with pytest.raises(NotPermitted):
        if step == "check_in":
            services.summons_check_in(summons_id=housing.pk, actor=street[who], on_site=True)
        elif step == "cancel":
            services.whistle_cancel(whistle_id=whistle.pk, actor=street[who], reason="不需要了")
        else:
            services.summons_withdraw(summons_id=housing.pk, actor=street[who], reason="不需要了")
    assert snapshot() == before


def test_the_centre_acts_for_the_community_and_property_staff_for_their_projects(street):
    whistle = blow(street, actor=street["dispatcher"], units=[street.project, street.housing])
    project = summons_of(whistle, street.project)
    services.summons_check_in(summons_id=project.pk, actor=street["property"], on_site=True)
    services.summons_report(summons_id=project.pk, actor=street["property"], measures="清掏", result="已疏通")
    services.summons_confirm(summons_id=project.pk, actor=street["dispatcher"])
    assert summons_of(whistle, street.project).status == S.SOLVED
    assert whistle.blown_by_unit is None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": "  "}, "请填写事项"),
        ({"description": ""}, "请填写情况说明"),
        ({"urgency": "someday"}, "请选择紧急程度"),
        ({"units": []}, "请至少选择一个召集单位"),
        ({"building_number": "99"}, "没有 99 号楼"),
        ({"title": "长" * 101}, "不能超过 100 个字"),
    ],
)
def test_bad_input_is_refused_clearly_and_writes_nothing(street, change, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = snapshot()
    with pytest.raises(ValidationFailed, match=message):
        blow(street, photos=[jpeg()], **change)
    assert snapshot() == before
    assert not any(tmp_path.rglob("*.jpg"))


def test_a_bad_photo_or_an_unsummonable_unit_or_a_foreign_place_is_refused(street):
    before = snapshot()
    with pytest.raises(ValidationFailed, match="无法识别"):
        blow(street, photos=[SimpleUploadedFile("a.jpg", b"%PDF not a photo")])
    with pytest.raises(ValidationFailed, match="不能被召集"):
        blow(street, units=[street.community_unit])
    with pytest.raises(ValidationFailed, match="不能被召集"):
        blow(street, units=[street.company])  # the company's projects are summoned, not its head office
    foreign = street.other_community.compounds.get()
    with pytest.raises(ValidationFailed, match="不属于甲社区"):
        blow(street, compound=foreign, building_number="")
    with pytest.raises(NotPermitted, match="只能为本社区吹哨"):
        blow(street, community=street.other_community, compound=None, building_number="")
    with pytest.raises(NotPermitted):
        blow(street, actor=street["department"])
    assert snapshot() == before


def test_an_order_outside_the_blowers_scope_cannot_be_linked(street):
    foreign = WorkOrderFactory(community=street.other_community)
    before = snapshot()
    with pytest.raises(ValidationFailed, match="不在您的权限范围内"):
        blow(street, links=[foreign])
    assert snapshot() == before
    whistle = blow(street)
    own = WorkOrderFactory(community=street.community)
    services.whistle_link(whistle_id=whistle.pk, actor=street["community"], objects=[own])
    with pytest.raises(ValidationFailed, match="已经关联过了"):
        services.whistle_link(whistle_id=whistle.pk, actor=street["community"], objects=[own])
    assert kinds(whistle) == ["blown", "link"]


def test_summoning_more_units_and_withdrawing_one(street):
    whistle = blow(street, units=[street.housing])
    services.whistle_summon_more(
        whistle_id=whistle.pk,
        actor=street["community"],
        units=[street.metro],
        now=MORNING + timedelta(hours=2),
    )
    metro = summons_of(whistle, street.metro)
    assert metro.check_in_due == at("2024-03-12 15:00")  # its own clock starts at 11:00
    with pytest.raises(ValidationFailed, match="已在召集之列"):
        services.whistle_summon_more(whistle_id=whistle.pk, actor=street["community"], units=[street.metro])

    housing = summons_of(whistle, street.housing)
    services.summons_check_in(summons_id=housing.pk, actor=street["department"], on_site=True)
    services.summons_report(
        summons_id=housing.pk, actor=street["department"], measures="修补", result="已修复"
    )
    services.summons_confirm(summons_id=housing.pk, actor=street["community"])
    assert Whistle.objects.get(pk=whistle.pk).status == W.HANDLING  # the metro has not come

    # releasing the metro leaves only solved units: the whistle is solved in the same step
    services.summons_withdraw(summons_id=metro.pk, actor=street["community"], reason="与地铁无关")
    assert Whistle.objects.get(pk=whistle.pk).status == W.SOLVED
    event = whistle.events.latest("id")
    assert (event.kind, event.new) == ("withdraw", {"status": "withdrawn", "whistle_status": "solved"})
    with pytest.raises(TransitionNotAllowed):
        services.summons_withdraw(summons_id=housing.pk, actor=street["community"], reason="x")


def test_the_last_unit_cannot_be_withdrawn(street):
    whistle = blow(street, units=[street.housing])
    before = snapshot()
    with pytest.raises(ValidationFailed, match="最后一个召集单位"):
        services.summons_withdraw(
            summons_id=summons_of(whistle, street.housing).pk, actor=street["community"], reason="x"
        )
    assert snapshot() == before


def test_ratings_are_given_once_and_checked(street):
    whistle = blow(street, units=[street.housing])
    housing = summons_of(whistle, street.housing)
    services.summons_check_in(summons_id=housing.pk, actor=street["department"], on_site=True)
    with pytest.raises(ValidationFailed, match="请填写理由"):
        services.summons_rate_whistle(summons_id=housing.pk, actor=street["department"], reasonable=False)
    services.summons_rate_whistle(summons_id=housing.pk, actor=street["department"], reasonable=True)
    with pytest.raises(TransitionNotAllowed, match="不能重复评价"):
        services.summons_rate_whistle(
            summons_id=housing.pk, actor=street["department"], reasonable=False, reason="x"
        )
    services.summons_report(
        summons_id=housing.pk, actor=street["department"], measures="修补", result="已修复"
    )
    services.summons_confirm(summons_id=housing.pk, actor=street["community"])
    with pytest.raises(ValidationFailed, match="1 到 5 分"):
        services.summons_rate_unit(
            summons_id=housing.pk, actor=street["community"], on_time=6, effective=5, satisfied=5
        )
    with pytest.raises(NotPermitted):
        services.summons_rate_unit(
            summons_id=housing.pk, actor=street["department"], on_time=5, effective=5, satisfied=5
        )
    services.summons_rate_unit(
        summons_id=housing.pk, actor=street["community"], on_time=5, effective=5, satisfied=5
    )
    before = snapshot()
    with pytest.raises(TransitionNotAllowed, match="不能重复评价"):
        services.summons_rate_unit(
            summons_id=housing.pk, actor=street["community"], on_time=1, effective=1, satisfied=1
        )
    assert snapshot() == before


def test_a_stale_version_must_refresh(street):
    whistle = blow(street)
    housing = summons_of(whistle, street.housing)
    services.summons_check_in(
        summons_id=housing.pk, actor=street["department"], on_site=True, expected_version=1
    )
    with pytest.raises(ConcurrentChange, match="该吹哨已被他人修改"):
        services.summons_report(
            summons_id=housing.pk, actor=street["department"], measures="x", result="y", expected_version=1
        )
    with pytest.raises(ConcurrentChange):
        services.whistle_cancel(
            whistle_id=whistle.pk, actor=street["community"], reason="x", expected_version=1
        )
    assert Whistle.objects.get(pk=whistle.pk).version == 2
