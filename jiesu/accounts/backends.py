"""Authentication by password, and admin permissions by role (三员分立), not by groups."""

from django.contrib.auth.backends import ModelBackend

from jiesu.accounts import access


class RoleBackend(ModelBackend):
    """Passwords as Django checks them; permissions from `access.admin_may` alone.

    `perm` is Django's "app_label.action_model" (e.g. "places.change_compound").
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        app_label, _, codename = perm.partition(".")
        action, _, model_name = codename.partition("_")
        return access.admin_may(user_obj, app_label=app_label, action=action, model_name=model_name)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return access.admin_may(user_obj, app_label=app_label, action="view")

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_user_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set:
        return set()
