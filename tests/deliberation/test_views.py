"""Every page, list, export and action of 居民议事 over HTTP, per role: who sees what, who may act.

甲社区's programme has a meeting whose decision went to 区住建委; 乙社区's (with text found nowhere
else) has one whose decision went to 乙社区居委会. Outside a viewer's scope is a 404, and the secret
appears in no page, list, export or workbench they get."""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import workbench_tiles
from jiesu.deliberation import services
from jiesu.deliberation.models import DeliberationEvent, Meeting, Programme, Task, TopicSubmission
from jiesu.deliberation.services.topics import month_range
from jiesu.units.models import Unit

pytestmark = pytest.mark.django_db
SECRET = "乙方地库倒灌"

SEES = {  # role -> which programmes ("a" 甲, "b" 乙) it sees
    "dispatcher": {"a", "b"},
    "centre_admin": {"a", "b"},
    "leader": {"a", "b"},
    "community": {"a"},
    "grid_worker": {"a"},
    "other_community": {"b"},
    "department": set(),  # sees only its own tasks
    "bystander": set(),
    "evaluator": set(),
    "station_staff": set(),
    "auditor": set(),
}


def body(response) -> str:
    content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    return content.decode("utf-8", "replace")


def total(response) -> int:
    return int(re.search(r'class="total" data-total="(\d+)"', body(response)).group(1))


def _earlier_this_month(now, hours: float):
    """`hours` before `now`, but never before the local month began: the loop confirms the
    submission as one of this month's topics, and in the first hours of a month (Beijing time)
    two hours ago was last month — CI once ran at 00:11 on 1 December and this failed 24 tests."""
    began, _ = month_range(timezone.localdate(now))  # the service's own month
    return now - min(timedelta(hours=hours), (now - began) / 2)


def _loop(street, programme, actor, owner, text, deadline):
    now = timezone.now()
    submission = services.submission_create(
        programme_id=programme.pk,
        actor=actor,
        channel="mailbox",
        content=text,
        submitted_at=_earlier_this_month(now, 2),
    )
    topic = services.topics_confirm(
        programme_id=programme.pk,
        month=timezone.localdate(now),
        picks=[services.Pick(title=text[:20], submission_ids=[submission.pk])],
        actor=actor,
    )[0]
    meeting = services.meeting_plan(
        programme_id=programme.pk,
        actor=actor,
        held_at=_earlier_this_month(now, 1),
        place="大槐树下",
        topic_ids=[topic.pk],
        representative_ids=[],
    )
    services.meeting_hold(meeting_id=meeting.pk, actor=actor, attended_ids=[], minutes=f"{text}纪要")
    task = services.meeting_decide(
        meeting_id=meeting.pk, actor=actor, decision=f"{text}整改", owner_unit=owner, deadline=deadline
    )
    return {"submission": submission, "topic": topic, "meeting": meeting, "task": task}


@pytest.fixture
def two(street):
    today = timezone.localdate()
    a = _loop(street, street.programme, street["community"], street.housing, "停车位不足消防通道被占", today)
    other_unit = Unit.objects.get(name="乙社区居委会")
    b = _loop(
        street,
        street.other_programme,
        street["other_community"],
        other_unit,
        f"{SECRET}议题",
        today + timedelta(days=9),
    )
    Task.objects.filter(pk=a["task"].pk).update(deadline=today - timedelta(days=1))  # overdue
    return {"a": a, "b": b}


def pages(street, two, key):
    loop = two[key]
    programme = street.programme if key == "a" else street.other_programme
    return [
        reverse("deliberation_programme", args=[programme.pk]),
        reverse("deliberation_pick", args=[programme.pk]) + f"?month={timezone.localdate():%Y-%m}",
        reverse("deliberation_meeting", args=[loop["meeting"].pk]),
    ]


@pytest.mark.parametrize("role", SEES)
def test_each_role_sees_only_its_programmes_everywhere(client, street, two, role):
    client.force_login(street[role])
    for key in ("a", "b"):
        for url in pages(street, two, key):
            assert client.get(url).status_code == (200 if key in SEES[role] else 404), (role, url)
    lists = [reverse(n) for n in ("deliberation_tasks", "deliberation_submissions")]
    exports = [reverse("deliberation_tasks_export"), reverse("deliberation_submissions_export")]
    for url in lists + exports:
        response = client.get(url)
        if response.status_code == 200:
            assert (SECRET in body(response)) == ("b" in SEES[role]), (role, url)
    assert SECRET not in body(client.get(reverse("workbench")))
    listed = client.get(reverse("deliberation_list"))
    assert ("乙社区议事厅" in body(listed)) == ("b" in SEES[role])
    task_a = client.get(reverse("deliberation_task", args=[two["a"]["task"].pk])).status_code
    assert task_a == (200 if "a" in SEES[role] or role == "department" else 404)


