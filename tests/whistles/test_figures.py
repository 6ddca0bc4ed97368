"""The figures of 吹哨报到 against counts made by hand, per scope, on /insight/ and in the monthly report."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jiesu.whistles import services
from jiesu.whistles.figures import FigureScope, community_figures, unit_figures
from jiesu.whistles.models import Summons
from jiesu.whistles.sections import communities_section, units_section
from tests.whistles.conftest import at, blow

pytestmark = pytest.mark.django_db
MARCH = {"start": date(2024, 3, 1), "end": date(2024, 3, 31)}
NOW = at("2024-03-25 10:00")


def summons(whistle, unit) -> int:
    return Summons.objects.get(whistle=whistle, unit=unit).pk


@pytest.fixture
def march(street):
    s, c = street, street["community"]
    # W1, urgent (due 13:00): 住建委 in time (1.5 h), water late (9.5 h); both solved and rated
    w1 = blow(s, now=at("2024-03-12 09:00"))
    services.summons_check_in(
        summons_id=summons(w1, s.housing), actor=s["department"], on_site=True, now=at("2024-03-12 10:30")
    )
    services.summons_check_in(
        summons_id=summons(w1, s.water), actor=s["water"], on_site=True, now=at("2024-03-13 09:30")
    )
    for unit, user in ((s.housing, s["department"]), (s.water, s["water"])):
        services.summons_report(summons_id=summons(w1, unit), actor=user, measures="修", result="好")
        services.summons_confirm(summons_id=summons(w1, unit), actor=c)
    services.summons_rate_unit(
        summons_id=summons(w1, s.housing), actor=c, on_time=5, effective=5, satisfied=4
    )
    services.summons_rate_unit(summons_id=summons(w1, s.water), actor=c, on_time=2, effective=4, satisfied=3)
    # W2, normal (8 h, due 17:00): 住建委 in time after 7.5 h; water never; the metro withdrawn
    w2 = blow(s, now=at("2024-03-20 09:00"), urgency="normal", units=[s.housing, s.water, s.metro])
    services.summons_check_in(
        summons_id=summons(w2, s.housing), actor=s["department"], on_site=True, now=at("2024-03-20 16:30")
    )
    services.summons_withdraw(summons_id=summons(w2, s.metro), actor=c, reason="无关")
    # W3: 住建委 still within its deadline at NOW
    blow(s, now=at("2024-03-25 09:00"), units=[s.housing])
    # W4 by 乙社区: water in time after 2.5 h, reported, not yet confirmed
    w4 = blow(
        s,
        actor=s["other_community"],
        community=s.other_community,
        compound=None,
        building_number="",
        units=[s.water],
        now=at("2024-03-21 08:30"),
    )
    services.summons_check_in(
        summons_id=summons(w4, s.water), actor=s["water"], on_site=True, now=at("2024-03-21 11:00")
    )
    services.summons_report(
        summons_id=summons(w4, s.water), actor=s["water"], measures="抽水", result="已排水"
    )
    # W5 cancelled, W6 in April: neither counts in March
    w5 = blow(s, now=at("2024-03-22 09:00"), units=[s.housing])
    services.whistle_cancel(whistle_id=w5.pk, actor=c, reason="重复")
    blow(s, now=at("2024-04-02 09:00"), units=[s.housing])
    return s


def rows_by_name(rows) -> dict:
    return {
        row.unit.name: (row.received, row.on_time_rate, row.median_hours, row.solved_share, row.mean_rating)
        for row in rows
    }


def test_per_unit_figures_street_wide(march):
    rows = rows_by_name(unit_figures(scope=FigureScope(street_wide=True), now=NOW, **MARCH))
    assert rows == {
        # received W1 W2 W3; decided W1 W2 (both in time); hours 1.5, 7.5; solved W1; rated (5+5+4)/3
        "区住建委": (3, 1.0, 4.5, pytest.approx(1 / 3), pytest.approx(4.67, abs=0.005)),
        # received W1 W2 W4; decided all three (W2 never came), in time only W4; hours 9.5, 2.5
        "自来水公司": (3, pytest.approx(1 / 3), 6.0, pytest.approx(1 / 3), 3.0),
    }


def test_per_community_figures(march):
    rows = {
        r.community.name: (r.blown, r.solved)
        for r in community_figures(scope=FigureScope(street_wide=True), **MARCH)
    }
    assert rows == {"甲社区": (3, 1), "乙社区": (1, 0)}
    section = communities_section(scope=FigureScope(street_wide=True), **MARCH)
    assert section.rows[-1] == ["合计", 4, 1, 0.25]


@pytest.mark.parametrize(
    "viewer, units, communities",
    [
        ("community", {"区住建委": 3, "自来水公司": 2}, {"甲社区": 3}),  # the units its own whistles summoned
        ("department", {"区住建委": 3}, {"甲社区": 3}),  # only itself, and the whistles that summoned it
        ("water", {"自来水公司": 3}, {"甲社区": 2, "乙社区": 1}),
        ("other_community", {"自来水公司": 1}, {"乙社区": 1}),
        ("bystander", {}, {}),
    ],
)
def test_each_viewer_gets_the_figures_of_its_scope(march, viewer, units, communities):
    scope = FigureScope.for_user(march[viewer])
    assert {row.unit.name: row.received for row in unit_figures(scope=scope, now=NOW, **MARCH)} == units
    assert {row.community.name: row.blown for row in community_figures(scope=scope, **MARCH)} == communities


@pytest.mark.parametrize("role", ["evaluator", "station_staff", "security_admin", "auditor"])
def test_roles_without_a_scope_get_no_section(march, role):
    scope = FigureScope.for_user(march[role])
    assert units_section(scope=scope, **MARCH) is None and communities_section(scope=scope, **MARCH) is None


def test_the_pickers_narrow_the_street(march):
    scope = FigureScope(street_wide=True, pick_community=march.other_community.pk)
    assert rows_by_name(unit_figures(scope=scope, now=NOW, **MARCH))["自来水公司"][0] == 1
    scope = FigureScope(street_wide=True, pick_unit=march.housing.pk)
    assert {r.community.name: r.blown for r in community_figures(scope=scope, **MARCH)} == {"甲社区": 3}


def test_the_sections_show_on_insight_and_in_the_monthly_report(march, client, tmp_path):
    client.force_login(march["dispatcher"])
    page = client.get("/insight/", {"start": "2024-03", "end": "2024-03"}).content.decode()
    assert "吹哨报到·承办单位" in page and "区住建委" in page and "吹哨报到·社区" in page
    client.force_login(march["department"])
    page = client.get("/insight/", {"start": "2024-03", "end": "2024-03"}).content.decode()
    assert "区住建委" in page and "自来水公司" not in page  # a unit sees its own row
    path = tmp_path / "r.xlsx"
    call_command("report", "--month", "2024-03", "--format", "xlsx", "--output", str(path), stdout=StringIO())
    book = load_workbook(BytesIO(path.read_bytes()))
    sheet = book["吹哨报到·承办单位"]
    values = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert values["区住建委"][1:3] == (3, pytest.approx(2 / 3))  # asked today, W3 is past its deadline too
    share_cell = next(row for row in sheet.iter_rows() if row[0].value == "区住建委")[2]
    assert share_cell.number_format == "0.00%"  # a share is a number shown as a percentage


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_monthly_report_files_carry_the_sections(march, tmp_path, fmt):
    path = tmp_path / f"r.{fmt}"
    call_command("report", "--month", "2024-03", "--format", fmt, "--output", str(path), stdout=StringIO())
    content = path.read_bytes()
    if fmt == "pdf":
        assert content.startswith(b"%PDF") and len(content) > 5000
    else:
        text = content.decode()
        assert "吹哨报到·承办单位" in text and "区住建委" in text and "吹哨报到·社区" in text
