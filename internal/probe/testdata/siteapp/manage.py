#!/usr/bin/env python3
"""The live-site test app's manage.py (deploycheck's probe tests)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siteapp.settings.hardened")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
