"""WSGI entry point the tests run under gunicorn."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siteapp.settings.hardened")
application = get_wsgi_application()
