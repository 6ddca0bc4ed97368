from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    row: int
    reason: str

    @property
    def message(self) -> str:
        return f"第{self.row}行：{self.reason}"


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do). Every data row is counted once."""

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

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

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

    def summary(self) -> str:
        prefix = "试运行（未写入任何数据）" if self.dry_run else "导入完成"
        return (
            f"{prefix}：共{self.rows}行数据，新增{self.created}条，更新{self.updated}条，"
            f"未变{self.unchanged}条，拒绝{self.rejected}条，警告{len(self.warnings)}条。"
        )
