"""The ledger's life through its services: 专家点 → 现场查 → 立行改 → 回头看, with literal dates."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from jiesu.core.errors import ConcurrentChange, NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.core.models import Photo
from jiesu.core.photos import photos_of
from jiesu.evaluation import services
from jiesu.evaluation.models import LedgerEvent, LedgerItem, RectificationRule
from jiesu.evaluation.states import LEDGER, LedgerAction, LedgerStatus
from tests.evaluation.conftest import at, photo

pytestmark = pytest.mark.django_db


def snapshot(item: LedgerItem) -> dict:
    item = LedgerItem.objects.get(pk=item.pk)
    return {
        "item": model_to_dict(item),
        "events": list(item.events.values_list("kind", flat=True)),
        "photos": Photo.objects.count(),
    }


def verify(street, item, when=at(2024, 6, 4, 10), role="community", **extra):
    return services.ledger_item_verify(item_id=item.pk, actor=street.user(role), at=when, **extra)


def rectify(street, item, when=at(2024, 6, 18, 15), role="property", photos=None):
    return services.ledger_item_rectify(
        item_id=item.pk, actor=street.user(role), rectification="已清理通道并设置隔离桩", photos=photos or [photo()],
        at=when,
    )  # fmt: skip


def test_a_finding_walks_the_four_steps_and_each_step_is_one_event(street, item_a):
    # 专家点: pointed out by the evaluator, waiting for the on-site check
    assert item_a.status == LedgerStatus.POINTED
    assert (item_a.project, item_a.community, item_a.round) == (
        street.project_a, street.unit_a.community, item_a.inspection.round,
    )  # fmt: skip

    # 现场查 on Tuesday 2024-06-04: a minor finding gets 10 working days; 06-10 is 端午节
    item = verify(street, item_a, note="现场属实")
    assert item.status == LedgerStatus.RECTIFYING
    assert item.rectify_due == at(2024, 6, 19, 23, 59, 59)

    # 立行改 on 06-18 with a photo: on time; the look-back may start 15 days later
    item = rectify(street, item)
    assert item.status == LedgerStatus.RECTIFIED and not item.late
    assert item.lookback_due == date(2024, 7, 3)
    assert [p.role for p in photos_of(item)] == ["整改"]

    # 回头看 before the date is refused, on the date it closes the item
    with pytest.raises(TransitionNotAllowed, match="2024-07-03"):
        services.ledger_item_confirm(item_id=item.pk, actor=street.user("evaluator"), at=at(2024, 7, 2, 10))
    item = services.ledger_item_confirm(
        item_id=item.pk, actor=street.user("evaluator"), at=at(2024, 7, 3, 10)
    )
    assert item.status == LedgerStatus.CLOSED and item.closed_at == at(2024, 7, 3, 10)

    events = list(LedgerEvent.objects.filter(item=item).order_by("at", "id"))
    assert [e.kind for e in events] == ["point", "verify", "rectify", "confirm"]
    assert [e.actor for e in events] == [
        street.user("evaluator"), street.user("community"), street.user("property"), street.user("evaluator"),
    ]  # fmt: skip
    assert events[1].old["status"] == "pointed" and events[1].new["status"] == "rectifying"
    assert events[2].new["lookback_due"] == "2024-07-03" and events[2].note == "已清理通道并设置隔离桩"
    assert events[1].actor_unit == street.unit_a


def test_severity_rules_are_data_and_the_verifier_may_change_the_severity(street, item_a):
    RectificationRule.objects.filter(severity="serious").update(rectify_working_days=1, lookback_days=3)
    item = verify(street, item_a, severity="serious")
    assert item.severity == "serious" and item.rectify_due == at(2024, 6, 5, 23, 59, 59)
    item = rectify(street, item, when=at(2024, 6, 6, 9))
    assert item.late and item.lookback_due == date(2024, 6, 9)


def test_a_reopened_item_gets_a_new_deadline_and_counts_its_reopenings(street, item_a):
    item = rectify(street, verify(street, item_a))
    item = services.ledger_item_reopen(
        item_id=item.pk, actor=street.user("community"), note="通道又被占用", at=at(2024, 7, 5, 10)
    )
    assert item.status == LedgerStatus.RECTIFYING and item.reopen_count == 1
    assert item.rectify_due == at(2024, 7, 19, 23, 59, 59) and item.lookback_due is None
    item = rectify(street, item, when=at(2024, 7, 22, 10))
    assert item.late  # the second fix came after the new deadline


def test_dismissing_ends_the_item_without_a_rectification(street, item_a):
    with pytest.raises(ValidationFailed, match="不属实的理由"):
        services.ledger_item_dismiss(item_id=item_a.pk, actor=street.user("dispatcher"), note="  ")
    item = services.ledger_item_dismiss(item_id=item_a.pk, actor=street.user("dispatcher"), note="已不存在")
    assert item.status == LedgerStatus.DISMISSED and item.rectify_due is None


@pytest.mark.parametrize(
    ("reach", "action"),
    [
        ("pointed", LedgerAction.RECTIFY),
        ("pointed", LedgerAction.CONFIRM),
        ("pointed", LedgerAction.REOPEN),
        ("rectifying", LedgerAction.VERIFY),
        ("rectifying", LedgerAction.DISMISS),
        ("rectifying", LedgerAction.CONFIRM),
        ("rectified", LedgerAction.RECTIFY),
        ("closed", LedgerAction.REOPEN),
        ("closed", LedgerAction.VERIFY),
    ],
)
def test_a_forbidden_move_is_refused_in_chinese_and_changes_nothing(street, item_a, reach, action):
    item = item_a
    if reach != "pointed":
        item = verify(street, item)
    if reach in ("rectified", "closed"):
        item = rectify(street, item)
    if reach == "closed":
        item = services.ledger_item_confirm(
            item_id=item.pk, actor=street.user("evaluator"), at=at(2024, 7, 4, 9)
        )
    assert not LEDGER.is_allowed(action, item.status)
    before = snapshot(item)
    calls = {
        LedgerAction.VERIFY: lambda: verify(street, item, role="dispatcher"),
        LedgerAction.DISMISS: lambda: services.ledger_item_dismiss(
            item_id=item.pk, actor=street.user("dispatcher"), note="x"
        ),
        LedgerAction.RECTIFY: lambda: rectify(street, item),
        LedgerAction.CONFIRM: lambda: services.ledger_item_confirm(
            item_id=item.pk, actor=street.user("evaluator"), at=at(2024, 12, 1, 9)
        ),
        LedgerAction.REOPEN: lambda: services.ledger_item_reopen(
            item_id=item.pk, actor=street.user("evaluator"), note="x"
        ),
    }
    with pytest.raises(TransitionNotAllowed, match="不能执行"):
        calls[action]()
    assert snapshot(item) == before


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("dispatcher", True),
        ("centre_admin", True),
        ("community", True),
        ("community_b", False),  # the item is at a compound of community 甲
        ("leader", False),
        ("evaluator", False),
        ("property", False),
        ("grid_worker", False),
        ("department", False),
    ],
)
def test_who_may_check_on_site(street, item_a, role, allowed):
    if allowed:
        assert verify(street, item_a, role=role).status == LedgerStatus.RECTIFYING
    else:
        before = snapshot(item_a)
        with pytest.raises(NotPermitted):
            verify(street, item_a, role=role)
        assert snapshot(item_a) == before


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("property", True),
        ("property_c", False),
        ("community", False),
        ("dispatcher", False),
        ("evaluator", False),
    ],
)
def test_only_the_projects_own_staff_rectify(street, item_a, role, allowed):
    item = verify(street, item_a)
    if allowed:
        assert rectify(street, item, role=role).status == LedgerStatus.RECTIFIED
    else:
        before = snapshot(item)
        with pytest.raises(NotPermitted):
            rectify(street, item, role=role)
        assert snapshot(item) == before


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("evaluator", True), ("community", True), ("dispatcher", True), ("community_b", False), ("property", False),
     ("leader", False)],
)  # fmt: skip
def test_who_may_look_back(street, item_a, role, allowed):
    item = rectify(street, verify(street, item_a))
    later = at(2024, 7, 10, 10)
    if allowed:
        assert (
            services.ledger_item_confirm(item_id=item.pk, actor=street.user(role), at=later).status
            == "closed"
        )
    else:
        before = snapshot(item)
        with pytest.raises(NotPermitted):
            services.ledger_item_confirm(item_id=item.pk, actor=street.user(role), at=later)
        assert snapshot(item) == before


def test_a_rectification_needs_text_and_a_real_photo_and_bad_input_changes_nothing(street, item_a):
    item = verify(street, item_a)
    before = snapshot(item)
    with pytest.raises(ValidationFailed, match="至少一张"):
        services.ledger_item_rectify(
            item_id=item.pk, actor=street.user("property"), rectification="好了", photos=[]
        )
    with pytest.raises(ValidationFailed, match="整改情况"):
        services.ledger_item_rectify(
            item_id=item.pk, actor=street.user("property"), rectification=" ", photos=[photo()]
        )
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationFailed, match="无法识别"):
        services.ledger_item_rectify(
            item_id=item.pk, actor=street.user("property"), rectification="好了", photos=[photo(), fake]
        )
    with pytest.raises(ValidationFailed, match="最多"):
        services.ledger_item_rectify(
            item_id=item.pk, actor=street.user("property"), rectification="好了", photos=[photo()] * 7
        )
    assert snapshot(item) == before


def test_someone_elses_change_in_between_is_refused(street, item_a):
    seen = item_a.version
    verify(street, item_a)
    with pytest.raises(ConcurrentChange, match="已被他人处理"):
        services.ledger_item_dismiss(
            item_id=item_a.pk, actor=street.user("dispatcher"), note="x", expected_version=seen
        )


def test_a_finding_must_be_at_a_compound_of_the_inspected_project(street, round_q2):
    from tests.evaluation.conftest import point, start_inspection

    inspection = start_inspection(street, round_q2, street.project_a)
    with pytest.raises(ValidationFailed, match="本物业服务项目管理的小区"):
        point(street, inspection, street.compound_b)
    with pytest.raises(ValidationFailed, match="严重程度"):
        point(street, inspection, street.compound_a, severity="urgent")
    with pytest.raises(ValidationFailed, match="楼栋不在该小区"):
        services.ledger_item_point(
            inspection_id=inspection.pk, compound_id=street.compound_a.pk,
            building_id=street.compound_b.buildings.get().pk, description="x", severity="minor",
            actor=street.user("evaluator"),
        )  # fmt: skip
    with pytest.raises(NotPermitted):
        point_by = services.ledger_item_point
        point_by(
            inspection_id=inspection.pk, compound_id=street.compound_a.pk, description="x", severity="minor",
            actor=street.user("property"),
        )  # fmt: skip
    assert not LedgerItem.objects.exists()
    item = services.ledger_item_point(
        inspection_id=inspection.pk, compound_id=street.compound_a.pk, building_id=street.building_a.pk,
        description="5号楼灭火器过期", severity="major", actor=street.user("evaluator"), photos=[photo()],
    )  # fmt: skip
    assert item.place_name == "甲苑5号楼" and [p.role for p in photos_of(item)] == ["发现"]
    assert item.events.get().new["photos"] == [photos_of(item)[0].pk]
