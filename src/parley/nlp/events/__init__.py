"""Coded political events: who did what to whom (``component.py`` is the spaCy factory)."""
