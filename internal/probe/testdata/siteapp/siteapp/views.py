from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


def about(request):
    return render(request, "home.html", {"about": True})


class _Login(LoginView):
    """The login page: renders a CSRF token (so Django sets the CSRF cookie)
    and, like many login pages, stores a test value in the session (so the
    session cookie is set too)."""

    def get(self, request, *args, **kwargs):
        request.session.set_test_cookie()
        return super().get(request, *args, **kwargs)


login = _Login.as_view()


def hidden(request):
    """Refuses requests for dotfiles (/.env, /.git/...) that reach the app."""
    raise PermissionDenied
