"""The co-building pages over HTTP per role: lists, pages, exports, the form and the steps."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from jiesu.cobuilding import services
from jiesu.cobuilding.models import ActivityEvent, ActivityType, JointActivity
from jiesu.cobuilding.sections import activities_section
from jiesu.whistles import services as whistle_services
from jiesu.whistles.figures import FigureScope
from jiesu.whistles.models import Summons
from tests.cobuilding.conftest import SECRET
from tests.whistles.conftest import at, blow

pytestmark = pytest.mark.django_db

# role -> (activities it sees, profiles it sees) by the unit that runs them
SEES = {
    "dispatcher": {"metro", "bus"},
    "centre_admin": {"metro", "bus"},
    "leader": {"metro", "bus"},
    "community": {"metro"},
    "grid_worker": {"metro"},
    "metro": {"metro"},
    "other_community": {"bus"},
    "bus": {"bus"},
    "department": set(),
    "property": set(),
    "water": set(),
    "evaluator": set(),
    "station_staff": set(),
    "security_admin": set(),
    "auditor": set(),
}
MAY_CREATE = {"dispatcher", "centre_admin", "community", "other_community", "metro", "bus"}


def body(response) -> str:
    content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    return content.decode("utf-8", "replace")


def total(response) -> int:
    return int(re.search(r'class="total" data-total="(\d+)"', body(response)).group(1))


@pytest.mark.parametrize("role", SEES)
def test_each_role_sees_its_units_and_activities_only(client, committee, role):
    client.force_login(committee[role])
    seen = SEES[role]
    activities = {"metro": committee.ours, "bus": committee.theirs}
    profiles = {"metro": committee.metro_profile, "bus": committee.bus_profile}
    pages = []
    for url_name in ("activity_list", "cobuilding_list"):
        page = client.get(reverse(url_name))
        assert page.status_code == 200 and total(page) == len(seen)
        pages.append(page)
        pages.append(client.get(reverse(url_name), {"q": SECRET}, HTTP_HX_REQUEST="true"))
    for key in ("metro", "bus"):
        expected = 200 if key in seen else 404
        assert client.get(reverse("activity_detail", args=[activities[key].pk])).status_code == expected
        assert client.get(reverse("cobuilding_detail", args=[profiles[key].pk])).status_code == expected
    for url_name in ("activity_export", "cobuilding_export"):
        export = client.get(reverse(url_name))
        assert export.status_code in (200, 403)
        pages.append(export)
    assert client.get(reverse("activity_new")).status_code == (200 if role in MAY_CREATE else 403)
    pages.append(client.get(reverse("workbench")))
    if "bus" not in seen:
        for page in pages:
            assert SECRET not in body(page)


@pytest.mark.parametrize(
    "role, status", [("bus", 404), ("leader", 403), ("grid_worker", 403), ("water", 404)]
)
def test_recording_someone_elses_activity_is_refused(client, committee, role, status):
    client.force_login(committee[role])
    response = client.post(
        reverse("activity_act", args=[committee.ours.pk, "cancel"]), {"version": 1, "note": "不办了"}
    )
    assert response.status_code == status
    assert JointActivity.objects.get(pk=committee.ours.pk).status == "planned"
    assert ActivityEvent.objects.filter(activity=committee.ours).count() == 1


def test_the_unit_records_the_activity_with_htmx_and_bad_input_is_explained(client, committee):
    client.force_login(committee["metro"])
    url = reverse("activity_act", args=[committee.ours.pk, "hold"])
    bad = client.post(url, {"version": 1, "participants": "0", "summary": "x"})
    assert bad.status_code == 400 and "请检查填写的内容" in body(bad)
    done = client.post(
        url, {"version": 1, "participants": "85", "summary": "发放手册"}, HTTP_HX_REQUEST="true"
    )
    assert done.status_code == 200 and "已登记活动开展情况。" in body(done) and "<html" not in body(done)
    stale = client.post(url, {"version": 1, "participants": "85", "summary": "发放手册"})
    assert stale.status_code == 409
    assert JointActivity.objects.get(pk=committee.ours.pk).participants == 85


def test_a_community_worker_plans_an_activity_from_the_form(client, committee):
    street = committee.street
    client.force_login(street["community"])
    kind = ActivityType.objects.get(name="助老助残")
    data = {
        "title": "重阳节助老出行",
        "type": kind.pk,
        "date": "2024-10-11",
        "place": "南湖湾站",
        "community": street.community.pk,
        "units": [street.metro.pk],
        "description": "讲解无障碍设施",
    }
    response = client.post(reverse("activity_new"), data, follow=True)
    made = JointActivity.objects.get(title="重阳节助老出行")
    assert response.redirect_chain[-1][0] == reverse("activity_detail", args=[made.pk])
    assert "已登记联建活动" in body(response)
    foreign = client.post(reverse("activity_new"), data | {"community": street.other_community.pk})
    assert foreign.status_code == 400 and JointActivity.objects.filter(title="重阳节助老出行").count() == 1


@pytest.mark.parametrize("role", ["community", "metro", "dispatcher", "leader"])
def test_the_tile_equals_the_list_it_opens(client, committee, role):
    client.force_login(committee[role])
    page = body(client.get(reverse("workbench")))
    found = re.search(r'href="([^"]*/cobuilding/activities/\?queue=to_record)" data-count="(\d+)"', page)
    assert found, "no co-building tile"
    assert total(client.get(found.group(1))) == int(found.group(2)) >= 1


def test_a_units_page_lists_the_whistles_it_answered_within_the_viewers_scope(client, committee):
    street = committee.street
    ours = blow(street, units=[street.metro], title="地铁站口单车堆积")
    theirs = blow(
        street,
        actor=street["other_community"],
        community=street.other_community,
        compound=None,
        building_number="",
        units=[street.metro],
        title=f"{SECRET}吹哨",
    )
    client.force_login(street["community"])
    page = body(client.get(reverse("cobuilding_detail", args=[committee.metro_profile.pk])))
    assert ours.number in page and theirs.number not in page and SECRET not in page
    client.force_login(street["dispatcher"])
    page = body(client.get(reverse("cobuilding_detail", args=[committee.metro_profile.pk])))
    assert ours.number in page and theirs.number in page


def test_the_report_section_counts_by_hand(committee):
    street = committee.street
    services.activity_hold(
        activity_id=committee.ours.pk,
        actor=street["metro"],
        participants=85,
        summary="x",
        now=at("2024-03-05 18:00"),
    )
    services.activity_hold(
        activity_id=committee.theirs.pk,
        actor=committee["bus"],
        participants=20,
        summary="y",
        now=at("2024-03-05 18:00"),
    )
    whistle = blow(street, units=[street.metro])
    summons = Summons.objects.get(whistle=whistle)
    whistle_services.summons_check_in(
        summons_id=summons.pk, actor=street["metro"], on_site=True, now=at("2024-03-12 10:00")
    )
    march = {"start": date(2024, 3, 1), "end": date(2024, 3, 31)}
    rows = {row[0]: row[1:] for row in activities_section(scope=FigureScope(street_wide=True), **march).rows}
    assert rows == {"地铁运营公司": ["甲社区", 1, 85, 1], "公交客运分公司": ["乙社区", 1, 20, 0]}
    mine = activities_section(scope=FigureScope.for_user(street["community"]), **march)
    assert [row[0] for row in mine.rows] == ["地铁运营公司"]
    assert activities_section(scope=FigureScope.for_user(street["auditor"]), **march) is None
    april = {"start": date(2024, 4, 1), "end": date(2024, 4, 30)}
    assert activities_section(scope=FigureScope.for_user(street["community"]), **april).rows == []
