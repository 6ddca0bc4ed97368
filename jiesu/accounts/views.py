"""Signing in and out, the second factor, password changes, and the idle-session keep-alive.

Sign-in is one door for the whole site, the Django admin included: password (locked after too
many failures, django-axes), then — for a user who set one up — a TOTP code, and only then the
session. Everything that happens here lands in the audit log through Django's auth signals.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jiesu.accounts import access, two_factor
from jiesu.accounts.forms import LoginForm, PasswordChangeForm, TokenForm
from jiesu.accounts.session_guard import LOGOUT_REASON_KEY, PENDING_KEY, touch
from jiesu.accounts.signals import security_event

PENDING_SECONDS = 300  # the code must follow the password within five minutes
LOGOUT_REASONS = {
    "idle": "长时间未操作，已自动退出，请重新登录。",
    "expired": "登录已过期，请重新登录。",
}


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["logout_reason"] = LOGOUT_REASONS.get(self.request.session.pop(LOGOUT_REASON_KEY, ""), "")
        return context

    def form_valid(self, form):
        user = form.get_user()
        device = two_factor.device_for(user)
        if device is None:
            return super().form_valid(form)
        # the password was right; the session starts only after the code
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("login_verify")


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """What a locked-out sign-in sees (django-axes calls this instead of its own page)."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    context = {
        "form": LoginForm(request),
        "locked_message": f"登录失败次数过多，账号或本机地址已被锁定 {minutes} 分钟。如需提前解锁，请联系安全管理员。",
    }
    return render(request, "registration/login.html", context, status=429)


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the user's authenticator app."""
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, "请重新输入用户名和密码。")
        return redirect("login")
    form = TokenForm(request.POST or None)
    credentials = {"username": user.get_username()}
    if request.method == "POST":
        if not two_factor.login_allowed(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return locked_out(request)
        device = two_factor.device_for(user)
        if form.is_valid() and device is not None and two_factor.verify(device, form.cleaned_data["token"]):
            del request.session[PENDING_KEY]
            user.backend = pending["backend"]
            login(request, user)
            two_factor.mark_verified(request, device)
            return redirect(pending["next"])
        user_login_failed.send(
            sender=__name__, credentials={**credentials, "reason": "two_factor"}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING_KEY, None)
            return locked_out(request)
        if form.is_valid():
            form.add_error("token", "验证码不正确或已过期，请查看验证器应用中的最新验证码。")
    return render(request, "registration/login_verify.html", {"form": form, "user_name": str(user)})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or remove) the second factor: scan the QR code, confirm with one code."""
    if not access.may_use_two_factor(request.user):
        raise PermissionDenied("您的角色无需设置二次验证。")
    confirmed = two_factor.device_for(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if confirmed is not None:
            if two_factor.device_remove(user=request.user, token=token, request=request):
                messages.success(request, "已关闭二次验证。")
                return redirect("two_factor_setup")
        elif two_factor.device_confirm(user=request.user, token=token, request=request):
            messages.success(request, "二次验证已开启，以后登录时需输入验证器应用中的验证码。")
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", "验证码不正确，请输入验证器应用中当前显示的 6 位数字。")
    context = {"form": form, "confirmed": confirmed is not None}
    if confirmed is None:
        device = two_factor.device_pending(request.user)
        context.update(qr_svg=two_factor.qr_svg(device), secret=two_factor.secret_text(device))
    return render(request, "registration/two_factor.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("workbench")
    template_name = "registration/password_change.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reason"] = self.request.session.get("jiesu_password_reason", "")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
        self.request.session.pop("jiesu_password_reason", None)
        security_event.send(
            __name__, kind="password_changed", request=self.request, user=user, target=str(user)
        )
        messages.success(self.request, "密码已修改。")
        return response


@require_POST
def session_end(request: HttpRequest) -> HttpResponse:
    """The idle warning ran out: sign out now (without counting this request as use)."""
    if request.user.is_authenticated:
        request.jiesu_logout_reason = "idle"
        logout(request)
        request.session[LOGOUT_REASON_KEY] = "idle"
    return redirect("login")


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The idle warning's "continue" button: the session counts as used now."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    touch(request, force=True)
    return HttpResponse(status=204)
