"""Parley's web UI and JSON API: ``create_app()`` for ``parley serve``."""

from parley.api.app import create_app
from parley.api.security import is_loopback

__all__ = ["create_app", "is_loopback"]
