"""The audit log: what lands in it, and that only the auditor reads it (filters, paging)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts.models import Role
from jiesu.audit.models import AuditKind, AuditLog
from jiesu.audit.services import audit_record
from jiesu.core.models import CalendarDay
from tests.factories import UserFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor():
    return UserFactory(username="shenji", role=Role.AUDITOR)


def test_exports_are_audited(client, dispatcher):
    client.force_login(dispatcher)
    assert client.get(reverse("export_orders") + "?status=new").status_code == 200
    row = AuditLog.objects.get(kind=AuditKind.EXPORT)
    assert row.user == dispatcher and row.path.endswith("?status=new")


def test_imports_are_audited_with_the_file_name(client, dispatcher):
    client.force_login(dispatcher)
    upload = SimpleUploadedFile(
        "十二月.csv", "工单编号,受理时间,诉求内容\nA1,2024-12-01 08:00,噪音\n".encode()
    )
    assert client.post(reverse("import_orders"), {"file": upload}).status_code < 400
    row = AuditLog.objects.get(kind=AuditKind.IMPORT)
    assert row.user == dispatcher and row.detail["files"] == ["十二月.csv"]


def test_opening_the_import_page_is_not_an_import(client, dispatcher):
    client.force_login(dispatcher)
    client.get(reverse("import_orders"))
    assert not AuditLog.objects.filter(kind=AuditKind.IMPORT).exists()


def test_a_reveal_of_personal_data_is_audited(client, dispatcher):
    order = WorkOrderFactory(number="R-2024-1")
    client.force_login(dispatcher)
    client.post(reverse("order_unmask", args=[order.pk]), REMOTE_ADDR="10.2.3.4")
    row = AuditLog.objects.get(kind=AuditKind.REVEAL)
    assert (row.user, row.target, row.ip) == (dispatcher, "工单 R-2024-1", "10.2.3.4")


def test_admin_changes_are_audited(client):
    admin = UserFactory(role=Role.CENTRE_ADMIN)
    client.force_login(admin)
    added = client.post(
        reverse("admin:core_calendarday_add"), {"date": "2025-10-11", "is_workday": "on", "note": "调休上班"}
    )
    assert added.status_code == 302
    day = CalendarDay.objects.get()
    changed = client.post(
        reverse("admin:core_calendarday_change", args=[day.pk]),
        {"date": "2025-10-11", "is_workday": "on", "note": "国庆调休上班"},
    )
    assert changed.status_code == 302
    client.post(reverse("admin:core_calendarday_delete", args=[day.pk]), {"post": "yes"})
    kinds = list(AuditLog.objects.filter(user=admin).exclude(kind="login").values_list("kind", flat=True))
    assert sorted(kinds) == ["admin_add", "admin_change", "admin_delete"]
    change = AuditLog.objects.get(kind=AuditKind.ADMIN_CHANGE)
    assert change.detail["model"] == "core.calendarday" and "2025-10-11" in change.target


def test_only_the_auditor_reads_the_log(client, dispatcher, auditor):
    audit_record(kind=AuditKind.LOGIN, username="someone")
    for role in (Role.DISPATCHER, Role.CENTRE_ADMIN, Role.SECURITY_ADMIN, Role.LEADER, Role.COMMUNITY):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("audit_log")).status_code == 403, role
    superuser = UserFactory(role=Role.DISPATCHER, is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(reverse("audit_log")).status_code == 403
    client.force_login(auditor)
    body = client.get(reverse("audit_log")).content.decode()
    assert "someone" in body and "安全审计日志" in body


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(reverse("audit_log")).status_code == 302


def test_the_auditor_filters_and_pages(client, auditor):
    old = timezone.now() - timedelta(days=40)
    for n in range(60):
        audit_record(kind=AuditKind.LOGIN_FAILED, username=f"guess{n}")
    audit_record(kind=AuditKind.EXPORT, username="wangwu")
    AuditLog.objects.create(kind=AuditKind.LOGIN, username="laozhang", at=old)
    client.force_login(auditor)  # itself one login row
    page1 = client.get(reverse("audit_log"), {"kind": "login_failed"})
    assert 'data-total="60"' in page1.content.decode() and "第 1 / 2 页" in page1.content.decode()
    page2 = client.get(reverse("audit_log"), {"kind": "login_failed", "page": 2}).content.decode()
    assert page2.count('class="audit-login_failed"') == 10
    by_user = client.get(reverse("audit_log"), {"username": "wangwu"}).content.decode()
    assert 'data-total="1"' in by_user
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = client.get(reverse("audit_log"), {"kind": "login", "date_from": since}).content.decode()
    assert "laozhang" not in recent and 'data-total="1"' in recent


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "9999-12-31"},
        {"date_to": "0001-01-01"},
        {"ip": "not-an-ip"},
        {"page": "99999999999999999999"},
    ],
)
def test_bad_filters_get_a_clear_answer_not_an_error(client, auditor, query):
    client.force_login(auditor)
    assert client.get(reverse("audit_log"), query).status_code in (200, 400)
