"""What must not wait: urgency rules as data, evaluated on the text and the date (pure).

Levels follow workorders.Urgency: "normal" < "urgent" (紧急) < "critical" (特急). A rule may hold
only in a season (heating: 15 Nov – 15 Mar, Beijing's heating period).
"""

import re
from dataclasses import dataclass
from datetime import date

NORMAL, URGENT, CRITICAL = "normal", "urgent", "critical"
RANK = {NORMAL: 0, URGENT: 1, CRITICAL: 2}
HEATING_SEASON = ((11, 15), (3, 15))  # (month, day) start and end, inclusive, across the new year


@dataclass(frozen=True)
class UrgencyRule:
    pattern: str  # a regular expression on the normalised text
    level: str
    reason: str
    season: tuple[tuple[int, int], tuple[int, int]] | None = None
    unless: str = ""  # a pattern that cancels the rule (已修好, 没有燃气味)

    def applies(self, text: str, day: date) -> bool:
        if self.season and not in_season(day, self.season):
            return False
        if not re.search(self.pattern, text):
            return False
        return not (self.unless and re.search(self.unless, text))


RULES: tuple[UrgencyRule, ...] = (
    UrgencyRule(
        r"(燃气|煤气|天然气|液化气)(味|泄漏|泄露|漏气)|漏气|闻到.{0,4}(燃气|煤气)",
        CRITICAL,
        "疑似燃气泄漏",
        unless=r"(没有|无|未闻到)(燃气|煤气)味",
    ),
    UrgencyRule(r"被困|困在电梯|电梯.{0,4}困人|关在电梯|困人", CRITICAL, "有人被困"),
    UrgencyRule(r"漏电|电线.{0,4}(起火|着火|冒烟)|起火|着火|冒烟|火灾", CRITICAL, "用电或火灾危险"),
    UrgencyRule(r"(井盖|雨水箅子).{0,4}(缺失|丢失|没了|被盗|不见)|没有井盖", URGENT, "井盖缺失"),
    UrgencyRule(
        r"(独居|孤寡|空巢).{0,8}(老人|老太|老大爷|大爷|大妈).{0,16}(无人|没人|没有人)(照顾|照料|管)",
        URGENT,
        "独居老人无人照顾",
    ),
    UrgencyRule(
        r"(暖气|供暖|供热).{0,6}(不热|不供|停|没有|冰凉|漏水|中断)|(没有|停了|没)暖气|停暖|停热",
        URGENT,
        "供暖季停暖或暖气不热",
        season=HEATING_SEASON,
    ),
    UrgencyRule(r"停水|断水|没(有)?水(?![平准压果])|水管.{0,4}(爆|裂)|爆管", URGENT, "停水或爆管"),
    UrgencyRule(r"停电|断电|没(有)?电(?![梯动瓶视话脑源线])", URGENT, "停电"),
    UrgencyRule(r"(楼体|墙体|阳台|外墙).{0,6}(坍塌|脱落|掉落)|坍塌|塌陷", URGENT, "坠落或坍塌危险"),
)


def in_season(day: date, season: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    start, end = season
    key = (day.month, day.day)
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end


def urgency_assess(text: str, *, day: date, rules: tuple[UrgencyRule, ...] = RULES) -> tuple[str, list[str]]:
    """(level, reasons): the highest level of every rule that applies, with each rule's reason."""
    text = re.sub(r"\s+", "", text or "")
    level, reasons = NORMAL, []
    for rule in rules:
        if rule.applies(text, day):
            reasons.append(rule.reason)
            if RANK[rule.level] > RANK[level]:
                level = rule.level
    return level, reasons


def is_higher(level: str, than: str) -> bool:
    return RANK.get(level, 0) > RANK.get(than, 0)
