"""Scope per role over HTTP: every page, list, export and action of the evaluation.

The street has findings at 甲苑 (project 甲, community 甲), 乙苑 (project 乙, community 乙) and
丙苑 (project 丙, community 甲), each with a text that appears nowhere else. A role sees exactly
its share; anything else is a 404 and its text is absent from every body (xlsx included).
"""

import io
import zipfile

import pytest
from django.urls import reverse

from jiesu.evaluation import services
from jiesu.evaluation.models import Inspection, LedgerEvent, LedgerItem, Round
from tests.evaluation.conftest import at, photo, point, start_inspection

pytestmark = pytest.mark.django_db

SECRET = {"a": "甲苑独有问题文字", "b": "乙苑独有问题文字", "c": "丙苑独有问题文字"}

# role → which items it sees, whether it sees rounds/inspections/scorecards (and whose)
SEES = {
    "dispatcher": ({"a", "b", "c"}, {"a", "b", "c"}),
    "centre_admin": ({"a", "b", "c"}, {"a", "b", "c"}),
    "leader": ({"a", "b", "c"}, {"a", "b", "c"}),
    "evaluator": ({"a", "b", "c"}, {"a", "b", "c"}),
    "property": ({"a", "b"}, {"a", "b"}),  # the company: both its projects
    "property_c": ({"c"}, {"c"}),  # a project's own staff
    "community": ({"a", "c"}, set()),  # community 甲: items at its compounds, no scorecards
    "community_b": ({"b"}, set()),
    "department": (set(), set()),
    "grid_worker": (set(), set()),
    "station_staff": (set(), set()),
    "security_admin": (set(), set()),
    "auditor": (set(), set()),
}


@pytest.fixture
def world(street):
    evaluation_round = services.round_create(
        name="2024年第二季度", period_start=at(2024, 4, 1).date(), period_end=at(2024, 6, 30).date(),
        actor=street.user("evaluator"),
    )  # fmt: skip
    projects = {"a": street.project_a, "b": street.project_b, "c": street.project_c}
    compounds = {"a": street.compound_a, "b": street.compound_b, "c": street.compound_c}
    inspections, items = {}, {}
    for key in "abc":
        inspections[key] = start_inspection(street, evaluation_round, projects[key])
        items[key] = point(street, inspections[key], compounds[key], text=SECRET[key])
    services.ledger_item_point(
        inspection_id=inspections["a"].pk, compound_id=street.compound_a.pk, description="带照片的问题",
        severity="major", actor=street.user("evaluator"), photos=[photo()],
    )  # fmt: skip
    services.inspection_submit(inspection_id=inspections["a"].pk, actor=street.user("evaluator"))
    return {"round": evaluation_round, "inspections": inspections, "items": items, "projects": projects}


