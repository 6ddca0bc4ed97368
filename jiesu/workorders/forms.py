"""Web forms. They only validate input; views hand the cleaned values to one service."""

from collections.abc import Callable, Iterable

from django import forms
from django.urls import reverse
from django.utils import timezone

from jiesu.core.errors import DomainError
from jiesu.core.memo import Memo
from jiesu.places.models import Building, Community
from jiesu.places.selectors import compound_choices
from jiesu.units.selectors import unit_dispatchable
from jiesu.workorders.models import AppealType, Category, Channel, Satisfaction, Urgency
from jiesu.workorders.states import Action, Status
from jiesu.workorders.validation import phone_normalise, received_at_check

EMPTY = ("", "—")
YES_NO = [("1", "是"), ("0", "否")]


class ObjectChoiceField(forms.TypedChoiceField):
    """A select over a list of model instances (as a selector returns them); cleans to the instance."""

    def __init__(self, *, objects: Iterable = (), label_of: Callable = str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.set_objects(objects, label_of)

    def set_objects(self, objects: Iterable, label_of: Callable = str) -> None:
        objects = list(objects)
        self.by_id = {obj.pk: obj for obj in objects}
        self.choices = [EMPTY, *((obj.pk, label_of(obj)) for obj in objects)]

    def clean(self, value):
        pk = super().clean(value)
        return None if pk is None else self.by_id[pk]


class ObjectMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, *, objects: Iterable = (), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, **kwargs)
        self.set_objects(objects)

    def set_objects(self, objects: Iterable) -> None:
        objects = list(objects)
        self.by_id = {obj.pk: obj for obj in objects}
        self.choices = [(obj.pk, str(obj)) for obj in objects]

    def clean(self, value):
        return [self.by_id[pk] for pk in super().clean(value)]


def compound_label(compound) -> str:
    return f"{compound.community.name} · {compound.name}"


def building_label(building) -> str:
    return f"{building.number}号楼"


def active_categories():
    return Category.objects.filter(is_active=True).order_by("path")


class MasterChoices:
    """The lists every order list and order page draws (read-only instances), each built once per
    process on first use; saving a community, compound, unit or category clears them
    (WorkordersConfig.ready)."""

    def __init__(self):
        self.memos = {
            "community": Memo("choices-community", lambda: list(Community.objects.order_by("id"))),
            "compound": Memo("choices-compound", compound_choices),
            "unit": Memo("choices-unit", unit_dispatchable),
            "category": Memo("choices-category", lambda: list(Category.objects.order_by("path"))),
        }

    def __getitem__(self, key: str) -> list:
        return self.memos[key].get()

    def clear_on_change(self, *models) -> None:
        for memo in self.memos.values():
            memo.clear_on_change(*models)


MASTER_CHOICES = MasterChoices()


def dispatchable_units() -> list:
    """unit_dispatchable(), from the memo."""
    return MASTER_CHOICES["unit"]


class PlaceFieldsMixin:
    """Compound + building selects; choosing a compound reloads its buildings (htmx)."""

    def setup_place_fields(self, compound_id) -> None:
        compound_field = self.fields["compound"]
        compound_field.set_objects(MASTER_CHOICES["compound"], compound_label)
        building_id = self.auto_id % "building" if self.auto_id else "id_building"
        compound_field.widget.attrs.update(
            {"hx-get": reverse("order_buildings"), "hx-target": f"#{building_id}", "hx-swap": "innerHTML"}
        )
        buildings = Building.objects.filter(compound_id=compound_id) if compound_id else []
        self.fields["building"].set_objects(buildings, building_label)

    def clean(self):
        data = super().clean()
        building, compound = data.get("building"), data.get("compound")
        if building and compound and building.compound_id != compound.pk:
            self.add_error("building", "所选楼栋不属于所选小区。")
        return data


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _checked(check, value):
    try:
        return check(value)
    except DomainError as error:
        raise forms.ValidationError(error.message) from error


def _clean_received_at(form):
    value = form.cleaned_data.get("received_at")
    if value is not None:
        _checked(received_at_check, value)
    return value


def _clean_phone(form):
    return _checked(phone_normalise, form.cleaned_data.get("citizen_phone", ""))


