import os

from django.core.wsgi import get_wsgi_application


def _configure():
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        os.environ["DJANGO_SETTINGS_MODULE"] = "site.settings"


_configure()
application = get_wsgi_application()
