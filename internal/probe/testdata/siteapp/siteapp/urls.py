from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.login, name="login"),
    path("about/", views.about, name="about"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Dotfiles that reach the app are refused (403), as some apps do.
    re_path(r"^\.(?:env|git)(?:/.*)?$", views.hidden),
]
