"""The hardened site: every checklist topic the probe looks at is clean."""
from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["hardened.test", "www.hardened.test"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The admin lives away from the default path.
ADMIN_URL = "backstage-7f3a/"

TEMPLATES[0]["DIRS"] = [BASE_DIR / "error_templates"]
