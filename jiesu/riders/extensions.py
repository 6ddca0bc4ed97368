"""What the riders' app adds to pages it does not own: the station place kind (posters), menu links,
workbench tiles, report sections and the panel beside an order (registered in apps.py)."""

from datetime import date

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.extensions import ReportSection, Tile
from jiesu.public.places import Place, PlaceKind
from jiesu.riders.models import BenefitUse, RestStation, RiderReport
from jiesu.riders.selectors import AWAITING, CONFIRMED, benefit_list, report_confirmed, rider_shown_name
from jiesu.workorders.models import Channel


# -- the station as a place on posters -----------------------------------------------------------
def station_place(station: RestStation) -> Place:
    return Place(
        kind="s",
        pk=station.pk,
        label=f"小憩驿站 {station.name}",
        community=station.community,
        compound=station.compound,
        address_text=f"{station.community.name}{station.address}",
        extras={"station": station},
    )


def _station_load(pk: int) -> Place | None:
    station = RestStation.objects.select_related("community", "compound").filter(pk=pk, status="open").first()
    return station_place(station) if station else None


STATION_KIND = PlaceKind(
    letter="s",
    label="小憩驿站",
    load=_station_load,
    objects=lambda: (
        RestStation.objects.filter(status="open").select_related("community", "compound").order_by("id")
    ),
    place_of=station_place,
    url_name="riders_public_station",
    poster_title="小憩驿站  骑手之家",
    poster_lines=(
        "快递、外卖小哥：歇歇脚，喝口水，充个电。",
        "扫码查看驿站地图、办理暖心卡，路上发现隐患随手报（小哥说事）。",
        "紧急情况请直接拨打 110、119、120。",
    ),
)


# -- workbench tiles ------------------------------------------------------------------------------
def _month_start() -> date:
    return timezone.localdate().replace(day=1)


def rider_tiles(user) -> list[Tile]:
    tiles = []
    if access.can(user, "verify", RestStation):
        month = _month_start()
        count = benefit_list(user=user, filters={"month": month}).count()
        url = f"{reverse('riders_benefits')}?month={month:%Y-%m}"
        tiles.append(Tile("本月暖心卡核验", count, url, group="小憩驿站"))
    if access.can(user, "confirm", RiderReport):
        count = access.scope(user, RiderReport).filter(AWAITING).count()
        tiles.append(
            Tile(
                "小哥说事待确认",
                count,
                f"{reverse('riders_reports')}?state=awaiting",
                "warn",
                group="群众参与",
            )
        )
    return tiles


# -- figures on /insight/ and in the monthly report ------------------------------------------------
def _stations_in(scope) -> list | None:
    stations = RestStation.objects.all()
    if not scope.street_wide:
        if scope.community_id is None:
            return None
        stations = stations.filter(community_id=scope.community_id)
    if scope.pick_community:
        stations = stations.filter(community_id=scope.pick_community)
    return list(stations.order_by("community_id", "id"))


def benefits_section(*, scope, start: date, end: date) -> ReportSection | None:
    stations = _stations_in(scope)
    if stations is None:
        return None
    uses, riders, everyone = {}, {}, set()
    pairs = (
        BenefitUse.objects.filter(station__in=stations, used_at__date__gte=start, used_at__date__lte=end)
        .values("station_id", "rider_id")
        .annotate(uses=Count("id"))
        .order_by()
    )
    for pair in pairs:  # one row per station and rider: uses, riders per station and overall at once
        uses[pair["station_id"]] = uses.get(pair["station_id"], 0) + pair["uses"]
        riders[pair["station_id"]] = riders.get(pair["station_id"], 0) + 1
        everyone.add(pair["rider_id"])
    rows = [[s.name, s.community.name, uses.get(s.pk, 0), riders.get(s.pk, 0)] for s in stations]
    rows.sort(key=lambda row: -row[2])
    total = [["合计", "", sum(r[2] for r in rows), len(everyone)]] if rows else []
    return ReportSection(
        key="riders_benefits",
        title="小憩驿站暖心卡使用",
        columns=["驿站", "社区", "使用次数", "骑手人数"],
        rows=rows + total,
        note="期间内驿站工作人员核验暖心卡并登记的权益使用次数；骑手人数按卡去重。",
        link=reverse("riders_benefits"),
    )


def reports_section(*, scope, start: date, end: date) -> ReportSection | None:
    if scope.empty:
        return None
    reports = RiderReport.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    if not scope.street_wide:
        if scope.community_id is None:
            return None
        reports = reports.filter(order__community_id=scope.community_id)
    if scope.pick_community:
        reports = reports.filter(order__community_id=scope.pick_community)
    figures = reports.aggregate(
        total=Count("id"), confirmed=Count("id", filter=CONFIRMED), riders=Count("rider_id", distinct=True)
    )
    total, confirmed = figures["total"], figures["confirmed"]
    return ReportSection(
        key="riders_reports",
        title="小哥说事（骑手随手报）",
        columns=["上报件数", "确认有效", "有效占比", "参与骑手"],
        rows=[[total, confirmed, (confirmed / total) if total else None, figures["riders"]]],
        note="确认有效：派单员确认，或未判定但已派单并办结；判定无效和被合并的不计。",
        link=reverse("riders_reports"),
        percent_columns={2},
    )


# -- beside an order of channel 小哥说事 ----------------------------------------------------------
def report_panel(request, order) -> str | None:
    if order.channel != Channel.RIDER:  # no query for the other channels' orders
        return None
    report = RiderReport.objects.filter(order_id=order.pk).select_related("rider").first()
    if report is None or not access.can(request.user, "view", report):
        return None
    context = {
        "report": report,
        "rider_name": rider_shown_name(report.rider) if report.rider else "未办卡骑手",
        "confirmed": report_confirmed(report),
        "can_judge": access.can(request.user, "confirm", report),
        "next": request.get_full_path(),
    }
    return render_to_string("riders/_panel.html", context, request=request)
