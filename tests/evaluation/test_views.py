"""The pages as their users meet them: forms, bad input, htmx partials, tiles, files."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.evaluation import services
from jiesu.evaluation.models import LedgerEvent, LedgerItem, Round, Score
from tests.evaluation.conftest import at, first_indicator, photo, point, start_inspection

pytestmark = pytest.mark.django_db


def login(client, street, role):
    client.force_login(street.user(role))
    return client


def test_an_evaluator_opens_a_round_inspects_scores_records_a_finding_and_submits(client, street):
    login(client, street, "evaluator")
    response = client.post(
        reverse("evaluation:round_new"),
        {"name": "2024年第二季度", "period_start": "2024-04-01", "period_end": "2024-06-30"},
    )
    evaluation_round = Round.objects.get()
    assert response.url == reverse("evaluation:round", args=[evaluation_round.pk])
    page = client.get(response.url).content.decode()
    assert "开始检查" in page and "联合物业甲项目" in page and 'data-total="3"' in page

    response = client.post(
        reverse("evaluation:inspection_begin", args=[evaluation_round.pk, street.project_a.pk])
    )
    inspection = evaluation_round.inspections.get()
    assert response.url == reverse("evaluation:inspection", args=[inspection.pk])
    page = client.get(response.url).content.decode()
    assert 'accept="image/*"' in page and "capture" in page and 'enctype="multipart/form-data"' in page
    assert page.count('inputmode="decimal"') == 25 and "未公示收费标准扣2分" in page

    # a deduction over the maximum: a clear message, nothing saved (htmx: the sheet comes back)
    fees = first_indicator(evaluation_round)
    data = {"expected_version": inspection.version, f"d{fees.pk}": "9", f"r{fees.pk}": "未公示"}
    response = client.post(
        reverse("evaluation:inspection_scores", args=[inspection.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "不能超过该项分值 4" in response.content.decode()
    assert "<html" not in response.content.decode() and 'id="sheet"' in response.content.decode()
    assert Score.objects.get(inspection=inspection, indicator=fees).deduction == 0
    response = client.post(reverse("evaluation:inspection_scores", args=[inspection.pk]), data)
    assert response.status_code == 400 and "不能超过该项分值 4" in response.content.decode()
    data[f"d{fees.pk}"], data[f"r{fees.pk}"] = "2", ""
    response = client.post(
        reverse("evaluation:inspection_scores", args=[inspection.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert "请写明扣分原因" in response.content.decode()
    data[f"r{fees.pk}"] = "未公示收费标准"
    response = client.post(
        reverse("evaluation:inspection_scores", args=[inspection.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert "评分已保存，当前得分 98.0 分" in response.content.decode()

    # a finding with a photo from the camera becomes a ledger item
    response = client.post(
        reverse("evaluation:inspection_finding", args=[inspection.pk]),
        {"compound": street.compound_a.pk, "building": street.building_a.pk, "indicator": fees.pk,
         "severity": "major", "description": "公告栏未公示收费标准", "photos": [photo("a.jpg"), photo("b.png")]},
    )  # fmt: skip
    assert response.status_code == 302
    item = LedgerItem.objects.get()
    assert (item.building, item.indicator, item.severity, item.status) == (
        street.building_a,
        fees,
        "major",
        "pointed",
    )
    assert "已转入问题台账" in client.get(response.url).content.decode()
    response = client.post(
        reverse("evaluation:inspection_finding", args=[inspection.pk]),
        {"compound": street.compound_b.pk, "severity": "minor", "description": "别的小区"},
    )
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert LedgerItem.objects.count() == 1

    inspection.refresh_from_db()
    response = client.post(
        reverse("evaluation:inspection_act", args=[inspection.pk, "submit"]),
        {"expected_version": inspection.version, "inspected_on": "2099-01-01", "summary": ""},
    )
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    response = client.post(
        reverse("evaluation:inspection_act", args=[inspection.pk, "submit"]),
        {
            "expected_version": inspection.version,
            "inspected_on": date.today().isoformat(),
            "summary": "总体良好",
        },
    )
    inspection.refresh_from_db()
    assert response.status_code == 302 and inspection.status == "submitted" and inspection.score == 98
    page = client.get(reverse("evaluation:inspection", args=[inspection.pk])).content.decode()
    assert "保存评分" not in page and "扣 2.0 分" in page


def test_the_ledger_item_page_offers_only_the_moves_the_user_may_make(client, street, item_a):
    url = reverse("evaluation:ledger_item", args=[item_a.pk])
    page = login(client, street, "community").get(url).content.decode()
    assert "现场查" in page and "核查不属实" in page and "立行改" in page  # the four steps are shown
    assert f'action="{reverse("evaluation:ledger_act", args=[item_a.pk, "verify"])}"' in page
    page = login(client, street, "property").get(url).content.decode()
    assert "/act/" not in page
    page = login(client, street, "leader").get(url).content.decode()
    assert "/act/" not in page

    services.ledger_item_verify(item_id=item_a.pk, actor=street.user("community"), at=at(2024, 6, 4, 10))
    page = login(client, street, "property").get(url).content.decode()
    assert f'action="{reverse("evaluation:ledger_act", args=[item_a.pk, "rectify"])}"' in page
    assert 'capture="environment"' in page

    # bad input: no photo → a clear message and nothing changed
    item_a.refresh_from_db()
    events = LedgerEvent.objects.count()
    response = client.post(
        reverse("evaluation:ledger_act", args=[item_a.pk, "rectify"]),
        {"expected_version": item_a.version, "rectification": "已整改"},
    )
    assert response.status_code == 400 and "请上传照片" in response.content.decode()
    fake = io.BytesIO(b"not an image")
    fake.name = "x.jpg"
    response = client.post(
        reverse("evaluation:ledger_act", args=[item_a.pk, "rectify"]),
        {"expected_version": item_a.version, "rectification": "已整改", "photos": fake},
    )
    assert response.status_code == 400 and "无法识别" in response.content.decode()
    response = client.post(
        reverse("evaluation:ledger_act", args=[item_a.pk, "rectify"]),
        {"expected_version": item_a.version - 1, "rectification": "已整改", "photos": photo()},
    )
    assert response.status_code == 409 and "已被他人处理" in response.content.decode()
    assert (
        LedgerEvent.objects.count() == events and LedgerItem.objects.get(pk=item_a.pk).status == "rectifying"
    )

    response = client.post(
        reverse("evaluation:ledger_act", args=[item_a.pk, "rectify"]),
        {"expected_version": item_a.version, "rectification": "已整改", "photos": photo()},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "整改情况已提交，等待回头看" in page and "<img" in page and "整改 ·" in page

    # the look-back before its date is refused as a conflict, with the date named
    item_a.refresh_from_db()
    response = login(client, street, "evaluator").post(
        reverse("evaluation:ledger_act", args=[item_a.pk, "confirm"]), {"expected_version": item_a.version}
    )
    assert response.status_code == 409 and "方可回头看销号" in response.content.decode()
    assert client.post(reverse("evaluation:ledger_act", args=[item_a.pk, "fly"]), {}).status_code == 404


def test_the_ledger_list_filters_searches_pages_and_exports(client, street, round_q2):
    a = start_inspection(street, round_q2, street.project_a)
    b = start_inspection(street, round_q2, street.project_b)
    for n in range(32):
        point(street, a, street.compound_a, text=f"甲苑问题{n:02d}")
    point(street, b, street.compound_b, text='=HYPERLINK("http://x")', severity="serious")
    login(client, street, "dispatcher")
    url = reverse("evaluation:ledger")
    page = client.get(url).content.decode()
    assert 'data-total="33"' in page and "第 1 / 2 页" in page
    assert 'data-total="1"' in client.get(url, {"severity": "serious"}).content.decode()
    assert 'data-total="32"' in client.get(url, {"project": street.project_a.pk}).content.decode()
    assert 'data-total="1"' in client.get(url, {"q": "问题07"}).content.decode()
    assert 'data-total="0"' in client.get(url, {"overdue": "on"}).content.decode()
    partial = client.get(url, {"status": "pointed"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('\n<section id="results"') or partial.lstrip().startswith(
        '<section id="results"'
    )
    assert (
        'data-total="33"' in client.get(url, {"round": "not-a-number"}).content.decode()
    )  # ignored, not a 500

    response = client.get(reverse("evaluation:ledger_export"), {"severity": "serious"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("编号", "轮次", "物业服务项目") and len(rows) == 2
    assert rows[1][7] == '\'=HYPERLINK("http://x")'  # never a formula
    assert rows[1][8] == "严重" and rows[1][9] == "待现场核查"


@pytest.mark.parametrize("role", ["dispatcher", "leader", "community", "property", "evaluator"])
def test_workbench_tiles_open_lists_with_the_same_count(client, street, round_q2, role):
    a = start_inspection(street, round_q2, street.project_a)
    b = start_inspection(street, round_q2, street.project_b)
    overdue = point(street, a, street.compound_a)
    services.ledger_item_verify(item_id=overdue.pk, actor=street.user("dispatcher"), at=at(2024, 6, 4, 10))
    point(street, a, street.compound_a)
    waiting = point(street, b, street.compound_b)
    services.ledger_item_verify(item_id=waiting.pk, actor=street.user("dispatcher"), at=at(2024, 6, 4, 10))
    services.ledger_item_rectify(
        item_id=waiting.pk,
        actor=street.user("property"),
        rectification="好了",
        photos=[photo()],
        at=at(2024, 6, 5, 10),
    )
    page = login(client, street, role).get(reverse("workbench")).content.decode()
    tiles = re.findall(r'href="(/evaluation/ledger/\?[^"]+)" data-count="(\d+)"', page)
    assert tiles, page
    assert any(int(count) for _, count in tiles)
    for url, count in tiles:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert f'data-total="{count}"' in listed, (url, count)


def test_ranking_and_scorecard_pages_and_the_pdf(client, street, round_q2):
    inspection = start_inspection(street, round_q2, street.project_a)
    point(street, inspection, street.compound_a, text="消防通道被占用")
    services.inspection_submit(inspection_id=inspection.pk, actor=street.user("evaluator"))
    login(client, street, "leader")
    page = client.get(reverse("evaluation:ranking")).content.decode()
    assert "联合物业甲项目" in page and 'data-total="3"' in page and "每百户" in page
    assert (
        "<html"
        not in client.get(
            reverse("evaluation:ranking"), {"round": round_q2.pk}, HTTP_HX_REQUEST="true"
        ).content.decode()
    )
    page = client.get(reverse("evaluation:scorecard", args=[street.project_a.pk])).content.decode()
    assert "100.0" in page and "1/1" in page and "消防通道被占用" in page and "三率综合" in page
    pdf = client.get(reverse("evaluation:scorecard_pdf", args=[street.project_a.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    sheet = load_workbook(io.BytesIO(client.get(reverse("evaluation:ranking_export")).content)).active
    assert list(sheet.values)[1][:2] == (1, "联合物业甲项目")

    login(client, street, "evaluator")
    page = client.get(reverse("evaluation:scorecard", args=[street.project_a.pk])).content.decode()
    assert "三率综合" not in page and "每百户" not in page  # the evaluator sees no 12345 figures


def test_the_menu_shows_the_evaluation_to_whom_it_concerns(client, street):
    for role, links in [
        ("evaluator", {"物业考评", "问题台账", "物业排名"}),
        ("property", {"物业考评", "问题台账", "物业排名"}),
        ("community", {"问题台账"}),
        ("department", set()),
        ("auditor", set()),
    ]:
        page = login(client, street, role).get(reverse("workbench")).content.decode()
        shown = {label for label in ("物业考评", "问题台账", "物业排名") if f">{label}</a>" in page}
        assert shown == links, role


def test_the_ledger_list_and_the_round_board_cost_the_same_queries_for_more_items(client, street, round_q2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = start_inspection(street, round_q2, street.project_a)
    b = start_inspection(street, round_q2, street.project_b)
    login(client, street, "dispatcher")

    def cost(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("evaluation:ledger"), reverse("evaluation:round", args=[round_q2.pk])]
    point(street, a, street.compound_a)
    before = [cost(url) for url in urls]
    for n in range(12):
        point(street, a if n % 2 else b, street.compound_a if n % 2 else street.compound_b)
    assert [cost(url) for url in urls] == before
