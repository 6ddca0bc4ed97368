"""The volunteer service's part of the demo street on a two-month slice (rolled back): the four
teams' volunteers (riders among them) with service records, residents in need with rider–resident
pairings and visits, a few visits overdue — each object with its events."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from jiesu.volunteers.models import Pairing, ServiceRecord, Team, Visit, Volunteer, VolunteerEvent

SLICE = ["--from", "2024-09-01", "--until", "2024-10-31", "--password", "demo-pw"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", *SLICE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_four_teams_with_volunteers_and_service_records(loaded):
    assert list(Team.objects.values_list("name", flat=True)) == [
        "爱在南苑",
        "青春南苑",
        "情暖南苑",
        "文明南苑",
    ]
    for team in Team.objects.all():
        assert team.volunteers.exists() and team.records.exists(), team.name
    assert Volunteer.objects.filter(kind="rider", rider__isnull=False).count() > 10
    kinds = set(ServiceRecord.objects.values_list("mode", "nature"))
    assert {("fixed", "common"), ("door", "personal")} <= kinds
    assert ServiceRecord.objects.filter(served_on__lt="2024-09-01").count() == 0
    assert "志愿服务" in loaded


def test_rider_resident_pairings_with_visits_and_some_overdue(loaded):
    assert Pairing.objects.filter(volunteer__rider__isnull=False).count() > 3
    assert Visit.objects.exists()
    overdue = Pairing.objects.filter(status="active", next_visit_due__lt="2024-10-31")
    assert 0 < overdue.count() < Pairing.objects.count()
    assert overdue.filter(resident__community__name="御槐园社区").exists()
    for pairing in Pairing.objects.exclude(last_visit_on=None)[:50]:
        assert pairing.last_visit_on == pairing.visits.order_by("-visited_on").first().visited_on


def test_each_object_has_its_events_and_visits_count_as_hours(loaded):
    assert VolunteerEvent.objects.filter(kind="volunteer_created").count() == Volunteer.objects.count()
    assert VolunteerEvent.objects.filter(kind="paired").count() == Pairing.objects.count()
    assert VolunteerEvent.objects.filter(kind="visited").count() == Visit.objects.count()
    assert (
        VolunteerEvent.objects.filter(kind="service_recorded").count()
        == ServiceRecord.objects.filter(visit=None).count()
    )
    visits = Visit.objects.aggregate(h=Sum("record__hours"))["h"]
    assert (
        visits
        == ServiceRecord.objects.filter(mode="door", resident__isnull=False).aggregate(h=Sum("hours"))["h"]
    )
