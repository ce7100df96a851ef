"""An old deployment: plain HTTP served without a redirect, no HSTS, the
security headers turned off, the hosts list names a host the certificate
does not cover, and an outdated login template that fails (a server
error on /accounts/login/)."""
from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["legacy.test", "shop.legacy.test"]

MIDDLEWARE = [m for m in MIDDLEWARE if m != "django.middleware.clickjacking.XFrameOptionsMiddleware"]
SECURE_CONTENT_TYPE_NOSNIFF = False
SECURE_REFERRER_POLICY = "unsafe-url"
SECURE_CROSS_ORIGIN_OPENER_POLICY = None
SESSION_COOKIE_SECURE = True

TEMPLATES[0]["DIRS"] = [BASE_DIR / "legacy_templates"]
