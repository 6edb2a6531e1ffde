"""Coded political events: who did what to whom, when and where (the ``parley_events`` component).

Where each thing is decided, in the order the component runs:

=====================  ===================================================================
``component.py``       the spaCy factory; :meth:`EventExtractor._event` runs the steps below
``triggers.py``        which words are events, and which are only the content of another
``args.py``            actors, recipients, place and mode, read from the trigger's clause
``actors.py``          the actor code of a mention (entities first, then the actor lexicon)
``modality.py``        the status (negated, planned, claimed, ...) and the clause tests the
                       type rules ask (intent, threat, demand, refusal, criticism, accusation)
``decide.py``          **the event's type**: ``TYPE_RULES``, one ordered table of named rules
``classifier.py``      the learned re-typer, one of those rules (``learned``)
``idioms.py``          triggers in a use that is no event: idioms, figures of speech, everyday acts
``confidence.py``      **whether an event is reported and how far to trust it**: its sides
                       resolved (a political actor on one side at least), its confidence (0..1),
                       ``DEFAULT_MIN_CONFIDENCE``, the threshold under which it is not reported
``tree.py``            the line-bounded dependency tree all of them walk
``lexicon.py``         the trigger lexicon (``data/events/triggers.yaml``, ``cameo.yaml``)
=====================  ===================================================================

Dependency labels are named once in :mod:`parley.nlp.syntax`; per-Doc indexes live in the Doc's
context (:mod:`parley.nlp.context`). Word lists a user may extend are YAML under
``src/parley/data/events/``: ``triggers.yaml`` (PLOVER triggers), ``participants.yaml``,
``arguments.yaml``, ``clauses.yaml``, ``trigger_words.yaml``, ``irregular_verbs.yaml``, ``idioms.yaml``.

Every event record carries ``confidence`` and ``date_source`` ("text": a date the text gives for it;
"story": the day of the story's last dated act before it, in its paragraph or the one before;
"publication": the publication day, a fallback). The confidence is calibrated and its threshold
chosen on the tune half of the audit set (``training/events/calibrate_confidence.py``).
"""
