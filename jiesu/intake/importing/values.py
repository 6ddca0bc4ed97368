"""Parsing cell values: dates in every common form, yes/no, appeal types, statuses, channels.

Every parser takes a raw cell value and returns the parsed value, or None when the text is not
recognised (the caller decides whether that rejects the row or only warns).
"""

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.utils import timezone

from jiesu.core.normalise import clean_text
from jiesu.workorders.models import AppealType, Channel, Satisfaction, Urgency
from jiesu.workorders.states import Status

EXCEL_EPOCH = datetime(1899, 12, 30)
YEARS = range(1990, 2101)
DATETIME_RE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"(?:[T\s]*(?P<H>\d{1,2})\s*[:时点]\s*"
    r"(?:(?P<M>\d{1,2})\s*[:分]?\s*(?:(?P<S>\d{1,2})(?:\.\d+)?\s*秒?)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
DIGITS_RE = re.compile(r"\d{8}(?:\d{4}(?:\d{2})?)?")
SERIAL_RE = re.compile(r"\d{1,6}(?:\.\d+)?")


def text(value) -> str:
    """A cell as clean text: numbers without a spurious '.0', dates in ISO form, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def _norm(value) -> str:
    return "".join(unicodedata.normalize("NFKC", text(value)).split()).lower()


def _aware(moment: datetime) -> datetime | None:
    """Whole seconds, in a plausible year, naive times read in the current time zone."""
    if moment.year not in YEARS:
        return None
    moment = moment.replace(microsecond=0)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def _from_serial(serial: float) -> datetime | None:
    if not 0 < serial < 2958466:
        return None
    return _aware(EXCEL_EPOCH + timedelta(seconds=round(serial * 86400)))


def _from_digits(digits: str) -> datetime | None:
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    try:
        return _aware(datetime.strptime(digits, formats[len(digits)]))
    except ValueError:
        return None


def _tzinfo(suffix: str):
    if suffix == "Z":
        return UTC
    sign = -1 if suffix[0] == "-" else 1
    hours, minutes = int(suffix[1:3]), int(suffix[-2:])
    return dt_timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(value) -> datetime | None:
    """An aware datetime from a cell: datetime/date cells, Excel serials, and text forms such as
    2024/9/1 8:05, 2024-09-01T08:05, 2024年9月1日 8时5分, 20240901, ２０２４－０９－０１.
    Naive times are in the current time zone (Asia/Shanghai)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return _aware(datetime.combine(value, datetime.min.time()))
    if isinstance(value, int | float):
        if isinstance(value, int) or value.is_integer():
            digits = str(int(value))
            if len(digits) == 8:
                return _from_digits(digits)
        return _from_serial(float(value))
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if DIGITS_RE.fullmatch(raw):
        return _from_digits(raw)
    if SERIAL_RE.fullmatch(raw):
        return _from_serial(float(raw))
    match = DATETIME_RE.fullmatch(raw)
    if not match:
        return None
    parts = {key: int(number) for key, number in match.groupdict().items() if key != "tz" and number}
    try:
        moment = datetime(
            parts["y"], parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0), parts.get("S", 0)
        )
    except ValueError:
        return None
    if match.group("tz"):
        moment = moment.replace(tzinfo=_tzinfo(match.group("tz")))
    return _aware(moment)


TRUE_WORDS = {"是", "已联系", "已解决", "联系", "解决", "有", "1", "y", "yes", "true", "√", "✓", "✔"}
FALSE_WORDS = {
    "否",
    "未联系",
    "未解决",
    "没联系",
    "没有联系",
    "没解决",
    "没有解决",
    "无",
    "0",
    "n",
    "no",
    "false",
    "×",
    "✗",
    "✘",
}


def parse_bool(value) -> bool | None:
    word = _norm(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or word.startswith(("未", "没", "不")):
        return False
    if word.startswith("已"):
        return True
    return None


def parse_satisfaction(value) -> str | None:
    word = _norm(value)
    if word in Satisfaction.values:
        return word
    if "不满意" in word:
        return Satisfaction.UNSATISFIED
    if word in {"基本满意", "比较满意", "一般"}:
        return Satisfaction.BASIC
    if word in {"满意", "非常满意", "很满意"}:
        return Satisfaction.SATISFIED
    return None


def _choice(value, choices, words: dict[str, str]) -> str | None:
    word = _norm(value)
    if word in choices.values:
        return word
    by_label = {label: key for key, label in choices.choices}
    return by_label.get(word) or words.get(word)


APPEAL_WORDS = {
    "意见建议": AppealType.SUGGESTION,
    "意见": AppealType.SUGGESTION,
    "感谢": AppealType.PRAISE,
    "表扬感谢": AppealType.PRAISE,
    "咨询类": AppealType.INQUIRY,
    "求助类": AppealType.HELP,
    "投诉类": AppealType.COMPLAINT,
    "举报类": AppealType.REPORT,
    "建议类": AppealType.SUGGESTION,
}
URGENCY_WORDS = {
    "普通": Urgency.NORMAL,
    "正常": Urgency.NORMAL,
    "急": Urgency.URGENT,
    "特别紧急": Urgency.CRITICAL,
    "非常紧急": Urgency.CRITICAL,
}
CHANNEL_WORDS = {
    "12345": Channel.HOTLINE,
    "12345热线": Channel.HOTLINE,
    "市民热线": Channel.HOTLINE,
    "热线": Channel.HOTLINE,
    "12345市民服务热线": Channel.HOTLINE,
    "电话": Channel.PHONE,
    "来访": Channel.WALK_IN,
    "窗口": Channel.WALK_IN,
    "二维码": Channel.QR,
    "网格员": Channel.GRID,
    "议事会": Channel.DELIBERATION,
}
STATUS_WORDS = {
    Status.NEW: ("待派单", "待受理", "待分派", "未派单", "新建", "已受理"),
    Status.DISPATCHED: ("已派单", "待签收", "已转派", "已下派", "待接单"),
    Status.ACCEPTED: ("办理中", "处理中", "已签收", "已接单", "正在办理"),
    Status.RETURNED: ("已退单", "退回", "退单", "已退回"),
    Status.RESOLVED: ("已办结", "已办理", "待回访", "已反馈", "已答复", "办结"),
    Status.VISITED: ("已回访",),
    Status.CLOSED: ("已结案", "已关闭", "已归档", "结案", "关闭", "归档"),
}
STATUS_BY_WORD = {word: status.value for status, words in STATUS_WORDS.items() for word in words}


def parse_appeal_type(value) -> str | None:
    return _choice(value, AppealType, APPEAL_WORDS)


def parse_urgency(value) -> str | None:
    return _choice(value, Urgency, URGENCY_WORDS)


def parse_channel(value) -> str | None:
    return _choice(value, Channel, CHANNEL_WORDS)


def parse_status(value) -> str | None:
    """Platform status text to our Status; codes of our own statuses are accepted too."""
    word = _norm(value)
    if word in STATUS_BY_WORD:
        return STATUS_BY_WORD[word]
    if word in Status.values and word != Status.MERGED:
        return word
    return None


LIMIT_RE = re.compile(r"(?P<n>\d{1,3})\s*(?P<unit>个?工作日|天|日|个?小时)?")


def parse_time_limit(value) -> tuple[int, str] | None:
    """A 办理时限 given as a duration ("5", "5个工作日", "24小时"): (amount, "days" | "hours")."""
    raw = unicodedata.normalize("NFKC", text(value)).strip()
    match = LIMIT_RE.fullmatch(raw)
    if not match:
        return None
    unit = match.group("unit") or ""
    return int(match.group("n")), "hours" if "小时" in unit else "days"
