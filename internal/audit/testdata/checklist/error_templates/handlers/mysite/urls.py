from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]

handler404 = "mysite.views.not_found"
handler500 = "mysite.views.server_error"
