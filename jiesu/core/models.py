from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class CalendarDay(models.Model):
    """A day that the street's calendar treats differently from the statutory one."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "日历调整"
        verbose_name_plural = "日历调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"
