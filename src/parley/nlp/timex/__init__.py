"""Time expressions: TIMEX3 spans with normalised values (``component.py`` is the spaCy factory)."""
