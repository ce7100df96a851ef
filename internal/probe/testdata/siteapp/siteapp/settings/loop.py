"""Hardened settings behind a proxy that does not pass X-Forwarded-Proto:
Django believes every request is plain HTTP, so SECURE_SSL_REDIRECT sends
HTTPS requests back to themselves, and HSTS is never sent."""
from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["loop.test"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
