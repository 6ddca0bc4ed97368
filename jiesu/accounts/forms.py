"""Forms of the sign-in pages: password, second factor, password change, second-factor set-up."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed

from jiesu.core.normalise import clean_line

DEMO_REFUSED = "演示环境的公共密码不能在正式环境登录，请联系安全管理员重置密码。"


class LoginForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, refusing the demo's shared password outside the demo."""

    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系安全管理员。",
        "demo_password": DEMO_REFUSED,
    }

    def clean(self):
        username = clean_line(self.cleaned_data.get("username"))
        self.cleaned_data["username"] = username
        password = self.cleaned_data.get("password")
        if password and password == settings.JIESU_DEMO_PASSWORD and not settings.JIESU_DEMO:
            # refused before the password is checked: whether it was right is not revealed
            user_login_failed.send(
                sender=__name__,
                credentials={"username": username, "reason": "demo_password"},
                request=self.request,
            )
            raise forms.ValidationError(self.error_messages["demo_password"], code="demo_password")
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError("验证码是 6 位数字。")
        return token


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and not self.errors and self.user.check_password(new):
            self.add_error("new_password1", "新密码不能与原密码相同。")
        return cleaned
