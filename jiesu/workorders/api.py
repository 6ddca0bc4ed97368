"""JSON API for work orders (django-ninja). Every read starts from the user's scope.

Every parameter has its range in the schema, so a bad one gets a 422 that names it (ids 1…2⁶³−1,
`limit` 1…500, `offset` within 1,000,000, texts of bounded length, statuses and channels from
their lists) and never reaches the database.
"""

from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PaginationBase, paginate
from ninja.security import django_auth

from jiesu.core.masking import mask_free_text, mask_name, mask_phone
from jiesu.core.paging import rows_keys_first
from jiesu.core.params import ID_MAX
from jiesu.workorders.models import Channel
from jiesu.workorders.selectors import OrderFilters, workorder_list, workorder_rows, workorder_scope
from jiesu.workorders.states import Status

router = Router(tags=["工单"], auth=django_auth)
LIMIT_MAX = 500
OFFSET_MAX = 1_000_000
StatusValue = Literal[tuple(Status.values)]  # type: ignore[valid-type]
ChannelValue = Literal[tuple(Channel.values)]  # type: ignore[valid-type]


class OrderOut(Schema):
    id: int
    number: str
    channel: str
    received_at: datetime
    appeal_type: str
    category: str | None = Field(None, alias="category.path")
    title: str
    content: str
    address_text: str
    community: str | None = Field(None, alias="community.name")
    compound: str | None = Field(None, alias="compound.name")
    citizen_name: str
    citizen_phone: str
    urgency: str
    status: str
    lead_unit: str | None = Field(None, alias="lead_unit.name")
    response_due: datetime | None
    resolve_due: datetime | None
    responded_at: datetime | None
    resolved_at: datetime | None
    result: str
    visit_satisfaction: str
    sla_state: str
    flags: list[str]
    version: int

    @staticmethod
    def resolve_citizen_name(order) -> str:
        return mask_name(order.citizen_name)

    @staticmethod
    def resolve_citizen_phone(order) -> str:
        return mask_phone(order.citizen_phone)

    @staticmethod
    def resolve_title(order) -> str:
        return mask_free_text(order.title)

    @staticmethod
    def resolve_content(order) -> str:
        return mask_free_text(order.content)

    @staticmethod
    def resolve_result(order) -> str:
        return mask_free_text(order.result)


class OrderFilterIn(Schema):
    status: StatusValue | None = None
    community: int | None = Field(None, ge=1, le=ID_MAX)
    compound: int | None = Field(None, ge=1, le=ID_MAX)
    category: int | None = Field(None, ge=1, le=ID_MAX)
    unit: int | None = Field(None, ge=1, le=ID_MAX)
    channel: ChannelValue | None = None
    overdue: bool = False
    flagged: bool = False
    q: str = Field("", max_length=100)


class CappedPagination(PaginationBase):
    """limit/offset paging with both capped: a limit above 500 is a 422, not a slow answer."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=LIMIT_MAX, description=f"每页条数，1–{LIMIT_MAX}")
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description=f"跳过条数，0–{OFFSET_MAX:,}")

    class Output(Schema):
        items: list[Any]
        count: int

    items_attribute = "items"

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, **params: Any) -> dict:
        offset, limit = pagination.offset, pagination.limit
        items = rows_keys_first(queryset, offset, offset + limit, lambda ids: workorder_rows(ids=ids))
        return {"items": items, "count": self._items_count(queryset)}


@router.get("/orders", response=list[OrderOut], summary="工单列表（按权限范围）")
@paginate(CappedPagination)
def order_list(request, filters: Query[OrderFilterIn]):
    values = {key: value for key, value in filters.dict().items() if value is not None}
    return workorder_list(user=request.user, filters=OrderFilters(**values))


@router.get("/orders/{order_id}", response=OrderOut, summary="工单详情（个人信息脱敏）")
def order_detail(request, order_id: int = Path(..., ge=1, le=ID_MAX)):
    scope = workorder_scope(user=request.user).select_related(
        "category", "community", "compound", "lead_unit"
    )
    return get_object_or_404(scope, pk=order_id)
