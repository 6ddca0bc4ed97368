"""Lifecycles through the services: stations, cards and benefits, reports and their points."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.public.models import EverydayCategory, Submission
from jiesu.public.selectors import submission_find
from jiesu.riders.models import BenefitUse, CardStatus, RestStation, Rider, RiderEvent, RiderReport, Verdict
from jiesu.riders.selectors import ranking, rider_points, stations_public
from jiesu.riders.services import (
    benefit_record,
    rider_card_replace,
    rider_card_revoke,
    rider_register,
    rider_report_create,
    rider_report_judge,
    station_close,
    station_create,
    station_reopen,
    station_staff_set,
    station_update,
)
from jiesu.riders.services.cards import rider_by_card
from jiesu.workorders import services as orders
from jiesu.workorders.models import Channel, WorkOrder
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot(station: RestStation) -> tuple:
    station.refresh_from_db()
    return station.status, station.name, RiderEvent.objects.filter(station=station).count()


# -- stations ------------------------------------------------------------------------------------
def test_a_station_is_created_changed_closed_and_reopened_with_one_event_each(riders):
    station = station_create(
        actor=riders.community_user,
        values={
            "name": "新驿站",
            "host_name": "建设银行",
            "community": riders.north.community,
            "address": "北湖路1号",
            "lat": 39.99,
            "lng": 116.48,
        },
    )
    station_update(station_id=station.pk, actor=riders.community_user, changes={"hours": "08:00-20:00"})
    station_close(station_id=station.pk, actor=riders.dispatcher, note="装修")
    assert station.pk not in [n.station.pk for n in stations_public()]
    station_reopen(station_id=station.pk, actor=riders.dispatcher)
    kinds = list(RiderEvent.objects.filter(station=station).values_list("kind", flat=True))
    assert kinds == ["station_created", "station_changed", "close", "reopen"]
    changed = RiderEvent.objects.get(station=station, kind="station_changed")
    assert changed.old == {"hours": "09:00-21:00"} and changed.new == {"hours": "08:00-20:00"}


def test_forbidden_station_moves_change_nothing(riders):
    before = snapshot(riders.station)
    with pytest.raises(TransitionNotAllowed):
        station_reopen(station_id=riders.station.pk, actor=riders.dispatcher)  # it is open
    south_worker = UserFactory(role="community", unit=riders.south.community.unit)
    with pytest.raises(NotPermitted):
        station_close(station_id=riders.station.pk, actor=south_worker)
    with pytest.raises(NotPermitted):
        station_update(station_id=riders.station.pk, actor=riders.staff, changes={"name": "改名"})
    with pytest.raises(NotPermitted):
        station_update(
            station_id=riders.station.pk, actor=UserFactory(role="leader"), changes={"name": "改名"}
        )
    with pytest.raises(ValidationFailed):
        station_update(
            station_id=riders.station.pk, actor=riders.dispatcher, changes={"lat": 0.0, "lng": 0.0}
        )
    with pytest.raises(NotPermitted):  # a community worker cannot move a station into another community
        station_update(
            station_id=riders.station.pk,
            actor=riders.community_user,
            changes={"community": riders.south.community, "compound": None},
        )
    assert snapshot(riders.station) == before


def test_only_station_staff_accounts_are_assigned(riders):
    with pytest.raises(ValidationFailed):
        station_staff_set(
            station_id=riders.station.pk, actor=riders.dispatcher, user_ids=[riders.dispatcher.pk]
        )
    station_staff_set(
        station_id=riders.station.pk,
        actor=riders.dispatcher,
        user_ids=[riders.staff.pk, riders.other_staff.pk],
    )
    assert set(riders.station.staff.all()) == {riders.staff, riders.other_staff}


# -- cards and benefits --------------------------------------------------------------------------
def test_a_rider_registers_once_per_phone_and_the_code_is_not_stored(riders):
    card = rider_register(platform="meituan", phone="13700001111", nickname="王师傅", consent=True)
    assert rider_by_card(card.code.lower()) == card.rider
    assert card.code not in str(list(Rider.objects.values()))
    with pytest.raises(ValidationFailed, match="已办理暖心卡"):
        rider_register(platform="eleme", phone="137 0000 1111", consent=True)
    with pytest.raises(ValidationFailed, match="隐私说明"):
        rider_register(platform="eleme", phone="13700002222", consent=False)
    assert Rider.objects.count() == 1
    assert RiderEvent.objects.get(rider=card.rider).kind == "registered"


def test_a_station_records_a_benefit_once_per_day_for_valid_cards_only(riders):
    card = rider_register(platform="sf", phone="13700003333", consent=True)
    use = benefit_record(
        station_id=riders.station.pk, card_code=card.code, benefit="免费热水", actor=riders.staff
    )
    assert use.recorded_by == riders.staff and use.rider == card.rider
    with pytest.raises(ValidationFailed, match="今天已在本驿站使用过"):
        benefit_record(
            station_id=riders.station.pk, card_code=card.code, benefit="免费热水", actor=riders.staff
        )
    benefit_record(station_id=riders.station.pk, card_code=card.code, benefit="手机充电", actor=riders.staff)
    tomorrow = timezone.now() + timedelta(days=1)
    benefit_record(
        station_id=riders.station.pk, card_code=card.code, benefit="免费热水", actor=riders.staff, at=tomorrow
    )
    with pytest.raises(NotPermitted):  # another station's staff, or the centre, cannot record here
        benefit_record(
            station_id=riders.station.pk, card_code=card.code, benefit="手机充电", actor=riders.other_staff
        )
    with pytest.raises(NotPermitted):
        benefit_record(
            station_id=riders.station.pk, card_code=card.code, benefit="手机充电", actor=riders.dispatcher
        )
    with pytest.raises(ValidationFailed, match="本驿站提供的权益"):
        benefit_record(
            station_id=riders.station.pk, card_code=card.code, benefit="免费午餐", actor=riders.staff
        )
    with pytest.raises(ValidationFailed, match="暖心卡无效"):
        benefit_record(
            station_id=riders.station.pk, card_code="2222-3333-4444", benefit="手机充电", actor=riders.staff
        )
    assert BenefitUse.objects.count() == 3


def test_a_replaced_card_invalidates_the_old_code_and_a_revoked_card_gets_nothing(riders):
    card = rider_register(platform="jd", phone="13700004444", consent=True)
    with pytest.raises(NotPermitted):
        rider_card_replace(rider_id=card.rider.pk, actor=riders.staff)
    new = rider_card_replace(rider_id=card.rider.pk, actor=riders.dispatcher, note="手机丢失")
    assert rider_by_card(card.code) is None and rider_by_card(new.code) == card.rider
    rider_card_revoke(rider_id=card.rider.pk, actor=riders.dispatcher)
    with pytest.raises(TransitionNotAllowed):
        rider_card_revoke(rider_id=card.rider.pk, actor=riders.dispatcher)
    with pytest.raises(ValidationFailed, match="已停用"):
        benefit_record(
            station_id=riders.station.pk, card_code=new.code, benefit="免费热水", actor=riders.staff
        )
    assert Rider.objects.get().card_status == CardStatus.REVOKED
    assert list(RiderEvent.objects.filter(rider=card.rider).values_list("kind", flat=True)) == [
        "registered",
        "replace",
        "revoke",
    ]


def test_a_closed_station_records_no_benefit(riders):
    card = rider_register(platform="dada", phone="13700005555", consent=True)
    station_close(station_id=riders.station.pk, actor=riders.dispatcher)
    with pytest.raises(TransitionNotAllowed):
        benefit_record(
            station_id=riders.station.pk, card_code=card.code, benefit="免费热水", actor=riders.staff
        )


# -- 小哥说事 ---------------------------------------------------------------------------------------
def hazard() -> EverydayCategory:
    return EverydayCategory.objects.get(label="井盖缺失")


def report(riders, card=None, **values):
    defaults = dict(
        everyday=hazard(), content="路口井盖缺失，电动车容易掉进去。", phone="13700006666", consent=True
    )
    if card:
        defaults["card_code"] = card.code
    defaults.update(values)
    return rider_report_create(**defaults)


def test_a_map_point_near_a_compound_places_the_order_there_else_keeps_coordinates(riders):
    card = rider_register(platform="meituan", phone="13700006666", consent=True)
    near, receipt = report(riders, lat=39.9902, lng=116.4801)
    order = WorkOrder.objects.get(pk=near.order_id)
    assert order.channel == Channel.RIDER and order.compound == riders.north and near.rider == card.rider
    assert submission_find(code=receipt.code, last4="6666") == Submission.objects.get(order=order)
    far, _ = report(riders, lat=40.10, lng=116.60, place_text="高速辅路")
    far_order = WorkOrder.objects.get(pk=far.order_id)
    assert far_order.compound is None and "坐标 40.10000,116.60000" in far_order.address_text
    assert far.lat == 40.10


def test_a_report_needs_a_place_and_a_bad_point_saves_nothing(riders):
    with pytest.raises(ValidationFailed, match="请选择小区"):
        report(riders)
    with pytest.raises(ValidationFailed, match="定位坐标无效"):
        report(riders, lat=0.0, lng=0.0)
    assert not WorkOrder.objects.exists() and not RiderReport.objects.exists()


def _resolve(order_id, dispatcher):
    unit = UnitFactory(name=f"城管{order_id}")
    worker = UserFactory(role="department", unit=unit)
    orders.workorder_dispatch(order_id=order_id, actor=dispatcher, lead_unit=unit)
    orders.workorder_accept(order_id=order_id, actor=worker)
    orders.workorder_resolve(order_id=order_id, actor=worker, result="已补装井盖。")


def test_points_count_confirmed_reports_resolved_or_marked_valid_never_invalid(riders):
    keen = rider_register(platform="meituan", phone="13700006666", nickname="王小明", consent=True)
    other = rider_register(platform="eleme", phone="13700007777", consent=True)
    resolved, _ = report(riders, keen, compound=riders.north)
    marked, _ = report(riders, keen, compound=riders.north)
    waiting, _ = report(riders, keen, compound=riders.north)
    rejected, _ = report(riders, other, phone="13700007777", compound=riders.south)
    _resolve(resolved.order_id, riders.dispatcher)
    rider_report_judge(report_id=marked.pk, action="confirm", actor=riders.dispatcher)
    with pytest.raises(ValidationFailed, match="理由"):
        rider_report_judge(report_id=rejected.pk, action="reject", actor=riders.dispatcher)
    rider_report_judge(report_id=rejected.pk, action="reject", actor=riders.dispatcher, note="现场无此问题")
    _resolve(rejected.order_id, riders.dispatcher)  # a rejected report never counts, even resolved
    with pytest.raises(NotPermitted):
        rider_report_judge(report_id=waiting.pk, action="confirm", actor=riders.community_user)
    with pytest.raises(TransitionNotAllowed):
        rider_report_judge(report_id=marked.pk, action="confirm", actor=riders.dispatcher)

    assert rider_points(rider=keen.rider) == (2, 20)
    assert rider_points(rider=other.rider) == (0, 0)
    month = timezone.localdate().replace(day=1)
    rows = ranking(month=month)
    assert [(row.shown_name, row.confirmed, row.points) for row in rows] == [("王**", 2, 20)]
    assert RiderReport.objects.get(pk=waiting.pk).verdict == Verdict.PENDING
    assert ranking(month=date(2000, 1, 1)) == []
