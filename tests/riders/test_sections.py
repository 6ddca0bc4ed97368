"""Figures on /insight/ and in the monthly report against hand counts, per viewer's scope."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jiesu.insight.selectors.scope import Scope
from jiesu.public.models import EverydayCategory
from jiesu.riders.extensions import benefits_section, reports_section
from jiesu.riders.services import benefit_record, rider_register, rider_report_create, rider_report_judge

pytestmark = pytest.mark.django_db


def test_benefit_use_per_station_and_the_riders_behind_it(riders):
    a = rider_register(platform="meituan", phone="13600000001", consent=True)
    b = rider_register(platform="eleme", phone="13600000002", consent=True)
    for card, benefit in ((a, "免费热水"), (a, "手机充电"), (b, "免费热水")):
        benefit_record(station_id=riders.station.pk, card_code=card.code, benefit=benefit, actor=riders.staff)
    benefit_record(station_id=riders.other.pk, card_code=a.code, benefit="免费热水", actor=riders.other_staff)
    old = timezone.now() - timedelta(days=400)  # outside the period
    benefit_record(
        station_id=riders.other.pk, card_code=b.code, benefit="免费热水", actor=riders.other_staff, at=old
    )
    today = timezone.localdate()
    street = benefits_section(scope=Scope(street_wide=True), start=today.replace(day=1), end=today)
    assert street.rows == [["北湖驿站", "北湖社区", 3, 2], ["南苑驿站", "南苑社区", 1, 1], ["合计", "", 4, 2]]
    north = benefits_section(
        scope=Scope(street_wide=False, community_id=riders.north.community_id),
        start=today.replace(day=1),
        end=today,
    )
    assert north.rows == [["北湖驿站", "北湖社区", 3, 2], ["合计", "", 3, 2]]
    assert (
        benefits_section(scope=Scope(street_wide=False, unit_ids=frozenset({1})), start=today, end=today)
        is None
    )


def test_riders_reports_counted_and_confirmed(riders):
    card = rider_register(platform="meituan", phone="13600000003", consent=True)
    hazard = EverydayCategory.objects.get(label="井盖缺失")
    made = [
        rider_report_create(
            everyday=hazard,
            content="井盖缺失，非常危险。",
            phone="13600000003",
            consent=True,
            card_code=card.code,
            compound=compound,
        )[0]
        for compound in (riders.north, riders.north, riders.south)
    ]
    rider_report_judge(report_id=made[0].pk, action="confirm", actor=riders.dispatcher)
    rider_report_judge(report_id=made[2].pk, action="confirm", actor=riders.dispatcher)
    today = timezone.localdate()
    street = reports_section(scope=Scope(street_wide=True), start=today, end=today)
    assert street.rows == [[3, 2, 2 / 3, 1]]
    north = reports_section(
        scope=Scope(street_wide=False, community_id=riders.north.community_id), start=today, end=today
    )
    assert north.rows == [[2, 1, 0.5, 1]]
    assert reports_section(
        scope=Scope(street_wide=True), start=date(2000, 1, 1), end=date(2000, 1, 31)
    ).rows == [[0, 0, None, 0]]
