"""Users, their role and the unit whose scope they act in."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    DISPATCHER = "dispatcher", "派单员"
    CENTRE_ADMIN = "centre_admin", "中心管理员"
    COMMUNITY = "community", "社区工作者"
    PROPERTY = "property", "物业人员"
    DEPARTMENT = "department", "部门人员"
    LEADER = "leader", "领导"
    GRID_WORKER = "grid_worker", "网格员"
    EVALUATOR = "evaluator", "第三方评估专家"
    STATION_STAFF = "station_staff", "驿站工作人员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "安全审计员"


STREET_WIDE_ROLES = {Role.DISPATCHER, Role.CENTRE_ADMIN, Role.LEADER}
CENTRE_ROLES = {Role.DISPATCHER, Role.CENTRE_ADMIN}
UNIT_ROLES = {Role.COMMUNITY, Role.PROPERTY, Role.DEPARTMENT, Role.GRID_WORKER}
# 三员分立: security administration and audit are separate from the centre's business roles
SECURITY_ROLES = {Role.SECURITY_ADMIN, Role.AUDITOR}


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.DEPARTMENT)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="所属单位",
        help_text="社区、物业、部门人员必填：其权限范围由所属单位决定",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now, editable=False)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="由安全管理员设置或重置密码后自动勾选"
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    # 三员分立: no account holds every permission, superuser or not. Django's superuser shortcut
    # is skipped; the role backend (`backends.RoleBackend`) answers from the user's role alone.
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and _user_has_module_perms(self, app_label)

    @property
    def effective_role(self) -> str:
        return Role.CENTRE_ADMIN if self.is_superuser else self.role

    @property
    def is_street_wide(self) -> bool:
        return self.effective_role in STREET_WIDE_ROLES

    @property
    def is_centre(self) -> bool:
        return self.effective_role in CENTRE_ROLES


class PiiAccessLog(models.Model):
    """Who saw a citizen's unmasked name and phone, when, on which order. Append-only."""

    append_only = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="查看人")
    order = models.ForeignKey("workorders.WorkOrder", on_delete=models.CASCADE, verbose_name="工单")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "个人信息查看记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} 查看工单 {self.order_id} ({self.at:%Y-%m-%d %H:%M})"
