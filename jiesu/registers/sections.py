"""点位台账's figures on /insight/ and in the monthly report (`core.extensions.report_sections`).

Per topic, for points registered in the period (cancelled ones left out): how many, how many
repaired, how many closed by a community revisit, the median days from registration to repair,
and how many are open past their revisit date now.
"""

from collections import defaultdict
from datetime import date, datetime, time
from statistics import median

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import ReportSection
from jiesu.registers.models import Point
from jiesu.registers.states import OPEN_POINT, PointStatus

NOTE = (
    "按登记时间统计（不含撤销）。已维修含已回访；登记至维修天数取中位数；"
    "逾期为截至今日未完成社区回访且已过应回访日期的点位。"
)


def scope_q(scope) -> Q | None:
    """Points the insight scope sees: street-wide all; else its community's, or the compounds its
    property units manage. None: nothing."""
    if scope.street_wide:
        q = Q()
    else:
        q = Q(register__compound__property_project_id__in=scope.unit_ids) if scope.unit_ids else Q(pk__in=[])
        if scope.community_id is not None:
            q |= Q(register__community_id=scope.community_id)
        if not scope.unit_ids and scope.community_id is None:
            return None
    if scope.pick_community:
        q &= Q(register__community_id=scope.pick_community)
    return q


def points_section(*, scope, start: date, end: date) -> ReportSection | None:
    q = scope_q(scope)
    if q is None:
        return None
    tz = timezone.get_current_timezone()
    window = (datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz))
    today = timezone.localdate()
    points = (
        Point.objects.filter(q, registered_at__range=window)
        .exclude(status=PointStatus.CANCELLED)
        .values_list("register__topic__name", "status", "registered_at", "repaired_at", "due_on")
    )
    rows: dict[str, list] = defaultdict(lambda: [0, 0, 0, [], 0])
    for topic, status, registered, repaired, due in points:
        row = rows[topic]
        row[0] += 1
        row[1] += repaired is not None or status == PointStatus.REVISITED
        row[2] += status == PointStatus.REVISITED
        if repaired is not None:
            row[3].append((repaired - registered).total_seconds() / 86400)
        row[4] += status in OPEN_POINT and due < today
    table = [
        [topic, n, repaired, closed, round(median(days), 1) if days else None, overdue]
        for topic, (n, repaired, closed, days, overdue) in sorted(rows.items())
    ]
    return ReportSection(
        key="register_points",
        title="点位台账",
        columns=["主题", "登记点位", "已维修", "已回访销号", "登记至维修(天,中位数)", "逾期未回访"],
        rows=table,
        note=NOTE if table else "本期没有登记点位。",
        link=reverse("register_index"),
    )
