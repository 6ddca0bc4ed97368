"""The project's form renderer (labels without Django's ASCII colon; selects and inputs drawn in
Python) and the calendar's forms."""

import functools

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe


class PlainLabelBoundField(BoundField):
    """Labels as written: Django appends ":" (its `label_suffix`); Chinese forms put the label
    above or beside the field without one. A form or field that sets `label_suffix` keeps it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None and self.form.label_suffix == ":":
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix=label_suffix, tag=tag)


def _format(value) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping, as Django's widget templates write it."""
    return conditional_escape(value if isinstance(value, SafeData) else f"{value}")


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_format(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _option(option: dict) -> str:
    attrs, value, label = option["attrs"], option["value"], option["label"]
    if (not attrs or attrs == _SELECTED) and type(label) is str and type(value) in (str, int):
        return _plain_option(value, label, bool(attrs))
    label = conditional_escape(label if isinstance(label, str) else localize(label))
    return f'<option value="{_format(value)}"{_attrs(attrs)}>{label}</option>'


_SELECTED = {"selected": True}


@functools.lru_cache(maxsize=8192)
def _plain_option(value: str | int, label: str, selected: bool) -> str:
    """An option of plain text, drawn once per process: the order filter draws ~300 of them (every
    category, compound and unit) on every list page, each escaped twice."""
    return f'<option value="{_format(value)}"{" selected" if selected else ""}>{conditional_escape(label)}</option>'


def _select_html(context: dict) -> str | None:
    """django/forms/widgets/select.html (with select_option.html), character for character."""
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None  # a widget with its own option template: let the template draw it
            parts.append("\n  " + _option(option) + "\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_html(context: dict) -> str:
    """django/forms/widgets/input.html (text, number, date, hidden ... inputs)."""
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_format(widget["value"])}"'
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea_html(context: dict) -> str:
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = widget["value"]
    text = conditional_escape(value if isinstance(value, str) else localize(value)) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
    )


def _label_html(context: dict) -> str:
    """django/forms/label.html."""
    label = conditional_escape(context["label"])
    if not context.get("use_tag"):
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context.get('attrs') or {})}>{label}</{tag}>"


def _field_html(context: dict) -> str:
    """django/forms/field.html: label (or legend), help text, errors, widget."""
    field = context["field"]
    help_html = ""
    if field.help_text:
        helpid = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        help_html = f'<div class="helptext"{helpid}>{field.help_text}</div>'
    errors = field.errors
    errors_html = str(errors) if errors else ""
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        legend = field.legend_tag() if field.label else ""
        return f"<fieldset{aria}>\n  {legend}\n\n{help_html}\n{errors_html}\n{field}</fieldset>".strip()
    label = field.label_tag() if field.label else ""
    return f"{label}\n\n{help_html}\n{errors_html}\n{field}".strip()


# Widget templates drawn in Python: a select of 300 categories through the template engine costs
# ~10 ms (a template include per option); the same HTML joined here costs well under one.
FAST_TEMPLATES = {
    "django/forms/widgets/select.html": _select_html,
    "django/forms/widgets/input.html": _input_html,
    "django/forms/widgets/textarea.html": _textarea_html,
    "django/forms/label.html": _label_html,
    "django/forms/field.html": _field_html,
}
for _kind in (
    "checkbox",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
):
    FAST_TEMPLATES[f"django/forms/widgets/{_kind}.html"] = _input_html


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's own templates, every form's labels without a colon; the
    select and input widgets' templates drawn in Python (the same HTML, tests/core/test_forms.py)."""

    bound_field_class = PlainLabelBoundField

    def render(self, template_name, context, request=None):
        fast = FAST_TEMPLATES.get(template_name)
        html = fast(context) if fast is not None else None
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html)


def _next_year() -> int:
    return timezone.localdate().year + 1


class HolidayNoticeForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, initial=_next_year)
    days_off = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 9, "cols": 70}),
        help_text="每行一个假期，如“春节：2月6日至13日”或“2027-10-01 至 2027-10-07”。"
        "也可直接粘贴通知原文：含“上班”的句子按调休上班日处理，没有日期的行会跳过。",
    )
    workdays = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text="周末上班的日期，如“2月14日（星期日）、2月20日（星期六）”。",
    )
