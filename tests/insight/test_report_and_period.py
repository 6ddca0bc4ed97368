"""Reports and the dashboard say what they show: the scope in the title, 环比 over an equal period,
one % format, rankings without units of a handful of orders, and a PDF that carries its font."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.insight.models import ScoreWeights
from jiesu.insight.report.build import report_data
from jiesu.insight.report.pdf import _heat_header, fonts
from jiesu.insight.selectors import Period, insight_scope
from jiesu.insight.selectors.rates import ranking_split, rate_ranking
from jiesu.insight.selectors.scope import Scope
from tests.insight.test_rollup import SEPTEMBER, september  # noqa: F401  (the same hand-built month)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period(date(2024, 9, 1), date(2024, 9, 30)), Period(date(2024, 8, 1), date(2024, 8, 31))),
        (Period(date(2024, 3, 1), date(2024, 3, 31)), Period(date(2024, 2, 1), date(2024, 2, 29))),
        (Period(date(2024, 1, 1), date(2024, 9, 30)), Period(date(2023, 4, 1), date(2023, 12, 31))),
        (Period(date(2026, 11, 1), date(2026, 11, 18)), Period(date(2026, 10, 14), date(2026, 10, 31))),
        (Period(date(2024, 9, 10), date(2024, 9, 19)), Period(date(2024, 8, 31), date(2024, 9, 9))),
    ],
    ids=["a-month", "march-after-a-leap-february", "nine-months", "a-running-month", "ten-days"],
)
def test_the_previous_period_is_as_long_and_just_before(period, previous):
    assert period.previous() == previous


def test_a_running_month_counts_to_today():
    november = Period.month(date(2026, 11, 1))
    assert november.up_to(date(2026, 11, 18)) == Period(date(2026, 11, 1), date(2026, 11, 18))
    assert november.up_to(date(2026, 12, 3)) == november  # over: the whole month
    assert november.up_to(date(2026, 10, 3)) == november  # not begun: nothing to cut


@pytest.mark.parametrize(
    ("who", "title"),
    [
        ("leader", "全街道 2024年9月 12345 接诉即办数据分析"),
        ("a_worker", "御槐园社区 2024年9月 12345 接诉即办数据分析"),
        ("dept_staff", "城管执法队 2024年9月 12345 接诉即办数据分析"),
    ],
)
def test_a_report_is_titled_with_the_scope_of_who_downloads_it(september, client, who, title):  # noqa: F811
    client.force_login(september[who])

    page = client.get(reverse("insight_report"), {"month": "2024-09", "format": "html"}).content.decode()

    assert f"<title>{title}</title>" in page


def test_a_picked_community_or_unit_names_the_report(september):  # noqa: F811
    community = september["a"].community
    picked = report_data(scope=Scope(street_wide=True, pick_community=community.pk), month=SEPTEMBER.start)
    unit = report_data(scope=Scope(street_wide=True, pick_unit=september["dept"].pk), month=SEPTEMBER.start)

    assert picked["title"].startswith("御槐园社区 2024年9月")
    assert unit["title"].startswith("城管执法队 2024年9月")


def test_the_dashboard_names_its_scope_and_the_periods_it_compares(september, client):  # noqa: F811
    client.force_login(september["a_worker"])

    page = client.get(reverse("insight_dashboard"), {"start": "2024-09", "end": "2024-09"}).content.decode()

    assert "<title>数据 · 御槐园社区" in page
    assert "同比：与去年同期（2023年9月）比；环比：与等长的上一期（2024年8月）比。" in page


def test_rate_tiles_link_to_the_orders_they_count_and_rates_show_as_percent(september, client):  # noqa: F811
    client.force_login(september["leader"])

    page = client.get(reverse("insight_dashboard"), {"start": "2024-09", "end": "2024-09"}).content.decode()

    assert page.count('href="/orders/?date_from=2024-09-01&amp;date_to=2024-09-30&amp;counted=1"') == 4
    assert '<span class="count">75.00%</span><span class="label">响应率</span>' in page
    assert "按时响应 3 / 4 件" in page


def test_units_with_too_few_orders_are_listed_apart_from_the_ranking(september, client):  # noqa: F811
    # 御槐园社区居委会 leads 5 orders; one returned order has no unit (未派单: no one's standing)
    weights = ScoreWeights.objects.create(min_ranked=5)
    rows = rate_ranking(scope=Scope(street_wide=True), period=SEPTEMBER, by="unit")
    assert "未派单" in [r["label"] for r in rows]

    split = ranking_split(rows)

    assert [(r["label"], r["rank"]) for r in split["ranked"]] == [("御槐园社区居委会", 1)]
    assert split["unranked"] == []
    weights.min_ranked = 6
    weights.save()
    split = ranking_split(rate_ranking(scope=Scope(street_wide=True), period=SEPTEMBER, by="unit"))
    assert (split["ranked"], [r["label"] for r in split["unranked"]]) == ([], ["御槐园社区居委会"])
    client.force_login(september["leader"])
    page = client.get(reverse("insight_dashboard"), {"start": "2024-09", "end": "2024-09"}).content.decode()
    assert "受理不足 6 件，不参与排名（1 个）" in page


def test_the_pdf_embeds_its_chinese_font_and_its_month_headers_carry_the_year(september, client):  # noqa: F811
    client.force_login(september["leader"])

    pdf = client.get(reverse("insight_report"), {"month": "2024-09", "format": "pdf"}).content

    assert fonts() == ("JiesuSans", "JiesuSans-Bold"), "run `make setup`: the PDF font comes from npm"
    assert b"/FontFile2" in pdf and b"NotoSansSC-Regular" in pdf and b"NotoSansSC-Bold" in pdf
    assert b"STSong" not in pdf
    assert _heat_header("2025-12") == "2025年\n12月"
    assert insight_scope(user=september["leader"]).street_wide


@pytest.fixture
def a_section():
    from jiesu.core.extensions import ReportSection, report_sections

    def provider(*, scope, start, end):
        return ReportSection(
            key="whistles", title="吹哨报到", columns=["部门", "报到", "按时率"],
            rows=[["城管执法队", 3, 0.6667], ["区水务局", 0, None]], note="按报到时间统计。",
            percent_columns={2},
        )  # fmt: skip

    report_sections.register("test-whistles", provider)
    yield
    report_sections.unregister("test-whistles")


def test_other_apps_sections_show_on_the_dashboard_and_in_every_report_format(september, client, a_section):  # noqa: F811
    client.force_login(september["leader"])
    params = {"month": "2024-09"}

    dashboard = client.get(
        reverse("insight_dashboard"), {"start": "2024-09", "end": "2024-09"}
    ).content.decode()
    html = client.get(reverse("insight_report"), {**params, "format": "html"}).content.decode()
    xlsx = client.get(reverse("insight_report"), {**params, "format": "xlsx"}).content
    pdf = client.get(reverse("insight_report"), {**params, "format": "pdf"})

    for page in (dashboard, html):
        assert "吹哨报到" in page and "<td>66.67%</td>" in page and "<td>—</td>" in page
    sheet = load_workbook(BytesIO(xlsx))["吹哨报到"]
    assert [c.value for c in sheet[1]] == ["部门", "报到", "按时率"]
    assert (sheet["C2"].value, sheet["C2"].number_format, sheet["C3"].value) == (0.6667, "0.00%", None)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
