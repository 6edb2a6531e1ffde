"""The confidence under which an event is not reported or shown by default.

A module of its own, with no imports, so that the store, the service and the web pages read it
without loading spaCy (:mod:`parley.nlp.events.confidence` computes the confidences themselves).
"""

# re-checked on the audit tune half after the pronoun cue: of 0.10-0.35, 0.2 keeps the best F0.5
# on type + actor (precision 0.57 of 37 events; 0.15: 0.43 of 58; 0.25: 0.54 of 26)
DEFAULT_MIN_CONFIDENCE = 0.2
