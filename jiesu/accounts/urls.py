from django.contrib.auth import views as auth_views
from django.urls import path

from jiesu.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("session/keep-alive/", views.keep_alive, name="session_keep_alive"),
    path("session/end/", views.session_end, name="session_end"),
]
