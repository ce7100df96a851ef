from django.conf import settings
from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.login, name="login"),
    path("about/", views.about, name="about"),
    path(settings.ADMIN_URL, admin.site.urls),
]