class OrderIntakeForm(PlaceFieldsMixin, forms.Form):
    channel = forms.ChoiceField(
        label="来源渠道", choices=[(c, Channel(c).label) for c in (Channel.PHONE, Channel.WALK_IN)]
    )
    received_at = forms.DateTimeField(
        label="受理时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    appeal_type = forms.ChoiceField(label="诉求类型", choices=AppealType.choices)
    category = forms.ModelChoiceField(
        label="问题分类", queryset=active_categories(), required=False, empty_label="（暂不分类）"
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices)
    content = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "诉求内容不能为空，请填写群众反映的问题。"},
    )
    address_text = forms.CharField(
        label="问题地址",
        required=False,
        max_length=300,
        help_text="未选小区时，系统按地址文字自动定位社区和小区",
    )
    compound = ObjectChoiceField(label="小区")
    building = ObjectChoiceField(label="楼栋")
    citizen_name = forms.CharField(label="诉求人", required=False, max_length=50)
    citizen_phone = forms.CharField(label="联系电话", required=False, max_length=30)

    clean_received_at = _clean_received_at
    clean_citizen_phone = _clean_phone

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "channel": Channel.PHONE,
                "received_at": timezone.localtime().replace(second=0, microsecond=0),
                "appeal_type": AppealType.HELP,
                "urgency": Urgency.NORMAL,
            },
        )
        super().__init__(*args, **kwargs)
        self.setup_place_fields(_int_or_none(self.data.get("compound")))


