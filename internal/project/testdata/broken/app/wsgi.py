import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings_prod"
application = None
