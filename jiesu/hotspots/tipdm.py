"""The detector on real messages: the TIPDM 2020 C "attachment3" board (4,326 dated messages of
one city, places anonymised as district codes such as "A3区"). Pure Python, used by the bench.

Category: the first keyword group found in the subject (then the text); place: the first
district code (A<n>区/县/市) in the subject, else in the text. Messages without either are skipped.
"""

import csv
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from jiesu.hotspots.detector import Detector, Event, Params

# (category, keywords): the first group with a keyword in the message wins
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("噪音扰民", ("噪音", "噪声", "扰民", "施工吵", "广场舞")),
    ("房产交房", ("交房", "开发商", "房产证", "不动产", "购房", "楼盘", "烂尾")),
    ("物业管理", ("物业",)),
    ("拆迁安置", ("拆迁", "征收", "征地", "安置")),
    ("教育学校", ("学校", "学生", "教育", "幼儿园", "学位", "老师", "补课")),
    ("交通道路", ("道路", "公交", "交通", "红绿灯", "停车", "堵车", "马路", "地铁")),
    ("供水供电燃气", ("停水", "自来水", "供水", "停电", "供电", "燃气", "天然气")),
    ("环境污染", ("污染", "垃圾", "臭", "排放", "粉尘", "油烟", "污水")),
    ("社保医疗", ("社保", "医保", "养老", "医院", "公积金")),
    ("劳动工资", ("工资", "欠薪", "拖欠", "劳动")),
)
PLACE = re.compile(r"A\d{1,2}[区县市]")


def keyword_category(text: str) -> str:
    for category, words in KEYWORDS:
        if any(word in text for word in words):
            return category
    return ""


def tipdm_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _row_event(row: dict) -> tuple[Event, str] | None:
    subject, text = row["留言主题"].strip(), " ".join(row["留言详情"].split())
    category = keyword_category(subject) or keyword_category(text)
    place = PLACE.search(subject) or PLACE.search(text)
    try:
        at = datetime.strptime(row["留言时间"].strip(), "%Y/%m/%d %H:%M:%S")
    except ValueError:
        return None
    if not category or not place:
        return None
    return Event(int(row["留言编号"]), at, category, place.group()), subject


def tipdm_events(path: Path) -> tuple[list[Event], dict[int, str], int]:
    """(events, subject by message id, number of messages read)."""
    rows = tipdm_rows(path)
    events, subjects = [], {}
    for row in rows:
        parsed = _row_event(row)
        if parsed:
            events.append(parsed[0])
            subjects[parsed[0].id] = parsed[1]
    return events, subjects, len(rows)


def tipdm_report(
    loaded: tuple[list[Event], dict[int, str], int], params: Params, *, alert_from: datetime, top: int = 15
) -> dict:
    """Messages before `alert_from` only build the baseline (the board has no earlier year)."""
    events, subjects, read = loaded
    detector = Detector(params)
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        detector.observe(event, alerting=event.at >= alert_from)
    alerts = sorted(detector.alerts, key=lambda a: (a.p_value, -a.count))
    return {
        "mode": "tipdm",
        "messages": read,
        "with_place_and_category": len(events),
        "period": f"{min(e.at for e in events):%Y-%m-%d}..{max(e.at for e in events):%Y-%m-%d}",
        "alerting_from": f"{alert_from:%Y-%m-%d}",
        "params": params.__dict__,
        "categories": Counter(e.category for e in events).most_common(),
        "alerts": len(alerts),
        "alerts_by_category": Counter(a.category for a in alerts).most_common(),
        "top": [
            {
                "place": a.place,
                "category": a.category,
                "first": f"{a.first_at:%Y-%m-%d %H:%M}",
                "raised": f"{a.raised_at:%Y-%m-%d %H:%M}",
                "last": f"{a.last_at:%Y-%m-%d %H:%M}",
                "count": a.count,
                "expected_in_window": round(a.expected, 3),
                "p_value": float(f"{a.p_value:.2g}"),
                "examples": list(dict.fromkeys(subjects[i] for i in a.order_ids))[:3],
            }
            for a in alerts[:top]
        ],
    }
