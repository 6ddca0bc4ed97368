"""Writes of the volunteer service: each checks the actor, the state table, locks the row it
changes and writes one `VolunteerEvent` in the same transaction (`actor` is never None here:
every step is a person's)."""

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.audit.models import AuditKind
from jiesu.audit.services import audit_record
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.normalise import clean_line, clean_number
from jiesu.places.models import Community, Compound
from jiesu.volunteers.models import (
    NeedKind,
    Pairing,
    PairingStatus,
    Resident,
    ServiceMode,
    ServiceNature,
    ServiceRecord,
    Team,
    Visit,
    VisitWellbeing,
    Volunteer,
    VolunteerEvent,
    VolunteerEventKind,
    VolunteerKind,
)
from jiesu.volunteers.states import (
    PAIRING,
    RESIDENT,
    VOLUNTEER,
    PairingAction,
    ResidentAction,
    VolunteerAction,
)

MAX_HOURS = Decimal("24")
VOLUNTEER_FIELDS = ("name", "phone", "kind", "team", "community", "rider", "skills", "availability")
RESIDENT_FIELDS = ("name", "phone", "kind", "compound", "address", "needs", "visit_every_days")


def _text(value, *, label: str, limit: int, required: bool = True) -> str:
    value = clean_line(value)
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。")
    return value


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as bad:
        raise ValidationFailed("服务时长须为数字（小时）。") from bad
    if not Decimal("0") < hours <= MAX_HOURS:
        raise ValidationFailed("服务时长须大于 0 且不超过 24 小时。")
    return hours


def _day(value: date | None, *, label: str, today: date) -> date:
    if value is None:
        raise ValidationFailed(f"请填写{label}。")
    if value > today:
        raise ValidationFailed(f"{label}不能晚于今天。")
    return value


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, f"{name}_id" if hasattr(obj, f"{name}_id") else name) for name in fields}


# -- volunteers -----------------------------------------------------------------------------------
def _volunteer_values(values: dict) -> dict:
    values = dict(values)
    values["name"] = _text(values.get("name"), label="姓名", limit=30)
    values["phone"] = clean_number(values.get("phone") or "")[:20]
    if values.get("kind") not in VolunteerKind.values:
        raise ValidationFailed("请选择志愿者身份。")
    if not isinstance(values.get("team"), Team):
        raise ValidationFailed("请选择所属队伍。")
    if not isinstance(values.get("community"), Community):
        raise ValidationFailed("请选择所在社区。")
    if values["kind"] == VolunteerKind.RIDER and values.get("rider") is None:
        raise ValidationFailed("骑手志愿者须关联其暖心卡。")
    if values["kind"] != VolunteerKind.RIDER:
        values["rider"] = None
    values["skills"] = _text(values.get("skills"), label="技能特长", limit=200, required=False)
    values["availability"] = _text(values.get("availability"), label="可服务时间", limit=100, required=False)
    return values


def volunteer_create(
    *, actor, values: dict, joined_on: date | None = None, now: datetime | None = None
) -> Volunteer:
    values = _volunteer_values(values)
    access.ensure(actor, "create", Volunteer(community=values["community"]), "只能为本社区登记志愿者。")
    now = now or timezone.now()
    rider = values.get("rider")
    if rider is not None and Volunteer.objects.filter(rider=rider).exists():
        raise ValidationFailed("该骑手已登记为志愿者。")
    with transaction.atomic():
        volunteer = Volunteer.objects.create(**values, joined_on=joined_on or timezone.localdate(now))
        event_record(
            VolunteerEvent,
            kind=VolunteerEventKind.VOLUNTEER_CREATED,
            actor=actor,
            at=now,
            new=_snapshot(volunteer, VOLUNTEER_FIELDS),
            volunteer=volunteer,
        )
    return volunteer


