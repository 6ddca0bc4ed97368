"""Every form's labels without Django's ASCII colon (settings.FORM_RENDERER), admin included."""

import re

import pytest
from django import forms
from django.urls import reverse

from jiesu.accounts.models import Role
from jiesu.hotspots.forms import LinkActionForm
from tests.factories import UserFactory


class Sample(forms.Form):
    name = forms.CharField(label="姓名")
    keep = forms.CharField(label="保留", label_suffix="：")


def test_a_form_renders_its_labels_as_written():
    html = Sample().as_p()
    assert '<label for="id_name">姓名</label>' in html
    assert '<label for="id_keep">保留：</label>' in html  # a field that asks for a suffix keeps it
    assert re.search(r"<label[^>]*>[^<]*:</label>", LinkActionForm().as_p()) is None


@pytest.mark.django_db
def test_the_admin_forms_have_no_ascii_colons_either(client):
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN, is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:core_calendarday_add")).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", html)
    assert "日期" in labels and not [label for label in labels if label.endswith(":")]
