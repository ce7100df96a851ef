"""Machine-specific overrides, kept from a developer's laptop."""

DEBUG = True  # want: dc.debug.dev-module
INTERNAL_IPS = ["127.0.0.1"]