def volunteer_update(*, actor, volunteer_id: int, values: dict) -> Volunteer:
    values = _volunteer_values(values)
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
        access.ensure(actor, "change", volunteer)
        VOLUNTEER.target(VolunteerAction.CHANGE, volunteer.status)
        old = _snapshot(volunteer, VOLUNTEER_FIELDS)
        for name, value in values.items():
            setattr(volunteer, name, value)
        access.ensure(actor, "change", volunteer, "只能把志愿者登记在本社区。")
        new = _snapshot(volunteer, VOLUNTEER_FIELDS)
        changed = {k for k in new if new[k] != old[k]}
        if not changed:
            return volunteer
        volunteer.save()
        event_record(
            VolunteerEvent,
            kind=VolunteerEventKind.VOLUNTEER_CHANGED,
            actor=actor,
            old={k: old[k] for k in changed},
            new={k: new[k] for k in changed},
            volunteer=volunteer,
        )
    return volunteer


def volunteer_move(*, actor, volunteer_id: int, action: str, note: str = "") -> Volunteer:
    """退出 / 恢复 (leave / rejoin)."""
    if action not in (VolunteerAction.LEAVE, VolunteerAction.REJOIN):
        raise ValidationFailed("未知操作。")
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
        access.ensure(actor, "change", volunteer)
        old = volunteer.status
        volunteer.status = VOLUNTEER.target(action, old)
        volunteer.save(update_fields=["status"])
        event_record(
            VolunteerEvent,
            kind=action,
            actor=actor,
            old={"status": old},
            new={"status": volunteer.status},
            note=_text(note, label="说明", limit=200, required=False),
            volunteer=volunteer,
        )
    return volunteer


# -- service records ------------------------------------------------------------------------------
def service_record(
    *,
    actor,
    volunteer_id: int,
    served_on: date,
    hours,
    mode: str,
    nature: str,
    content: str,
    whom: str = "",
    resident: Resident | None = None,
    community: Community | None = None,
    now: datetime | None = None,
    _event: bool = True,
) -> ServiceRecord:
    """One service given: 定点 / 上门, 共性 / 个性, date, hours and whom."""
    now = now or timezone.now()
    served_on = _day(served_on, label="服务日期", today=timezone.localdate(now))
    hours = _hours(hours)
    if mode not in ServiceMode.values or nature not in ServiceNature.values:
        raise ValidationFailed("请选择服务方式（定点/上门）和类型（共性/个性）。")
    content = _text(content, label="服务内容", limit=200)
    whom = _text(whom, label="服务对象", limit=100, required=False)
    if nature == ServiceNature.PERSONAL and resident is None and not whom:
        raise ValidationFailed("个性服务须填写服务对象。")
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
        access.ensure(actor, "serve", volunteer, "只能为本社区的志愿者登记服务。")
        VOLUNTEER.target(VolunteerAction.SERVE, volunteer.status)
        if (
            resident is not None
            and resident.community_id != volunteer.community_id
            and not access.is_centre(actor)
        ):
            raise ValidationFailed("服务对象不在志愿者所在社区。")
        record = ServiceRecord.objects.create(
            volunteer=volunteer,
            team_id=volunteer.team_id,
            community=community or (resident.community if resident else volunteer.community),
            served_on=served_on,
            hours=hours,
            mode=mode,
            nature=nature,
            content=content,
            whom=whom or (f"困难群众 {resident.pk}" if resident else ""),
            resident=resident,
            recorded_by=actor,
            recorded_at=now,
        )
        if _event:
            event_record(
                VolunteerEvent,
                kind=VolunteerEventKind.SERVICE_RECORDED,
                actor=actor,
                at=now,
                new={"served_on": served_on, "hours": hours, "mode": mode, "nature": nature},
                volunteer=volunteer,
                record=record,
            )
    return record


# -- residents in need ----------------------------------------------------------------------------
def _resident_values(values: dict, community: Community) -> dict:
    values = dict(values)
    values["name"] = _text(values.get("name"), label="姓名", limit=30)
    values["phone"] = clean_number(values.get("phone") or "")[:20]
    if values.get("kind") not in NeedKind.values:
        raise ValidationFailed("请选择类别。")
    compound = values.get("compound")
    if compound is not None and (not isinstance(compound, Compound) or compound.community_id != community.pk):
        raise ValidationFailed("所选小区不在该社区。")
    values["address"] = _text(values.get("address"), label="住址", limit=120, required=False)
    values["needs"] = _text(values.get("needs"), label="主要需求", limit=200, required=False)
    every = values.get("visit_every_days") or 7
    if not 1 <= int(every) <= 90:
        raise ValidationFailed("走访周期须在 1–90 天之间。")
    values["visit_every_days"] = int(every)
    return values