class CorrectionForm(PlaceFieldsMixin, forms.Form):
    """更正: what the dispatcher may fix on an order (workorder_correct)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    category = ObjectChoiceField(label="问题分类")  # the active ones (MASTER_CHOICES)
    community = ObjectChoiceField(label="社区")
    compound = ObjectChoiceField(label="小区", help_text="选了小区时，社区随小区确定")
    building = ObjectChoiceField(label="楼栋")
    appeal_type = forms.ChoiceField(label="诉求类型", choices=AppealType.choices)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices)
    received_at = forms.DateTimeField(
        label="受理时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    content = forms.CharField(
        label="更正诉求内容",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="留空则不改；填写即替换原内容（原文可能含电话等个人信息，故不在此显示）",
    )
    address_text = forms.CharField(label="问题地址", required=False, max_length=300)
    citizen_phone = forms.CharField(
        label="更正联系电话",
        required=False,
        max_length=30,
        help_text="留空则不改；填写即替换原号码（记录在案）",
    )
    note = forms.CharField(label="更正说明", required=False, max_length=500)

    clean_received_at = _clean_received_at
    clean_citizen_phone = _clean_phone

    def __init__(self, *args, order, **kwargs):
        kwargs.setdefault("auto_id", "id_correct_%s")
        kwargs.setdefault(
            "initial",
            {
                "expected_version": order.version,
                "category": order.category_id,
                "community": order.community_id,
                "compound": order.compound_id,
                "building": order.building_id,
                "appeal_type": order.appeal_type,
                "urgency": order.urgency,
                "received_at": timezone.localtime(order.received_at).replace(second=0, microsecond=0),
                "address_text": order.address_text,
            },
        )
        super().__init__(*args, **kwargs)
        choices = MASTER_CHOICES
        self.fields["category"].set_objects([c for c in choices["category"] if c.is_active])
        self.fields["community"].set_objects(choices["community"])
        compound_id = _int_or_none(self.data.get("compound")) if self.is_bound else order.compound_id
        self.setup_place_fields(compound_id)

    def changes(self) -> dict:
        data = self.cleaned_data
        keys = ("category", "compound", "building", "appeal_type", "urgency")
        changes = {key: data[key] for key in keys}
        changes["community"] = data["compound"].community if data["compound"] else data["community"]
        # an address left out and a content left blank are kept; 受理时间 is shown to the minute,
        # so only a changed minute is a correction
        if "address_text" in self.data:
            changes["address_text"] = data["address_text"]
        if data["content"].strip():
            changes["content"] = data["content"]
        if data["received_at"] and data["received_at"] != self.initial["received_at"]:
            changes["received_at"] = data["received_at"]
        if data["citizen_phone"]:
            changes["citizen_phone"] = data["citizen_phone"]
        return changes


class OrderFilterForm(forms.Form):
    """Renders the list filters; the query itself is parsed by filters.filters_from_query."""

    q = forms.CharField(label="搜索", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False, choices=[EMPTY, *Status.choices])
    community = ObjectChoiceField(label="社区")
    compound = ObjectChoiceField(label="小区")
    category = ObjectChoiceField(label="问题分类")
    unit = ObjectChoiceField(label="主办单位")
    channel = forms.ChoiceField(label="来源渠道", required=False, choices=[EMPTY, *Channel.choices])
    date_from = forms.DateField(
        label="受理日期从", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    overdue = forms.BooleanField(label="已超期", required=False)
    flagged = forms.BooleanField(label="需人工核实", required=False)
    needs_human = forms.BooleanField(label="需人工分拣", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = MASTER_CHOICES
        self.fields["community"].set_objects(choices["community"])
        self.fields["compound"].set_objects(choices["compound"], compound_label)
        self.fields["category"].set_objects(choices["category"])
        self.fields["unit"].set_objects(choices["unit"])
        self.fields["q"].widget.attrs.update(
            {"placeholder": "编号、内容、地址，或来电号码（全号或后4位）", "type": "search"}
        )


# --- lifecycle actions: one form per action, each with the version the user saw ---------------


class ActionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="备注", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    note_label = "备注"
    note_required = False

    def __init__(self, *args, units: Iterable = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = self.note_label
        self.fields["note"].required = self.note_required


class DispatchForm(ActionForm):
    lead_unit = ObjectChoiceField(label="主办单位", required=True)
    co_handlers = ObjectMultipleChoiceField(label="协办单位", widget=forms.SelectMultiple(attrs={"size": 4}))
    field_order = ["lead_unit", "co_handlers", "note"]

    def __init__(self, *args, units: Iterable = (), **kwargs):
        super().__init__(*args, **kwargs)
        units = list(units)
        self.fields["lead_unit"].set_objects(units)
        self.fields["co_handlers"].set_objects(units)


class ReassignForm(DispatchForm):
    note_label, note_required = "改派原因", True


class ReturnForm(ActionForm):
    note_label, note_required = "退单理由", True


class NoteForm(ActionForm):
    note_label, note_required = "进展内容", True


class RespondForm(ActionForm):
    note_label = "联系情况"


class ExtensionRequestForm(ActionForm):
    working_days = forms.IntegerField(label="延期工作日", min_value=1, max_value=30)
    note_label, note_required = "延期理由", True


class RejectExtensionForm(ActionForm):
    note_label, note_required = "驳回理由", True


class ResolveForm(ActionForm):
    result = forms.CharField(label="办理结果", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["result"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]


class ReturnVisitForm(ActionForm):
    contacted = forms.TypedChoiceField(
        label="是否联系上", choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    resolved = forms.TypedChoiceField(
        label="是否解决", choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(label="满意度", choices=Satisfaction.choices, widget=forms.RadioSelect)
    note_label = "回访记录"


class RedoForm(ActionForm):
    note_label, note_required = "重办要求", True


class CloseForm(ActionForm):
    note_label = "关闭说明（未回访即关闭时必填，如三次无法联系）"


class MergeForm(ActionForm):
    master_number = forms.CharField(label="主工单编号", max_length=64)
    field_order = ["master_number", "note"]


ACTION_FORMS: dict[str, type[ActionForm]] = {
    Action.DISPATCH: DispatchForm,
    Action.REASSIGN: ReassignForm,
    Action.ACCEPT: ActionForm,
    Action.RETURN: ReturnForm,
    Action.RESPOND: RespondForm,
    Action.NOTE: NoteForm,
    Action.REQUEST_EXTENSION: ExtensionRequestForm,
    Action.APPROVE_EXTENSION: ActionForm,
    Action.REJECT_EXTENSION: RejectExtensionForm,
    Action.RESOLVE: ResolveForm,
    Action.RETURN_VISIT: ReturnVisitForm,
    Action.REDO: RedoForm,
    Action.MERGE: MergeForm,
    Action.CLOSE: CloseForm,
    Action.URGE: ActionForm,
    Action.SUPERVISE: ActionForm,
}
NEEDS_UNITS = {Action.DISPATCH, Action.REASSIGN}


def action_form(action: str, *, order, data=None, units: Iterable = ()) -> ActionForm:
    """The form for `action` on `order`, blank (with the order's version) or bound to posted data."""
    return ACTION_FORMS[action](
        data, initial={"expected_version": order.version}, units=units, auto_id=f"id_{action}_%s"
    )
