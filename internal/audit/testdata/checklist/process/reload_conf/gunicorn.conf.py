"""gunicorn settings for production."""
import multiprocessing
import os

bind = "0.0.0.0:" + os.environ.get("PORT", "8000")
workers = multiprocessing.cpu_count() * 2 + 1
reload = True  # want: dc.process.reload
accesslog = "-"
