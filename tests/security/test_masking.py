"""Personal data: the middle of any phone or name is hidden whatever its length; phone and ID
numbers typed into free text are masked on pages, lists, exports, the API and the admin."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.accounts.models import Role
from jiesu.core.masking import mask_free_text, mask_name, mask_phone
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from tests.factories import UserFactory

PHONE, ID_NUMBER, LANDLINE = "13912345678", "110101199003071234", "010-62345678"
TEXT = f"楼上漏水，我的电话{PHONE}，身份证{ID_NUMBER}，座机{LANDLINE}，5号楼2单元301，2024年9月1日报修。"


@pytest.mark.parametrize("length", range(1, 21))
def test_a_phone_of_any_length_keeps_its_middle_hidden(length):
    digits = "".join(str((n * 7 + 3) % 10) for n in range(length))
    masked = mask_phone(digits)
    shown = sum(ch.isdigit() for ch in masked)
    assert len(masked) == length and "*" in masked
    assert shown <= (7 if length >= 11 else length // 2), (digits, masked)  # 11 digits: 138****5678
    if length >= 3:
        middle = length // 2
        assert masked[middle] == "*"


def test_the_issue_examples():
    assert mask_phone("1234567") == "1****67"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138-1234-5678") == "138****5678"


@pytest.mark.parametrize(
    ("name", "masked"), [("张三丰", "张**"), ("李", "*"), ("欧阳娜娜", "欧***"), ("\u200b王五", "王*")]
)
def test_names_show_only_their_first_character(name, masked):
    assert mask_name(name) == masked


def test_numbers_in_free_text_are_masked_and_the_rest_left_alone():
    masked = mask_free_text(TEXT)
    assert PHONE not in masked and ID_NUMBER not in masked and "62345678" not in masked
    assert "139****5678" in masked and "110***********1234" in masked
    assert "5号楼2单元301" in masked and "2024年9月1日" in masked
    assert mask_free_text("工单号 20240901000123") == "工单号 20240901000123"
    assert mask_free_text("联系电话：6234567") == "联系电话：6****67"
    assert mask_free_text("") == ""


@pytest.fixture
def texty_order(street):
    order = street.a.order
    WorkOrder.objects.filter(pk=order.pk).update(content=TEXT, title=f"漏水 {PHONE}")
    services.workorder_add_note(order_id=order.pk, actor=street.dispatcher, note=f"已联系 {PHONE}")
    return WorkOrder.objects.get(pk=order.pk)


@pytest.mark.parametrize("who", ["dispatcher", "property", "community", "leader"])
def test_the_order_page_masks_numbers_in_text(street, login, texty_order, who):
    user = {"dispatcher": street.dispatcher, "property": street.a.property_user,
            "community": street.a.community_user, "leader": street.leader}[who]  # fmt: skip
    body = login(user).get(reverse("order_detail", args=[texty_order.pk])).content.decode()
    assert PHONE not in body and ID_NUMBER not in body
    assert "139****5678" in body and "5号楼2单元301" in body


def test_a_logged_reveal_shows_the_content_in_clear(street, login, texty_order):
    body = login(street.dispatcher).post(reverse("order_unmask", args=[texty_order.pk])).content.decode()
    assert ID_NUMBER in body


def test_lists_exports_and_the_api_mask_numbers_in_text(street, login, texty_order):
    client = login(street.dispatcher)
    assert PHONE not in client.get(reverse("order_list")).content.decode()
    sheet = load_workbook(BytesIO(client.get(reverse("export_orders")).content)).active
    cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    assert PHONE not in cells and ID_NUMBER not in cells and "139****5678" in cells
    api = client.get(f"/api/orders/{texty_order.pk}").content.decode()
    assert PHONE not in api and ID_NUMBER not in api


def test_the_admin_shows_citizens_masked(client, texty_order):
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN, is_superuser=True, is_staff=True))
    body = client.get(reverse("admin:workorders_workorder_change", args=[texty_order.pk])).content.decode()
    assert "张**" in body and "138****5678" in body
    assert "张三丰" not in body and "13812345678" not in body and PHONE not in body and ID_NUMBER not in body
    # searching by a number typed into the title would tell whether it is there: not offered
    listing = client.get(reverse("admin:workorders_workorder_changelist"), {"q": PHONE})
    assert listing.context["cl"].result_count == 0


def test_masking_free_text_is_cheap():
    """Bounded, not timed: the full pattern only runs near long digit runs."""
    from jiesu.core import masking

    calls = []
    original = masking._PATTERN

    class Spy:
        def sub(self, repl, text):
            calls.append(text)
            return original.sub(repl, text)

    masking._PATTERN = Spy()
    try:
        masking.mask_free_text("小区电梯坏了三天，老人上下楼困难。" * 50)
        masking.mask_free_text("电话13812345678，小区电梯坏了。" * 3)
    finally:
        masking._PATTERN = original
    assert len(calls) == 3 and all(len(text) <= 30 for text in calls)
