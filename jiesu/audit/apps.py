from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "jiesu.audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from jiesu.accounts import access
        from jiesu.accounts.signals import security_event
        from jiesu.audit import append_only, receivers
        from jiesu.audit.permissions import POLICY
        from jiesu.core.extensions import NavItem, nav_items

        access.register(POLICY)
        append_only.protect_in_python()
        post_migrate.connect(append_only.on_post_migrate, sender=self, dispatch_uid="audit.append_only")
        user_logged_in.connect(receivers.logged_in, dispatch_uid="audit.login")
        user_logged_out.connect(receivers.logged_out, dispatch_uid="audit.logout")
        user_login_failed.connect(receivers.login_failed, dispatch_uid="audit.login_failed")
        user_locked_out.connect(receivers.locked_out, dispatch_uid="audit.locked_out")
        security_event.connect(receivers.security_event, dispatch_uid="audit.security_event")
        nav_items.register(
            "audit.log",
            NavItem("安全审计", "audit_log", visible=lambda user: access.can(user, "view", POLICY.model)),
            order=800,
        )
