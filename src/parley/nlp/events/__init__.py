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
``tree.py``            the line-bounded dependency tree all of them walk
``lexicon.py``         the trigger lexicon (``data/events/triggers.yaml``, ``cameo.yaml``)
=====================  ===================================================================

Dependency labels are named once in :mod:`parley.nlp.syntax`; per-Doc indexes live in the Doc's
context (:mod:`parley.nlp.context`). Word lists a user may extend are YAML under
``src/parley/data/events/``: ``triggers.yaml`` (PLOVER triggers), ``participants.yaml``,
``arguments.yaml``, ``clauses.yaml``, ``trigger_words.yaml``, ``irregular_verbs.yaml``.
"""
