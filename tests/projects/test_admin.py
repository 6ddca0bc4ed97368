"""Master data in the admin: the centre admin keeps batches and project types; projects and their
events are read-only there (they change only through the audited pages)."""

import pytest
from django.urls import reverse

from jiesu.projects.models import Batch
from tests.projects.conftest import propose

pytestmark = pytest.mark.django_db


def test_the_centre_admin_keeps_batches_and_types(client, street):
    client.force_login(street["centre_admin"])
    assert client.get(reverse("admin:projects_batch_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_projecttype_changelist")).status_code == 200
    response = client.post(
        reverse("admin:projects_batch_add"),
        {
            "name": "2025年第一批",
            "year": 2025,
            "opens_on": "2025-02-01",
            "closes_on": "2025-03-31",
            "note": "",
        },
    )
    assert response.status_code == 302 and Batch.objects.filter(name="2025年第一批").exists()


def test_projects_are_read_only_in_the_admin(client, street):
    project = propose(street)
    client.force_login(street["centre_admin"])
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
    client.force_login(street["dispatcher"])
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code in (302, 403)
