"""Dashboard for every role (scoped), `jiesu stats --json`, and report files that open."""

import json
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jiesu.insight.selectors import Period, headline, insight_scope
from tests.insight.test_rollup import SEPTEMBER, september  # noqa: F401  (the same hand-built month)

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(september):  # noqa: F811
    return september


def test_each_role_sees_only_its_own_scope(month):
    a, b, dept = month["a"], month["b"], month["dept"]
    street = headline(scope=insight_scope(user=month["leader"]), period=SEPTEMBER)["total"]
    mine_a = headline(scope=insight_scope(user=month["a_worker"]), period=SEPTEMBER)["total"]
    mine_b = headline(scope=insight_scope(user=month["b_worker"]), period=SEPTEMBER)["total"]
    mine_dept = headline(scope=insight_scope(user=month["dept_staff"]), period=SEPTEMBER)["total"]
    assert (street, mine_a, mine_b, mine_dept) == (7, 7, 0, 0)  # o5 was returned by the department
    picked = insight_scope(user=month["b_worker"], community=a.community_id)
    assert headline(scope=picked, period=SEPTEMBER)["total"] == 0  # picking another community shows nothing
    assert b and dept


@pytest.mark.parametrize("who", ["dispatcher", "leader", "a_worker", "b_worker", "dept_staff"])
def test_the_dashboard_opens_for_every_role(month, client, who):
    client.force_login(month[who])
    response = client.get("/insight/", {"start": "2024-09", "end": "2024-09"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "三率排名" in text and "echarts.min.js" in text and "cdn" not in text.lower()
    if who == "b_worker":
        assert "御槐园社区居委会" not in text  # another community's unit never shows up


def test_an_htmx_request_gets_only_the_figures(month, client):
    client.force_login(month["leader"])
    response = client.get("/insight/", {"start": "2024-09", "end": "2024-09"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()


def test_stats_prints_the_headline_as_json(month):
    out = StringIO()
    call_command("stats", "--from", "2024-09-01", "--to", "2024-09-30", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["total"] == 7 and figures["merged"] == 1
    assert figures["rates"]["response_rate"] == 75.0


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "html"])
def test_reports_open(month, tmp_path, fmt):
    path = tmp_path / f"r.{fmt}"
    call_command("report", "--month", "2024-09", "--format", fmt, "--output", str(path), stdout=StringIO())
    content = path.read_bytes()
    if fmt == "xlsx":
        book = load_workbook(BytesIO(content))
        assert book["概况"]["B3"].value == 7
    elif fmt == "pdf":
        assert content.startswith(b"%PDF") and b"/Type /Page" in content
    else:
        assert "本期受理" in content.decode() and "全街道 2024年9月" in content.decode()


def test_the_report_downloads_from_the_dashboard(month, client):
    client.force_login(month["dispatcher"])
    response = client.get("/insight/report/", {"month": "2024-09", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_period_label():
    assert Period.month(SEPTEMBER.start).label() == "2024年9月"
