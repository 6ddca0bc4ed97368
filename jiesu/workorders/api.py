"""JSON API for work orders (django-ninja). Every read starts from the user's scope."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from jiesu.core.masking import mask_free_text, mask_name, mask_phone
from jiesu.workorders.selectors import OrderFilters, workorder_list, workorder_scope

router = Router(tags=["工单"], auth=django_auth)


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
    status: str = ""
    community: int | None = None
    compound: int | None = None
    category: int | None = None
    unit: int | None = None
    channel: str = ""
    overdue: bool = False
    flagged: bool = False
    q: str = ""


@router.get("/orders", response=list[OrderOut], summary="工单列表（按权限范围）")
@paginate(LimitOffsetPagination)
def order_list(request, filters: Query[OrderFilterIn]):
    return workorder_list(user=request.user, filters=OrderFilters(**filters.dict()))


@router.get("/orders/{order_id}", response=OrderOut, summary="工单详情（个人信息脱敏）")
def order_detail(request, order_id: int):
    scope = workorder_scope(user=request.user).select_related(
        "category", "community", "compound", "lead_unit"
    )
    return get_object_or_404(scope, pk=order_id)
