from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "jiesu.accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from jiesu.accounts import navigation

        navigation.register()


class JiesuAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Jiesu's admin site (entered by role, through Jiesu's login)."""

    default = False
    default_site = "jiesu.accounts.admin_site.JiesuAdminSite"
