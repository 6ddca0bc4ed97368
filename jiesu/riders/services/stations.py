"""Rest stations: created and changed by the centre or their community; staff assigned."""

from django.db import transaction

from jiesu.accounts import access
from jiesu.accounts.models import Role, User
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.riders.geo import valid_point
from jiesu.riders.models import RestStation, RiderEvent, RiderEventKind
from jiesu.riders.states import STATION, StationAction

BAD_POINT = "请填写正确的经纬度（WGS-84，例如 39.99, 116.48）。"
EDITABLE = {
    "name",
    "host_name",
    "host_kind",
    "community",
    "compound",
    "address",
    "lat",
    "lng",
    "hours",
    "has_water",
    "has_charging",
    "has_microwave",
    "has_toilet",
    "has_seats",
    "benefits",
    "phone",
}


def _check(values: dict) -> None:
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValidationFailed(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    if ("lat" in values or "lng" in values) and not valid_point(values.get("lat"), values.get("lng")):
        raise ValidationFailed(BAD_POINT)
    compound, community = values.get("compound"), values.get("community")
    if compound is not None and community is not None and compound.community_id != community.pk:
        raise ValidationFailed("所选小区不属于所选社区。")
    if "name" in values and not str(values["name"]).strip():
        raise ValidationFailed("请填写驿站名称。")


def station_create(*, actor, values: dict) -> RestStation:
    if values.get("community") is None:
        raise ValidationFailed("请选择驿站所属社区。")
    _check(values)
    access.ensure(actor, "create", RestStation, "您无权新建驿站。")
    station = RestStation(**values)
    access.ensure(actor, "change", station, "只能在本社区新建驿站。")
    if RestStation.objects.filter(name=station.name).exists():
        raise ValidationFailed("已有同名驿站。")
    with transaction.atomic():
        station.save()
        event_record(
            RiderEvent,
            kind=RiderEventKind.STATION_CREATED,
            actor=actor,
            new={key: value for key, value in values.items()},
            station=station,
        )
    return station


def _locked(station_id: int) -> RestStation:
    station = RestStation.objects.select_for_update().filter(pk=station_id).first()
    if station is None:
        raise ValidationFailed("驿站不存在。")
    return station


def station_update(*, station_id: int, actor, changes: dict, note: str = "") -> RestStation:
    _check(changes)
    with transaction.atomic():
        station = _locked(station_id)
        STATION.target(StationAction.CHANGE, station.status)
        access.ensure(actor, "change", station, "您无权修改该驿站。")
        merged_community = changes.get("community", station.community)
        merged_compound = changes.get("compound", station.compound)
        if merged_compound is not None and merged_compound.community_id != merged_community.pk:
            raise ValidationFailed("所选小区不属于所选社区。")
        if not valid_point(changes.get("lat", station.lat), changes.get("lng", station.lng)):
            raise ValidationFailed(BAD_POINT)
        old, new = {}, {}
        for field, value in changes.items():
            if getattr(station, field) != value:
                old[field], new[field] = getattr(station, field), value
                setattr(station, field, value)
        if not new:
            return station
        access.ensure(actor, "change", station, "不能把驿站移到其他社区。")
        if "name" in new and RestStation.objects.filter(name=station.name).exclude(pk=station.pk).exists():
            raise ValidationFailed("已有同名驿站。")
        station.save()
        event_record(
            RiderEvent,
            kind=RiderEventKind.STATION_CHANGED,
            actor=actor,
            old=old,
            new=new,
            note=note,
            station=station,
        )
    return station


def _move(*, station_id: int, actor, action: str, note: str) -> RestStation:
    with transaction.atomic():
        station = _locked(station_id)
        target = STATION.target(action, station.status)
        access.ensure(actor, action, station, "您无权停用或恢复该驿站。")
        old = station.status
        station.status = target
        station.save(update_fields=["status", "updated_at"])
        event_record(
            RiderEvent,
            kind=action,
            actor=actor,
            old={"status": old},
            new={"status": target},
            note=note,
            station=station,
        )
    return station


def station_close(*, station_id: int, actor, note: str = "") -> RestStation:
    return _move(station_id=station_id, actor=actor, action=StationAction.CLOSE, note=note)


def station_reopen(*, station_id: int, actor, note: str = "") -> RestStation:
    return _move(station_id=station_id, actor=actor, action=StationAction.REOPEN, note=note)


def station_staff_set(*, station_id: int, actor, user_ids: list[int]) -> RestStation:
    """Who works at the station (驿站工作人员 accounts only); they verify cards there."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    if len(users) != len(set(user_ids)) or any(user.role != Role.STATION_STAFF for user in users):
        raise ValidationFailed("只能指定“驿站工作人员”角色的有效账号。")
    with transaction.atomic():
        station = _locked(station_id)
        access.ensure(actor, "assign_staff", station, "您无权调整该驿站的工作人员。")
        before = sorted(station.staff.values_list("pk", flat=True))
        after = sorted(user.pk for user in users)
        if before == after:
            return station
        station.staff.set(users)
        event_record(
            RiderEvent,
            kind=RiderEventKind.STAFF_CHANGED,
            actor=actor,
            old={"staff": before},
            new={"staff": after},
            station=station,
        )
    return station
