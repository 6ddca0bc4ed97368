"""The public channel's part of the demo street: tracking records for recent QR and riders' orders.

The codes are derived from the seed and the order (so a demo can be tried, not so production
codes could be: those come from `secrets`); the summary prints two to try on /p/track/.
"""

import hashlib
from datetime import timedelta

from jiesu.core.extensions import DemoContext
from jiesu.public.codes import ALPHABET, LENGTH, code_display, code_hash
from jiesu.public.models import EverydayCategory, Submission
from jiesu.workorders.models import Channel, WorkOrder

RECENT_DAYS = 60


def demo_code(seed: int, order_id: int) -> str:
    digest = hashlib.sha256(f"jiesu-demo-code:{seed}:{order_id}".encode()).digest()
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:LENGTH])


def public_demo_seed(context: DemoContext) -> str:
    everyday = {row.category_path: row for row in EverydayCategory.objects.exclude(category_path="")}
    orders = (
        WorkOrder.objects.filter(
            channel__in=[Channel.QR, Channel.RIDER],
            received_at__gte=context.now - timedelta(days=RECENT_DAYS),
        )
        .select_related("compound__community", "category")
        .order_by("received_at", "id")
    )
    rows, shown = [], {}  # one code to try while open, one once done
    for order in orders:
        digits = "".join(char for char in order.citizen_phone if char.isdigit())
        if len(digits) < 4:
            continue
        code = demo_code(context.seed, order.pk)
        compound = order.compound
        rows.append(
            Submission(
                order=order,
                code_hash=code_hash(code),
                phone_last4=digits[-4:],
                place_kind="c" if compound and order.channel == Channel.QR else "",
                place_id=compound.pk if compound and order.channel == Channel.QR else None,
                place_label=f"{compound.name}（{compound.community.name}）"
                if compound and order.channel == Channel.QR
                else "",
                everyday=everyday.get(order.category.path) if order.category else None,
                created_at=order.received_at,
            )
        )
        stage = "open" if order.status in ("new", "dispatched", "accepted", "returned") else "done"
        if order.channel == Channel.QR and stage not in shown:
            shown[stage] = f"{code_display(code)}（手机后四位 {digits[-4:]}，{order.get_status_display()}）"
    Submission.objects.bulk_create(rows, batch_size=2000)
    context.extras["public_codes"] = list(shown.values())
    tries = "；试查：" + "，".join(shown.values()) if shown else ""
    return f"公众端：近{RECENT_DAYS}天扫码和小哥说事工单的查询记录 {len(rows)} 条{tries}"
