"""Developer settings: never used in production."""
from .base import *  # noqa: F401,F403

DEBUG = True
