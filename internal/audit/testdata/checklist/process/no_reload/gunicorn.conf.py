"""gunicorn settings for production."""
import os

bind = "0.0.0.0:" + os.environ.get("PORT", "8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
reload = os.environ.get("GUNICORN_RELOAD", "") == "1"
forwarded_allow_ips = "10.0.0.2,10.0.0.3"
accesslog = "-"
