import os

from .base import *

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = ["shop.acmewidgets.com"]

# The hardening this deployment adds to Wagtail's template.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

ADMINS = [("Ops", "ops@acmewidgets.com")]
MANAGERS = ADMINS
SERVER_EMAIL = "errors@acmewidgets.com"
DEFAULT_FROM_EMAIL = "noreply@acmewidgets.com"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

try:
    from .local import *
except ImportError:
    pass