def body(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    if response["Content-Type"] == "application/pdf":
        return ""  # compressed; what a PDF may show is its scorecard's, checked by status
    return response.content.decode()


@pytest.mark.parametrize("role", SEES.keys())
def test_each_role_sees_exactly_its_share_and_nothing_else(client, street, world, role):
    items_seen, projects_seen = SEES[role]
    client.force_login(street.user(role))
    hidden = [SECRET[key] for key in "abc" if key not in items_seen]
    bodies = []

    def get(name, *args, expect, **query):
        response = client.get(reverse(f"evaluation:{name}", args=args), query)
        assert response.status_code == expect, (role, name, args, response.status_code)
        bodies.append(body(response))
        return response

    ledger_ok = 200 if items_seen else 404
    listing = get("ledger", expect=ledger_ok)
    if items_seen:
        assert f'data-total="{len(items_seen) + ("a" in items_seen)}"' in listing.content.decode()
        for key in items_seen:
            assert SECRET[key] in listing.content.decode()
    get("ledger", expect=ledger_ok, q="独有问题")
    get("ledger_export", expect=ledger_ok)
    if items_seen:
        assert all(SECRET[key] in bodies[-1] for key in items_seen)
    for key, item in world["items"].items():
        get("ledger_item", item.pk, expect=200 if key in items_seen else 404)

    scorecards_ok = 200 if projects_seen else 404
    get("rounds", expect=scorecards_ok)
    get("round", world["round"].pk, expect=scorecards_ok)
    get("ranking", expect=scorecards_ok)
    get("ranking_export", expect=scorecards_ok)
    for key, project in world["projects"].items():
        expect = 200 if key in projects_seen else 404
        get("inspection", world["inspections"][key].pk, expect=expect)
        get("scorecard", project.pk, expect=expect)
        get("scorecard_pdf", project.pk, expect=expect)
        if expect == 200:
            assert bodies[-1] == "" and project.name in bodies[-2]
    for text in hidden:
        assert not any(text in b for b in bodies), (role, text)

    # the photo of a finding is served only to who sees the item
    photo_id = LedgerItem.objects.get(description="带照片的问题").pk
    from jiesu.core.photos import photos_of

    shot = photos_of(LedgerItem.objects.get(pk=photo_id))[0]
    assert client.get(reverse("photo", args=[shot.pk])).status_code == (200 if "a" in items_seen else 404)


# action → (url name, args builder, data, roles that succeed (302), roles refused 403 (others 404))
def _ledger_post(client, world, key, action, data):
    return client.post(reverse("evaluation:ledger_act", args=[world["items"][key].pk, action]), data)


@pytest.mark.parametrize("role", SEES.keys())
def test_ledger_actions_over_http_follow_the_policy(client, street, world, role):
    items_seen, _ = SEES[role]
    client.force_login(street.user(role))
    events = LedgerEvent.objects.count()
    item = world["items"]["a"]
    response = _ledger_post(
        client, world, "a", "verify", {"expected_version": item.version, "severity": "minor"}
    )
    may_verify = role in ("dispatcher", "centre_admin", "community")
    expected = 302 if may_verify else (403 if "a" in items_seen else 404)
    assert response.status_code == expected, response.content.decode()[:300]
    assert LedgerEvent.objects.count() == events + may_verify

    # rectify needs a verified item: make it so, then try as this role
    if not may_verify:
        services.ledger_item_verify(item_id=item.pk, actor=street.user("dispatcher"))
    item.refresh_from_db()
    data = {"expected_version": item.version, "rectification": "已整改", "photos": photo()}
    response = _ledger_post(client, world, "a", "rectify", data)
    may_rectify = role == "property"
    assert response.status_code == (302 if may_rectify else (403 if "a" in items_seen else 404))
    item.refresh_from_db()
    assert (item.status == "rectified") == may_rectify


@pytest.mark.parametrize("role", SEES.keys())
def test_evaluation_actions_over_http_follow_the_policy(client, street, world, role):
    _, projects_seen = SEES[role]
    client.force_login(street.user(role))
    runs = role in ("dispatcher", "centre_admin", "evaluator")
    rounds = Round.objects.count()

    response = client.post(
        reverse("evaluation:round_new"),
        {"name": "2024年第三季度", "period_start": "2024-07-01", "period_end": "2024-09-30"},
    )
    assert response.status_code == (302 if runs else 403)
    assert Round.objects.count() == rounds + runs

    draft = world["inspections"]["b"]
    indicator = draft.scores.first().indicator
    response = client.post(
        reverse("evaluation:inspection_scores", args=[draft.pk]),
        {"expected_version": draft.version, f"d{indicator.pk}": "1", f"r{indicator.pk}": "资料缺失"},
    )
    assert response.status_code == (302 if runs else (403 if "b" in projects_seen else 404))
    draft.refresh_from_db()
    assert (draft.score == 99) == runs

    response = client.post(
        reverse("evaluation:inspection_finding", args=[draft.pk]),
        {"compound": street.compound_b.pk, "severity": "minor", "description": "新发现的问题"},
    )
    assert response.status_code == (302 if runs else (403 if "b" in projects_seen else 404))
    assert LedgerItem.objects.filter(description="新发现的问题").exists() == runs

    submitted = Inspection.objects.get(pk=world["inspections"]["a"].pk)
    response = client.post(
        reverse("evaluation:inspection_act", args=[submitted.pk, "reopen"]),
        {"expected_version": submitted.version, "note": "改分"},
    )
    centre = role in ("dispatcher", "centre_admin")
    assert response.status_code == (302 if centre else (403 if "a" in projects_seen else 404))
    assert Inspection.objects.get(pk=submitted.pk).status == ("draft" if centre else "submitted")

    # starting an inspection of a project without one in a new round
    fresh = Round.objects.exclude(pk=world["round"].pk).first() or services.round_create(
        name="补充轮次",
        period_start=at(2024, 7, 1).date(),
        period_end=at(2024, 9, 30).date(),
        actor=street.user("dispatcher"),
    )
    response = client.post(reverse("evaluation:inspection_begin", args=[fresh.pk, street.project_c.pk]))
    expected = 302 if runs else (403 if "c" in projects_seen else 404)
    assert response.status_code == expected
    assert Inspection.objects.filter(round=fresh).exists() == runs


@pytest.mark.parametrize("role", SEES.keys())
def test_round_and_lookback_actions_over_http_follow_the_policy(client, street, world, role):
    items_seen, projects_seen = SEES[role]
    client.force_login(street.user(role))
    evaluation_round = world["round"]

    # closing: allowed to the centre and the evaluator, refused as a conflict while drafts remain
    response = client.post(
        reverse("evaluation:round_act", args=[evaluation_round.pk, "close"]),
        {"expected_version": evaluation_round.version},
    )
    runs = role in ("dispatcher", "centre_admin", "evaluator")
    assert response.status_code == (409 if runs else (403 if projects_seen else 404))
    if runs:
        assert "个检查未提交" in response.content.decode()
    assert Round.objects.get(pk=evaluation_round.pk).status == "open"

    # 核查不属实 on 丙苑's item, and 回头看 on 甲苑's once rectified
    item = world["items"]["c"]
    response = client.post(
        reverse("evaluation:ledger_act", args=[item.pk, "dismiss"]),
        {"expected_version": item.version, "note": "不属实"},
    )
    may = role in ("dispatcher", "centre_admin", "community")
    assert response.status_code == (302 if may else (403 if "c" in items_seen else 404))
    assert LedgerItem.objects.get(pk=item.pk).status == ("dismissed" if may else "pointed")

    item = world["items"]["a"]
    services.ledger_item_verify(item_id=item.pk, actor=street.user("dispatcher"), at=at(2024, 6, 4, 10))
    item = services.ledger_item_rectify(
        item_id=item.pk,
        actor=street.user("property"),
        rectification="好了",
        photos=[photo()],
        at=at(2024, 6, 5, 10),
    )
    response = client.post(
        reverse("evaluation:ledger_act", args=[item.pk, "reopen"]),
        {"expected_version": item.version, "note": "反弹"},
    )
    may = role in ("dispatcher", "centre_admin", "evaluator", "community")
    assert response.status_code == (302 if may else (403 if "a" in items_seen else 404))
    assert LedgerItem.objects.get(pk=item.pk).status == ("rectifying" if may else "rectified")
