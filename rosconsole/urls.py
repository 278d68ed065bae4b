from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from rosconsole import health, views

urlpatterns = [
    path("", include("stacks.api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("console/region", views.select_region, name="select-region"),
    path("console/account", views.select_account, name="select-account"),
    path("admin/", admin.site.urls),
    path("stacks/", include("stacks.urls")),
    path("fc/", include("fcruntime.urls")),
    path("2016-08-15/", include("fcruntime.api.urls")),
]
