"""共建单位's figures on /insight/ and in the monthly report (`core.extensions.report_sections`).

Per co-building unit in the viewer's scope: joint activities held in the period, their
participants, and the whistles it checked in to in the period (read from jiesu.whistles)."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from jiesu.cobuilding.models import CobuildingProfile, JointActivity
from jiesu.cobuilding.states import ActivityStatus
from jiesu.core.extensions import ReportSection
from jiesu.whistles.figures import scope_empty
from jiesu.whistles.models import Summons


def activities_section(*, scope, start: date, end: date) -> ReportSection | None:
    if scope_empty(scope):
        return None
    activities = JointActivity.objects.filter(status=ActivityStatus.HELD, date__range=(start, end))
    tz = timezone.get_current_timezone()
    summonses = Summons.objects.filter(
        checked_in_at__gte=datetime.combine(start, time.min, tz),
        checked_in_at__lt=datetime.combine(end + timedelta(days=1), time.min, tz),
    )
    profiles = CobuildingProfile.objects.select_related("unit", "community")
    if not scope.street_wide:
        profiles = profiles.filter(Q(unit_id__in=scope.unit_ids) | Q(community_id=scope.community_id))
        if scope.community_id is not None:
            activities = activities.filter(Q(community_id=scope.community_id) | Q(units__in=scope.unit_ids))
            summonses = summonses.filter(
                Q(whistle__community_id=scope.community_id) | Q(unit_id__in=scope.unit_ids)
            )
        else:
            activities = activities.filter(units__in=scope.unit_ids)
            summonses = summonses.filter(unit_id__in=scope.unit_ids)
    if scope.pick_community:
        activities = activities.filter(community_id=scope.pick_community)
        summonses = summonses.filter(whistle__community_id=scope.pick_community)
    if scope.pick_unit:
        profiles = profiles.filter(unit_id=scope.pick_unit)
    profiles = list(profiles.order_by("unit__name"))
    if not profiles:
        return None  # no co-building unit in the viewer's scope: nothing to show
    held = {
        row["units"]: row
        for row in activities.distinct()
        .values("units")
        .annotate(n=Count("id", distinct=True), people=Sum("participants"))
    }
    answered = dict(summonses.values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    rows = []
    for profile in profiles:
        row = held.get(profile.unit_id, {})
        if row or answered.get(profile.unit_id) or scope.street_wide:
            rows.append(
                [
                    profile.unit.name,
                    profile.community.name if profile.community else "",
                    row.get("n", 0),
                    row.get("people") or 0,
                    answered.get(profile.unit_id, 0),
                ]
            )
    return ReportSection(
        key="cobuilding_activities",
        title="共建单位·联建活动",
        columns=["共建单位", "结对社区", "开展活动", "参与人次", "应召报到"],
        rows=rows,
        note="按活动日期统计已开展的联建活动；应召报到为本期在吹哨报到中报到的次数。"
        if rows
        else "本期没有联建活动。",
        link=reverse("activity_list"),
    )
