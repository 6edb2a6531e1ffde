"""Quotations and their speakers (``component.py`` is the spaCy factory)."""
