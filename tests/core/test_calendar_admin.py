"""Entering a year's holiday notice: the service, the admin form, and the warnings before it is done.

Today is pinned to 2026-11-30: chinesecalendar 1.11 knows up to 2026, so 2027 starts a gap of 29
days within the next 60.
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jiesu.accounts.models import Role
from jiesu.core import holidays
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.models import CalendarDay, CalendarEvent
from jiesu.core.notices import calendar_tiles
from jiesu.core.selectors import calendar_current, calendar_gap
from tests.factories import DispatcherFactory, UserFactory

TODAY = date(2026, 11, 30)
NOTICE_2027 = "元旦：1月1日至3日\n春节：2月6日（农历除夕）至13日放假调休，共8天。2月14日（星期日）上班。"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("jiesu.core.selectors.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def centre_admin():
    return UserFactory(username="centre", role=Role.CENTRE_ADMIN, is_staff=True, is_superuser=True)


def test_2027_is_a_gap_of_29_days_until_its_notice_is_entered(centre_admin):
    gap = calendar_gap()
    assert (len(gap.days), gap.years, gap.days[0]) == (29, [2027], date(2027, 1, 1))
    assert "2027 年" in gap.message

    result = holidays.calendar_notice_enter(year=2027, days_off=NOTICE_2027, actor=centre_admin)

    assert (result.notice.days_off, result.notice.workdays, result.replaced) == (11, 1, 0)
    assert calendar_gap().days == []
    current = calendar_current()
    assert current.is_workday(date(2027, 1, 1)) is False  # a Friday, now a holiday
    assert current.is_workday(date(2027, 2, 14)) is True  # a Sunday, now worked
    assert current.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_entering_a_notice_writes_one_audited_event_with_old_and_new(centre_admin):
    CalendarDay.objects.create(date=date(2027, 1, 4), is_workday=False, note="街道试行")

    holidays.calendar_notice_enter(year=2027, days_off="元旦：1月1日", actor=centre_admin)

    event = CalendarEvent.objects.get()
    assert (event.kind, event.year, event.actor, event.actor_unit) == ("notice", 2027, centre_admin, None)
    assert event.old == {"2027-01-04": False}
    assert event.new == {"2027-01-01": False}
    assert list(CalendarDay.objects.values_list("date", "is_workday", "note")) == [
        (date(2027, 1, 1), False, "2027年通知·元旦")
    ]


def test_a_user_without_the_permission_or_a_bad_notice_changes_nothing(centre_admin):
    with pytest.raises(NotPermitted):
        holidays.calendar_notice_enter(year=2027, days_off=NOTICE_2027, actor=DispatcherFactory())
    with pytest.raises(ValidationFailed, match="2027年2月30日 不是有效日期"):
        holidays.calendar_notice_enter(year=2027, days_off="元旦：1月1日\n2月30日", actor=centre_admin)

    assert not CalendarDay.objects.exists()
    assert not CalendarEvent.objects.exists()
    assert len(calendar_gap().days) == 29


def test_the_workbench_tile_counts_the_days_the_admin_form_lists(client, centre_admin):
    [tile] = calendar_tiles(centre_admin)
    assert (tile.count, tile.tone, tile.label) == (29, "danger", "2027年放假安排未录入（天）")
    client.force_login(centre_admin)

    page = client.get(tile.url)

    assert page.status_code == 200
    assert f'data-total="{tile.count}"' in page.content.decode()
    assert "2027-01-01 至 2027-01-29（29 天）" in page.content.decode()
    workbench = client.get(reverse("workbench")).content.decode()
    assert f'href="{tile.url}"' in workbench


def test_only_centre_admins_who_may_edit_the_calendar_see_the_tile(centre_admin):
    assert calendar_tiles(DispatcherFactory()) == []
    assert calendar_tiles(UserFactory(role=Role.CENTRE_ADMIN)) == []  # no admin access: cannot act
    holidays.calendar_notice_enter(year=2027, days_off=NOTICE_2027, actor=centre_admin)
    assert calendar_tiles(centre_admin) == []


def test_the_admin_form_enters_the_notice_and_says_so(client, centre_admin):
    client.force_login(centre_admin)
    url = reverse("admin:core_calendarday_notice")

    page = client.post(url, {"year": 2027, "days_off": NOTICE_2027, "workdays": ""}, follow=True)

    body = page.content.decode()
    assert page.status_code == 200
    assert "已录入 2027 年的放假安排：放假 11 天，调休上班 1 天。" in body
    assert 'data-total="0"' in body
    assert CalendarDay.objects.count() == 12
    assert CalendarEvent.objects.filter(kind="notice", year=2027, actor=centre_admin).count() == 1


def test_the_admin_form_refuses_a_bad_notice_with_a_400_and_writes_nothing(client, centre_admin):
    client.force_login(centre_admin)

    page = client.post(reverse("admin:core_calendarday_notice"), {"year": 2027, "days_off": "10月7日至1日"})

    assert page.status_code == 400
    assert "结束日期 2027-10-01 早于开始日期 2027-10-07" in page.content.decode()
    assert not CalendarDay.objects.exists()


def test_the_admin_warns_on_its_index_and_the_calendar_list_and_is_branded(client, centre_admin):
    client.force_login(centre_admin)

    index = client.get(reverse("admin:index")).content.decode()
    days = client.get(reverse("admin:core_calendarday_changelist")).content.decode()

    assert "接诉 · 管理后台" in index
    assert "其法定节假日和调休安排尚未录入" in index
    assert "其法定节假日和调休安排尚未录入" in days
    assert reverse("admin:core_calendarday_notice") in days


def test_a_day_edited_in_the_admin_is_audited(client, centre_admin):
    client.force_login(centre_admin)
    add = reverse("admin:core_calendarday_add")

    client.post(add, {"date": "2027-01-04", "is_workday": "", "note": "街道统一调休"})
    day = CalendarDay.objects.get()
    client.post(reverse("admin:core_calendarday_delete", args=[day.pk]), {"post": "yes"})

    assert not CalendarDay.objects.exists()
    events = list(CalendarEvent.objects.values_list("kind", "old", "new"))
    assert events == [("day_set", {}, {"2027-01-04": False}), ("day_deleted", {"2027-01-04": False}, {})]


def test_sla_scan_warns_about_the_gap_on_stderr_and_not_after_the_notice(centre_admin):
    out, err = StringIO(), StringIO()
    call_command("sla-scan", stdout=out, stderr=err)
    assert "警告：未来 60 天中有 29 天（2027-01-01 起）属于 2027 年" in err.getvalue()
    assert out.getvalue().startswith("时限扫描完成")

    holidays.calendar_notice_enter(year=2027, days_off=NOTICE_2027, actor=centre_admin)
    err = StringIO()
    call_command("sla-scan", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""
