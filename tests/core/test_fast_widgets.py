"""The form renderer draws selects, inputs and textareas in Python: the same HTML as Django's templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from jiesu.core.forms import FAST_TEMPLATES, FormRenderer
from jiesu.workorders.forms import OrderFilterForm
from tests.factories import CategoryFactory, CompoundFactory, UnitFactory


class TemplatesOnly(FormRenderer):
    """The project's renderer with every widget drawn by Django's templates."""

    def render(self, template_name, context, request=None):
        return DjangoTemplates.render(self, template_name, context, request=request)


class Everything(forms.Form):
    pick = forms.ChoiceField(
        choices=[("", "—"), ("x", "<b>&x\"'"), ("group", [("1", "one"), ("2", mark_safe("<i>two</i>"))])],
        widget=forms.Select(attrs={"hx-get": "/a?b=1&c=2", "disabled": True, "data-off": False}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "a"), (2, "b"), (3, 3)])
    typed = forms.TypedChoiceField(choices=[(1, "一"), (2, "二")], coerce=int, required=False)
    text = forms.CharField(
        initial='<x"y>', widget=forms.TextInput(attrs={"placeholder": 'p"q&'}), help_text="说明 <b>粗</b>"
    )
    nolabel = forms.CharField(label="", required=False)
    number = forms.IntegerField(initial=12345)
    decimal = forms.DecimalField(initial=1.5)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date(2026, 1, 2))
    moment = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        initial=datetime.datetime(2026, 1, 2, 3, 4),
    )
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=5)
    flag = forms.BooleanField(initial=True)
    off = forms.BooleanField(required=False)
    mail = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    words = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="a <b>\n& c")
    empty_words = forms.CharField(widget=forms.Textarea, required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


BOUND = {
    "pick": "2", "many": ["1", "3"], "typed": "2", "text": "<t>", "number": "7", "day": "2026-02-30",
    "hidden": "9", "flag": "on", "words": "</textarea><script>", "radio": "b", "secret": "s",
}  # fmt: skip


@pytest.mark.parametrize("data", [None, BOUND])
def test_every_widget_renders_as_django_templates_would(data):
    fast, slow = Everything(data), Everything(data, renderer=TemplatesOnly())
    assert isinstance(fast.renderer, FormRenderer)
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
    assert fast.as_div() == slow.as_div()
    assert fast.as_p() == slow.as_p()
    for name in fast.fields:
        assert fast[name].as_field_group() == slow[name].as_field_group(), name
        assert fast[name].label_tag() == slow[name].label_tag(), name


@pytest.mark.django_db
def test_the_order_filter_form_is_unchanged():
    CategoryFactory(name="市容 <环境>")
    CompoundFactory(name="阳光&星苑")
    UnitFactory(name="城管 '办'")
    query = {"status": "accepted", "q": '"<噪音>', "overdue": "on"}
    fast, slow = OrderFilterForm(query), OrderFilterForm(query, renderer=TemplatesOnly())
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name


def test_the_fast_path_covers_the_common_widgets():
    for kind in ("select", "input", "text", "number", "hidden", "date", "checkbox", "textarea"):
        assert f"django/forms/widgets/{kind}.html" in FAST_TEMPLATES
    assert {"django/forms/field.html", "django/forms/label.html"} <= set(FAST_TEMPLATES)
