"""What a whistle can be linked to, as a registry: work orders now, register points later.

An app whose objects a whistle may refer to registers a `LinkKind` from its `AppConfig.ready()`
(`jiesu.registers` will add its points); the whistle keeps the links in one generic table
(`WhistleLink`), so adding a kind needs no migration here.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse

from jiesu.core.errors import ValidationFailed
from jiesu.core.extensions import Registry
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_scope


@dataclass(frozen=True)
class LinkKind:
    label: str  # 工单, 点位
    model: type[Model]
    scope: Callable[[object], QuerySet]  # (user) -> the objects the user may see
    field: str  # the field people type to refer to one (an order's number)
    describe: Callable[[Model], str]
    url: Callable[[Model], str]


link_kinds: Registry[LinkKind] = Registry("whistle_link_kinds")

ORDERS = link_kinds.register(
    "order",
    LinkKind(
        label="工单",
        model=WorkOrder,
        scope=lambda user: workorder_scope(user=user),
        field="number",
        describe=lambda order: f"{order.number} {order.title or order.content[:30]}",
        url=lambda order: reverse("order_detail", args=[order.pk]),
    ),
    order=10,
)


def link_kind_for(model: type[Model]) -> LinkKind | None:
    return next((kind for kind in link_kinds.items() if kind.model is model), None)


def references_split(text: str) -> list[str]:
    """'A1, A2；A3' → ['A1', 'A2', 'A3'] (commas, semicolons, spaces or new lines)."""
    return list(dict.fromkeys(part for part in re.split(r"[\s,，;；、]+", text or "") if part))


def links_resolve(*, user, key: str, text: str, limit: int = 20) -> list[Model]:
    """The objects of kind `key` that `text` names, each in `user`'s scope; else a clear error."""
    kind = link_kinds.items_by_key()[key]
    references = references_split(text)
    if len(references) > limit:
        raise ValidationFailed(f"一次最多关联 {limit} 个{kind.label}。")
    found = {
        getattr(obj, kind.field): obj for obj in kind.scope(user).filter(**{f"{kind.field}__in": references})
    }
    missing = [ref for ref in references if ref not in found]
    if missing:
        raise ValidationFailed(f"找不到{kind.label}「{'、'.join(missing)}」，或不在您的权限范围内。")
    return [found[ref] for ref in references]
