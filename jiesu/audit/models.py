"""The security audit log: one row per sign-in, failed sign-in, sign-out, export, import, reveal of
personal data and admin change. Rows are only ever added (`append_only`: refused in Python and, on
PostgreSQL, by a trigger) and kept at least six months (docs/security.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditKind(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "登录锁定"
    LOGOUT = "logout", "退出登录"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    TWO_FACTOR_ON = "two_factor_on", "开启二次验证"
    TWO_FACTOR_OFF = "two_factor_off", "关闭二次验证"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    REVEAL = "reveal", "查看个人信息"
    ADMIN_ADD = "admin_add", "后台新增"
    ADMIN_CHANGE = "admin_change", "后台修改"
    ADMIN_DELETE = "admin_delete", "后台删除"


class AuditLog(models.Model):
    append_only = True

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    kind = models.CharField("类型", max_length=30, choices=AuditKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="用户",
    )
    username = models.CharField("用户名", max_length=150, blank=True, help_text="登录失败时为输入的用户名")
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    path = models.CharField("地址", max_length=300, blank=True)
    target = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "安全审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "at"], name="audit_username_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"
