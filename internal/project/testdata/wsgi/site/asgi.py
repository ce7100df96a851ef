from os import environ
environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