def test_the_owner_unit_reports_and_the_community_confirms_over_http(client, street, two):
    task = two["a"]["task"]
    client.force_login(street["department"])
    page = body(client.get(reverse("deliberation_task", args=[task.pk])))
    assert "反馈进展" in page and "确认解决" not in page
    response = client.post(
        reverse("deliberation_task_act", args=[task.pk, "report"]), {"progress": "已施划车位。"}, follow=True
    )
    assert "已反馈办理情况" in body(response)
    assert client.post(reverse("deliberation_task_act", args=[task.pk, "confirm"]), {}).status_code == 403
    client.force_login(street["community"])
    client.post(reverse("deliberation_task_act", args=[task.pk, "confirm"]), {"note": ""})
    task.refresh_from_db()
    assert task.status == "solved"
    client.force_login(street["leader"])
    assert client.post(
        reverse("deliberation_task_act", args=[task.pk, "send_back"]), {"reason": "x"}
    ).status_code in (
        403,
        302,
    )
    task.refresh_from_db()
    assert task.status == "solved"


def test_bad_input_is_a_message_and_changes_nothing(client, street, two):
    client.force_login(street["community"])
    meeting = two["a"]["meeting"]
    before = DeliberationEvent.objects.count()
    response = client.post(
        reverse("deliberation_meeting_act", args=[meeting.pk, "decide"]),
        {"decision": "x", "owner_unit": street.housing.pk, "deadline": "2000-01-01"},
        follow=True,
    )
    assert "完成时限不能早于会议日期" in body(response)
    response = client.post(
        reverse("deliberation_meeting_act", args=[meeting.pk, "publish"]), {"summary": ""}, follow=True
    )
    assert "公开说明" in body(response)
    response = client.post(
        reverse("deliberation_pick", args=[street.programme.pk]),
        {"month": "2024-03", "pick": ["s1.q"]},
        follow=True,
    )
    assert "所选议题无效" in body(response)
    assert DeliberationEvent.objects.count() == before
    assert client.get(reverse("deliberation_tasks") + "?programme=abc").status_code == 200


def test_staff_walk_programme_entry_pick_meeting_publish(client, street):
    client.force_login(street["community"])
    programme = street.programme
    url = reverse("deliberation_programme", args=[programme.pk])
    response = client.post(
        reverse("deliberation_representative_new", args=[programme.pk]),
        {"name": "王秀兰", "phone": "13900001111", "building": street.buildings[0].pk, "grid": "第1网格", "term_start": "2023-07-01"},
        follow=True,
    )  # fmt: skip
    page = body(response)
    assert "王**" in page and "王秀兰" not in page and "13900001111" not in page
    for text in ("小区停车位太少，晚上车停到消防通道", "停车难，能不能规划新的停车位"):
        client.post(
            reverse("deliberation_submission_new", args=[programme.pk]),
            {"channel": "mailbox", "content": text, "building": street.buildings[0].pk},
        )
    assert TopicSubmission.objects.filter(programme=programme, entered_by=street["community"]).count() == 2
    month = timezone.localdate().strftime("%Y-%m")
    pick_url = reverse("deliberation_pick", args=[programme.pk]) + f"?month={month}"
    page = body(client.get(pick_url))
    key = re.search(r'name="pick" value="([^"]+)"', page).group(1)
    assert total(client.get(pick_url)) == 1
    client.post(
        reverse("deliberation_pick", args=[programme.pk]),
        {"month": month, "pick": [key], f"title-{key}": "停车难"},
    )
    topic = programme.topics.get()
    assert topic.title == "停车难" and topic.submissions.count() == 2
    page = body(client.get(reverse("deliberation_meeting_new", args=[programme.pk])))
    assert "王**" in page and "checked" in page
    held_at = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    rep = programme.representatives.get()
    response = client.post(
        reverse("deliberation_meeting_new", args=[programme.pk]),
        {"held_at": held_at, "place": "大槐树下", "topics": [topic.pk], "invited": [rep.pk]},
        follow=True,
    )
    meeting = Meeting.objects.get(programme=programme)

    def act(action, data):
        return client.post(reverse("deliberation_meeting_act", args=[meeting.pk, action]), data)

    act(
        "hold",
        {"attended": [rep.pk], "minutes": "议定划线。", "residents_count": 18, "social_workers": "社工小李"},
    )
    act(
        "decide",
        {
            "decision": "施划停车位",
            "owner_unit": street.housing.pk,
            "deadline": date.today().isoformat(),
            "topic": topic.pk,
        },
    )
    act("publish", {"summary": "将施划停车位。"})
    meeting.refresh_from_db()
    assert meeting.status == "published" and meeting.tasks.count() == 1 and meeting.residents_count == 18
    page = body(client.get(reverse("deliberation_meeting", args=[meeting.pk])))
    assert "社会工作者：社工小李" in page
    assert "delib-chart-data" in body(client.get(url))


