"""DEBUG left on. nginx redirects to HTTPS (Django's SECURE_SSL_REDIRECT is
off) and rewrites the cookies' flags, which the settings leave off."""
from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["debug.test"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
