"""Dependency labels and the one way to read them, for rules that must run on either parse scheme.

Parley's own pipeline is trained on Universal Dependencies (``obj``, ``obl`` + ``case``,
``nsubj:pass``); spaCy's stock English pipelines use ClearNLP labels (``dobj``, ``prep`` + ``pobj``,
``nsubjpass``, ``agent``). Each set below names one grammatical relation in both schemes, and
:func:`dep` is how a rule reads a token's label: lower case, with ClearNLP's ``ROOT`` as ``root``,
so every set here is written in lower case.

The line-bounded tree that ``parley_events`` walks (children on the same line, repaired
attachments) is events' own: :mod:`parley.nlp.events.tree`.
"""

from __future__ import annotations

from spacy.tokens import Token

# ---------------------------------------------------------------- relations, both schemes

SUBJ = {"nsubj", "csubj"}  # active subjects
SUBJ_PASS = {"nsubj:pass", "nsubjpass", "csubj:pass", "csubjpass"}  # passive subjects
NSUBJ = {"nsubj", "nsubj:pass", "nsubjpass"}  # nominal subjects, active or passive
NSUBJ_PASS = {"nsubj:pass", "nsubjpass"}
OBJ = {"obj", "dobj"}
IOBJ = {"iobj", "dative"}
AUX = {"aux", "aux:pass", "auxpass"}  # auxiliaries, passive ones included
AUX_PASS = {"aux:pass", "auxpass"}
POSS = {"nmod:poss", "poss"}  # possessors ("Israel's strikes")
RELCL = {"acl:relcl", "relcl"}  # relative clauses
PARTICLE = {"prt", "compound:prt"}  # verb particles ("call off")
NOUN_MODIFIERS = {"amod", "compound"}  # "the Istanbul talks", "Russian strikes"
PREP_NOUN = {"obl", "nmod", "obl:tmod", "obl:npmod", "obl:agent", "nmod:npmod"}  # UD nouns with a case child
CLAUSAL = {"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "relcl", "csubj", "parataxis", "conj", "root",
           "ROOT", "csubj:pass", "advcl:relcl"}  # relations that head a clause of their own

# closed-class words that negate the word they hang from
NEG_WORDS = {"not", "n't", "never", "no", "nt", "neither", "nor"}


def dep(tok: Token) -> str:
    """The token's dependency label in lower case (ClearNLP's ``ROOT`` read as ``root``)."""
    return tok.dep_.lower() if tok.dep_ != "ROOT" else "root"


def is_verbal(tok: Token) -> bool:
    """A verb or auxiliary, by universal POS or by Penn tag."""
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def is_nominal(tok: Token) -> bool:
    """A noun, proper noun, pronoun or number, by universal POS or by Penn tag."""
    return tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or tok.tag_.startswith("NN")