def resident_create(*, actor, community: Community, values: dict, now: datetime | None = None) -> Resident:
    access.ensure(actor, "create", Resident(community=community), "只能登记本社区的困难群众。")
    values = _resident_values(values, community)
    now = now or timezone.now()
    with transaction.atomic():
        resident = Resident.objects.create(community=community, created_at=now, **values)
        event_record(
            VolunteerEvent,
            kind=VolunteerEventKind.RESIDENT_CREATED,
            actor=actor,
            at=now,
            new={
                "kind": resident.kind,
                "community": community.pk,
                "visit_every_days": resident.visit_every_days,
            },
            resident=resident,
        )
    return resident


def resident_update(*, actor, resident_id: int, values: dict) -> Resident:
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident_id)
        access.ensure(actor, "change", resident)
        RESIDENT.target(ResidentAction.CHANGE, resident.status)
        values = _resident_values(values, resident.community)
        old = _snapshot(resident, RESIDENT_FIELDS)
        for name, value in values.items():
            setattr(resident, name, value)
        new = _snapshot(resident, RESIDENT_FIELDS)
        changed = {k for k in new if new[k] != old[k]}
        if not changed:
            return resident
        resident.save()
        # personal data is not copied into the event: only which fields changed (and the rest's values)
        private = {"name", "phone", "address"}
        event_record(
            VolunteerEvent,
            kind=VolunteerEventKind.RESIDENT_CHANGED,
            actor=actor,
            old={k: ("***" if k in private else old[k]) for k in changed},
            new={k: ("***" if k in private else new[k]) for k in changed},
            resident=resident,
        )
    return resident


def resident_move(
    *, actor, resident_id: int, action: str, note: str = "", now: datetime | None = None
) -> Resident:
    """销册 (closing ends the resident's active pairings, each with its own event) / 恢复在册."""
    if action not in (ResidentAction.CLOSE, ResidentAction.REOPEN):
        raise ValidationFailed("未知操作。")
    now = now or timezone.now()
    note = _text(note, label="原因", limit=200, required=action == ResidentAction.CLOSE)
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident_id)
        access.ensure(actor, "change", resident)
        old = resident.status
        resident.status = RESIDENT.target(action, old)
        resident.save(update_fields=["status"])
        event_record(
            VolunteerEvent,
            kind=action,
            actor=actor,
            at=now,
            old={"status": old},
            new={"status": resident.status},
            note=note,
            resident=resident,
        )
        if action == ResidentAction.CLOSE:
            for pairing in (
                Pairing.objects.select_for_update()
                .filter(resident=resident, status=PairingStatus.ACTIVE)
                .order_by("pk")
            ):
                _pairing_end(pairing, actor=actor, note=f"困难群众销册：{note}", now=now)
    return resident


def resident_reveal(*, actor, resident_id: int, request=None, now: datetime | None = None) -> Resident:
    """Show the clear name and phone: allowed to the community and the centre, logged twice (the
    resident's own events and the security audit log)."""
    resident = Resident.objects.get(pk=resident_id)
    access.ensure(actor, "reveal", resident, "您无权查看该困难群众的完整信息。")
    with transaction.atomic():
        event_record(VolunteerEvent, kind=VolunteerEventKind.REVEALED, actor=actor, at=now, resident=resident)
        audit_record(kind=AuditKind.REVEAL, request=request, user=actor, target=f"困难群众 {resident.pk}")
    return resident


