from django.db import models


class ImportIssue(models.Model):
    """One warning of a background import, kept so the result page can open the orders it concerns
    (a kind of warning → its orders). Written in batches while the import runs; a dry run keeps
    none (its orders do not exist)."""

    job = models.ForeignKey("core.Job", on_delete=models.CASCADE, related_name="+", verbose_name="导入任务")
    row = models.PositiveIntegerField("行号")
    kind = models.CharField("类型", max_length=30)
    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="+", verbose_name="工单"
    )

    class Meta:
        verbose_name = verbose_name_plural = "导入警告"
        indexes = [models.Index(fields=["job", "kind"], name="importissue_job_kind")]

    def __str__(self) -> str:
        return f"{self.job_id} 第{self.row}行 {self.kind}"