@pytest.mark.parametrize("role", ["dispatcher", "leader", "community", "department", "other_community"])
def test_workbench_tiles_equal_the_lists_they_open(client, street, two, role):
    client.force_login(street[role])
    with workbench_tiles.only("deliberation"):
        page = body(client.get(reverse("workbench")))
    tiles = re.findall(r'<a class="tile[^"]*" href="([^"]*/deliberation/[^"]*)" data-count="(\d+)"', page)
    assert tiles, "no deliberation tiles on the workbench"
    for url, count in tiles:
        assert total(client.get(url.replace("&amp;", "&"))) == int(count), url
    if role == "community":
        assert ("/deliberation/tasks/?queue=overdue", "1") in tiles
    if role == "department":
        assert ("/deliberation/tasks/?queue=overdue&amp;mine=on", "1") in tiles


def test_the_order_page_loads_the_tasks_linked_to_it(client, street, two):
    from tests.factories import WorkOrderFactory

    order = WorkOrderFactory(community=street.community)
    services.task_link(task_id=two["a"]["task"].pk, actor=street["community"], orders=[order])
    client.force_login(street["community"])
    assert reverse("deliberation_order_panel", args=[order.pk]) in body(
        client.get(reverse("order_detail", args=[order.pk]))
    )
    panel = body(client.get(reverse("deliberation_order_panel", args=[order.pk])))
    assert "停车位不足消防通道被占整改" in panel and SECRET not in panel
    client.force_login(street["other_community"])
    assert client.get(reverse("deliberation_order_panel", args=[order.pk])).status_code == 404
    other = WorkOrderFactory(community=street.community)
    client.force_login(street["community"])
    assert client.get(reverse("deliberation_order_panel", args=[other.pk])).content == b""


def test_a_representative_term_ends_from_the_programme_page(client, street):
    rep = services.representative_add(
        programme_id=street.programme.pk,
        actor=street["community"],
        name="王秀兰",
        term_start=date(2023, 7, 1),
    )
    url = reverse("deliberation_representative_term", args=[street.programme.pk, rep.pk])
    client.force_login(street["other_community"])
    assert client.post(url, {"term_end": "2024-06-30"}).status_code == 404
    client.force_login(street["grid_worker"])
    assert client.post(url, {"term_end": "2024-06-30"}).status_code == 403
    client.force_login(street["community"])
    client.post(url, {"term_end": "2024-06-30"})
    rep.refresh_from_db()
    assert rep.term_end == date(2024, 6, 30)
    event = DeliberationEvent.objects.get(kind="representative_changed")
    assert event.new == {"representative": rep.pk, "term_end": "2024-06-30"} and event.old["term_end"] is None
    assert "王**" not in body(client.get(reverse("deliberation_programme", args=[street.programme.pk])))


def test_a_confirmed_topic_is_dropped_with_a_reason(client, street):
    submission = services.submission_create(
        programme_id=street.programme.pk,
        actor=street["community"],
        channel="mailbox",
        content="快递柜不够用，取件排队",
    )
    topic = services.topics_confirm(
        programme_id=street.programme.pk, month=timezone.localdate(), actor=street["community"],
        picks=[services.Pick(title="快递柜", submission_ids=[submission.pk])],
    )[0]  # fmt: skip
    url = reverse("deliberation_topic_drop", args=[topic.pk])
    client.force_login(street["other_community"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(street["community"])
    assert "撤下议题" in body(client.get(reverse("deliberation_pick", args=[street.programme.pk])))
    response = client.post(url, {"reason": ""}, follow=True)
    assert "原因" in body(response)
    client.post(url, {"reason": "物业已自行解决"})
    topic.refresh_from_db()
    assert topic.status == "dropped"
    assert DeliberationEvent.objects.get(topic=topic, kind="topic_drop").note == "物业已自行解决"
    response = client.post(url, {"reason": "再撤一次"}, follow=True)
    assert "不能执行「撤下议题」" in body(response)


def test_the_centre_opens_the_riders_council_from_the_form(client, street):
    client.force_login(street["community"])
    page = body(client.get(reverse("deliberation_new")))
    assert "甲社区" in page and "乙社区" not in page  # a community worker creates for their community
    client.force_login(street["leader"])
    assert client.get(reverse("deliberation_new")).status_code == 403
    client.force_login(street["dispatcher"])
    response = client.post(
        reverse("deliberation_new"),
        {
            "name": "小哥议事会",
            "community": "",
            "started_on": "2024-04-01",
            "order_channel": "rider",
            "rules": "每季度议事",
        },
        follow=True,
    )
    council = Programme.objects.get(name="小哥议事会")
    assert council.community is None and council.audience == "riders" and council.order_channel == "rider"
    page = body(response)
    assert "已新建议事项目" in page and "新就业群体" in page and "delib-chart-data" in page
    client.force_login(street["community"])
    assert client.get(reverse("deliberation_programme", args=[council.pk])).status_code == 404
    response = client.post(
        reverse("deliberation_edit", args=[street.programme.pk]),
        {
            "name": "大槐树下唠家常",
            "started_on": "2023-07-01",
            "order_channel": "12345",
            "rules": "新规则",
            "management_group": "组长 刘社区",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    street.programme.refresh_from_db()
    assert street.programme.rules == "新规则"
    assert DeliberationEvent.objects.get(kind="programme_changed").old == {
        "rules": "每月第三个周四下午议事。"
    }
