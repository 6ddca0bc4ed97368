"""The riders' and public channel's part of the demo street, on a two-month slice (rolled back)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from jiesu.public.codes import code_normalise
from jiesu.public.models import Submission
from jiesu.public.selectors import submission_find
from jiesu.riders.models import BenefitUse, RestStation, Rider, RiderReport
from jiesu.riders.services.cards import rider_by_card
from jiesu.workorders.models import Channel, WorkOrder

SLICE = ["--from", "2024-09-01", "--until", "2024-10-31", "--password", "demo-pw"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", *SLICE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_thirty_open_stations_each_with_staff_and_the_station_login_at_one(loaded):
    assert RestStation.objects.filter(status="open").count() == 30
    assert all(station.staff.exists() for station in RestStation.objects.all())
    assert RestStation.objects.filter(staff__username="station").count() == 1
    assert all(station.lat and station.lng and station.benefit_list for station in RestStation.objects.all())


def test_every_riders_order_is_linked_and_benefits_were_used(loaded):
    rider_orders = WorkOrder.objects.filter(channel=Channel.RIDER)
    assert rider_orders.exists() and RiderReport.objects.count() == rider_orders.count()
    assert BenefitUse.objects.exists() and Rider.objects.count() > 100
    for use in BenefitUse.objects.select_related("rider", "station")[:200]:
        assert use.used_at >= use.rider.registered_at and use.benefit in use.station.benefit_list


def test_the_printed_demo_codes_work(loaded):
    card_code = loaded.split("/riders/public/card/")[1].split("/")[0]
    assert rider_by_card(card_code) is not None
    tries = [part for part in loaded.split("试查：")[1].split("\n")[0].split("，")]
    code, digits = tries[0].split("（手机后四位 ")[0], tries[0].split("（手机后四位 ")[1][:4]
    assert code_normalise(code) and submission_find(code=code, last4=digits) is not None
    assert Submission.objects.filter(order__channel=Channel.QR).exists()