# -- pairings and visits --------------------------------------------------------------------------
def pairing_create(
    *, actor, resident_id: int, volunteer_id: int, started_on: date | None = None, now: datetime | None = None
) -> Pairing:
    now = now or timezone.now()
    started_on = _day(started_on or timezone.localdate(now), label="结对日期", today=timezone.localdate(now))
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident_id)
        access.ensure(actor, "change", resident, "只能为本社区的困难群众结对。")
        RESIDENT.target(ResidentAction.PAIR, resident.status)
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
        VOLUNTEER.target(VolunteerAction.PAIR, volunteer.status)
        if volunteer.community_id != resident.community_id and not access.is_centre(actor):
            raise ValidationFailed("只能与本社区的志愿者结对。")
        if Pairing.objects.filter(
            resident=resident, volunteer=volunteer, status=PairingStatus.ACTIVE
        ).exists():
            raise ValidationFailed("该志愿者已与此困难群众结对。")
        pairing = Pairing.objects.create(
            resident=resident,
            volunteer=volunteer,
            started_on=started_on,
            next_visit_due=started_on + timedelta(days=resident.visit_every_days),
        )
        event_record(
            VolunteerEvent,
            kind=VolunteerEventKind.PAIRED,
            actor=actor,
            at=now,
            new={
                "status": pairing.status,
                "volunteer": volunteer.pk,
                "next_visit_due": pairing.next_visit_due,
            },
            pairing=pairing,
            resident=resident,
            volunteer=volunteer,
        )
    return pairing


def _pairing_end(pairing: Pairing, *, actor, note: str, now: datetime) -> None:
    old = pairing.status
    pairing.status = PAIRING.target(PairingAction.END, old)
    pairing.ended_on = timezone.localdate(now)
    pairing.save(update_fields=["status", "ended_on"])
    event_record(
        VolunteerEvent,
        kind=VolunteerEventKind.PAIRING_ENDED,
        actor=actor,
        at=now,
        old={"status": old},
        new={"status": pairing.status, "ended_on": pairing.ended_on},
        note=note,
        pairing=pairing,
        resident_id=pairing.resident_id,
        volunteer_id=pairing.volunteer_id,
    )


def pairing_end(*, actor, pairing_id: int, note: str, now: datetime | None = None) -> Pairing:
    note = _text(note, label="结束原因", limit=200)
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing_id)
        access.ensure(actor, "change", pairing)
        _pairing_end(pairing, actor=actor, note=note, now=now or timezone.now())
    return pairing


def visit_record(
    *,
    actor,
    pairing_id: int,
    visited_on: date,
    hours,
    note: str,
    wellbeing: str = VisitWellbeing.GOOD,
    now: datetime | None = None,
) -> Visit:
    """A visit of the paired volunteer: a visit log row, a 上门·个性 service record (so it counts in
    the volunteer's and the team's hours) and the pairing's next due date, in one transaction."""
    now = now or timezone.now()
    visited_on = _day(visited_on, label="走访日期", today=timezone.localdate(now))
    note = _text(note, label="走访情况", limit=300)
    if wellbeing not in VisitWellbeing.values:
        raise ValidationFailed("请选择状况。")
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().select_related("resident").get(pk=pairing_id)
        access.ensure(actor, "visit", pairing, "只能为本社区的结对登记走访。")
        PAIRING.target(PairingAction.VISIT, pairing.status)
        if visited_on < pairing.started_on:
            raise ValidationFailed("走访日期不能早于结对日期。")
        record = service_record(
            actor=actor,
            volunteer_id=pairing.volunteer_id,
            served_on=visited_on,
            hours=hours,
            mode=ServiceMode.DOOR,
            nature=ServiceNature.PERSONAL,
            content=f"结对走访：{note}"[:200],
            resident=pairing.resident,
            now=now,
            _event=False,
        )
        visit = Visit.objects.create(
            pairing=pairing,
            visited_on=visited_on,
            wellbeing=wellbeing,
            note=note,
            record=record,
            recorded_by=actor,
        )
        old = {"last_visit_on": pairing.last_visit_on, "next_visit_due": pairing.next_visit_due}
        if pairing.last_visit_on is None or visited_on > pairing.last_visit_on:
            pairing.last_visit_on = visited_on
            pairing.next_visit_due = visited_on + timedelta(days=pairing.resident.visit_every_days)
            pairing.save(update_fields=["last_visit_on", "next_visit_due"])
        event_record(
            VolunteerEvent,
            kind=VolunteerEventKind.VISITED,
            actor=actor,
            at=now,
            old=old,
            new={
                "last_visit_on": pairing.last_visit_on,
                "next_visit_due": pairing.next_visit_due,
                "wellbeing": wellbeing,
                "hours": record.hours,
            },
            pairing=pairing,
            resident_id=pairing.resident_id,
            volunteer_id=pairing.volunteer_id,
            record=record,
        )
    return visit
