from collections import Counter
from dataclasses import dataclass, field

# What a warning is about: the result page groups warnings by these, with counts and a link to
# the orders concerned. An order is imported in every case; the warning says what to check.
WARNING_KINDS: dict[str, str] = {
    "no_unit": "平台状态为已派单，但没有可识别的承办单位（已按待派单导入）",
    "unit": "承办单位未识别",
    "category": "问题分类不在分类目录中",
    "place": "地址未能定位到社区或小区",
    "status": "工单状态无法识别",
    "date": "时间无法识别",
    "time_limit": "办理时限无法识别",
    "value": "取值无法识别（诉求类型、紧急程度、回访结果）",
    "channel": "来源渠道无法识别",
    "truncated": "内容过长，已截断",
    "formula": "单元格是公式，按原文保存",
}
ERRORS_KEPT = 200  # rows listed on the result page of a background import (all are counted)
EXAMPLES_KEPT = 50  # warnings listed per kind there


@dataclass(frozen=True)
class Issue:
    row: int
    reason: str
    kind: str = ""

    @property
    def message(self) -> str:
        return f"第{self.row}行：{self.reason}"


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do). Every data row is counted once.

    `keep` None keeps every error and warning (the command prints them all); a background import
    keeps the first ERRORS_KEPT errors and EXAMPLES_KEPT warnings of each kind and counts the rest,
    so a file of 100,000 doubtful rows does not fill the memory or the job's result."""

    filename: str = ""
    sheet: str = ""
    header_row: int = 0
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    warning_counts: Counter = field(default_factory=Counter)
    keep: int | None = None

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def reject(self, issue: Issue) -> None:
        self.rejected += 1
        if self.keep is None or len(self.errors) < ERRORS_KEPT:
            self.errors.append(issue)

    def warn(self, issue: Issue) -> None:
        self.warning_counts[issue.kind] += 1
        if self.keep is None or self.warning_counts[issue.kind] <= self.keep:
            self.warnings.append(issue)

    def as_dict(self) -> dict:
        """Exactly the keys of `import-orders --json`."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [{"row": issue.row, "reason": issue.reason} for issue in self.errors],
            "warnings": [{"row": issue.row, "reason": issue.reason} for issue in self.warnings],
        }

    def warning_groups(self) -> list[dict]:
        """Warnings by kind, most frequent first: {kind, label, count, examples: [{row, reason}]}."""
        examples: dict[str, list[dict]] = {}
        for issue in self.warnings:
            examples.setdefault(issue.kind, []).append({"row": issue.row, "reason": issue.reason})
        order = list(WARNING_KINDS)
        return [
            {
                "kind": kind,
                "label": WARNING_KINDS.get(kind, kind),
                "count": count,
                "examples": examples.get(kind, [])[:EXAMPLES_KEPT],
            }
            for kind, count in sorted(
                self.warning_counts.items(),
                key=lambda item: (-item[1], order.index(item[0]) if item[0] in order else len(order)),
            )
        ]

    def as_result(self) -> dict:
        """The result of a background import, as its job keeps it (JSON, bounded in size)."""
        return {
            "filename": self.filename,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "summary": self.summary(),
            "errors": [{"row": issue.row, "reason": issue.reason} for issue in self.errors[:ERRORS_KEPT]],
            "errors_more": max(0, self.rejected - min(len(self.errors), ERRORS_KEPT)),
            "warnings_total": sum(self.warning_counts.values()),
            "warning_groups": self.warning_groups(),
        }

    def summary(self) -> str:
        prefix = "试运行（未写入任何数据）" if self.dry_run else "导入完成"
        return (
            f"{prefix}：共{self.rows}行数据，新增{self.created}条，更新{self.updated}条，"
            f"未变{self.unchanged}条，拒绝{self.rejected}条，警告{sum(self.warning_counts.values())}条。"
        )
