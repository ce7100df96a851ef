"""Development settings: never used in production."""

from .production import *  # noqa: F403

SECRET_KEY = "FFB0N%bvJ1cM%oYhGFrHjAfiSxKxvrt6PePZT_Lh8(0tHM%t)#"
DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
