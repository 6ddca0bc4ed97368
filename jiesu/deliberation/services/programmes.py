"""Programmes and their representatives: created and changed by the programme's side, audited."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.deliberation.models import Audience, DeliberationEvent, EventKind, Programme, Representative
from jiesu.deliberation.services._perform import text_clean
from jiesu.places.models import Building, Community
from jiesu.workorders.models import Channel

PROGRAMME_FIELDS = ("name", "rules", "management_group", "started_on", "order_channel", "is_active")
REPRESENTATIVE_FIELDS = ("name", "phone", "building_id", "grid", "role_note", "term_start", "term_end")


def _programme_values(*, name, rules, management_group, started_on, order_channel, is_active) -> dict:
    if order_channel not in Channel.values:
        raise ValidationFailed("对照工单渠道无效。")
    if not isinstance(started_on, date):
        raise ValidationFailed("请填写启动日期。")
    return {
        "name": text_clean(name, label="名称", limit=80),
        "rules": text_clean(rules, label="议事规则", limit=5000, required=False),
        "management_group": text_clean(management_group, label="管理小组", limit=2000, required=False),
        "started_on": started_on,
        "order_channel": order_channel,
        "is_active": bool(is_active),
    }


def programme_create(
    *,
    actor,
    community: Community | None,
    name: str,
    started_on: date,
    rules: str = "",
    management_group: str = "",
    audience: str = Audience.RESIDENTS,
    order_channel: str = Channel.HOTLINE,
    now: datetime | None = None,
) -> Programme:
    now = now or timezone.now()
    values = _programme_values(
        name=name,
        rules=rules,
        management_group=management_group,
        started_on=started_on,
        order_channel=order_channel,
        is_active=True,
    )
    if audience not in Audience.values:
        raise ValidationFailed("参与对象无效。")
    programme = Programme(community=community, audience=audience, created_at=now, **values)
    if actor is not None:
        access.ensure(actor, "manage", programme, "您无权为该社区新建议事项目。")
    with transaction.atomic():
        programme.save()
        event_record(
            DeliberationEvent,
            kind=EventKind.PROGRAMME_CREATED,
            actor=actor,
            new={**values, "community": community, "audience": audience},
            at=now,
            programme=programme,
        )
    return programme


def programme_update(*, programme_id: int, actor, now: datetime | None = None, **fields) -> Programme:
    now = now or timezone.now()
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        access.ensure(actor, "manage", programme)
        current = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
        values = _programme_values(**(current | fields))
        old = {name: current[name] for name in PROGRAMME_FIELDS if current[name] != values[name]}
        if not old:
            return programme
        for name, value in values.items():
            setattr(programme, name, value)
        programme.version += 1
        programme.save()
        event_record(
            DeliberationEvent,
            kind=EventKind.PROGRAMME_CHANGED,
            actor=actor,
            old=old,
            new={name: values[name] for name in old},
            at=now,
            programme=programme,
        )
    return programme


def _representative_values(programme: Programme, values: dict) -> dict:
    building = values.get("building_id")
    if building is not None:
        found = Building.objects.filter(pk=building).select_related("compound").first()
        if found is None or (
            programme.community_id and found.compound.community_id != programme.community_id
        ):
            raise ValidationFailed("所选楼栋不在本社区。")
    if values.get("term_end") and values["term_end"] < values["term_start"]:
        raise ValidationFailed("任期结束应晚于任期开始。")
    return {
        "name": text_clean(values.get("name"), label="姓名", limit=30),
        "phone": text_clean(values.get("phone"), label="联系电话", limit=30, required=False),
        "building_id": building,
        "grid": text_clean(values.get("grid"), label="网格", limit=30, required=False),
        "role_note": text_clean(values.get("role_note"), label="身份", limit=50, required=False),
        "term_start": values["term_start"],
        "term_end": values.get("term_end"),
    }


def representative_add(
    *,
    programme_id: int,
    actor,
    name: str,
    term_start: date,
    term_end: date | None = None,
    building: Building | None = None,
    grid: str = "",
    phone: str = "",
    role_note: str = "",
    now: datetime | None = None,
) -> Representative:
    now = now or timezone.now()
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        if actor is not None:
            access.ensure(actor, "manage", programme)
        values = _representative_values(
            programme,
            {
                "name": name,
                "phone": phone,
                "building_id": building.pk if building else None,
                "grid": grid,
                "role_note": role_note,
                "term_start": term_start,
                "term_end": term_end,
            },
        )
        representative = Representative.objects.create(programme=programme, **values)
        logged = {key: value for key, value in values.items() if key not in ("name", "phone")}
        event_record(
            DeliberationEvent,
            kind=EventKind.REPRESENTATIVE_ADDED,
            actor=actor,
            new={"representative": representative.pk, "name": representative.masked_name, **logged},
            at=now,
            programme=programme,
        )
    return representative


def representative_update(
    *, representative_id: int, actor, now: datetime | None = None, **fields
) -> Representative:
    """Change a representative (e.g. end the term). Names and phones are logged masked."""
    now = now or timezone.now()
    with transaction.atomic():
        representative = Representative.objects.select_for_update().get(pk=representative_id)
        programme = representative.programme
        access.ensure(actor, "manage", programme)
        current = {name: getattr(representative, name) for name in REPRESENTATIVE_FIELDS}
        values = _representative_values(programme, current | fields)
        changed = [name for name in REPRESENTATIVE_FIELDS if current[name] != values[name]]
        if not changed:
            return representative
        for name in changed:
            setattr(representative, name, values[name])
        representative.save()

        def shown(name, value):
            return "（已修改）" if name in ("name", "phone") else value

        event_record(
            DeliberationEvent,
            kind=EventKind.REPRESENTATIVE_CHANGED,
            actor=actor,
            old={"representative": representative.pk} | {n: shown(n, current[n]) for n in changed},
            new={"representative": representative.pk} | {n: shown(n, values[n]) for n in changed},
            at=now,
            programme=programme,
        )
    return representative
