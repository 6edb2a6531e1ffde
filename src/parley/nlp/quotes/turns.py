"""Who a quote speaks to, for ``parley_quotes``' story model: a quote is never its addressee's words.

Words that address someone inside the quoted words name the listener, not the speaker: "Yes, your
honor" is said to the judge, "Thank you, Mr. President" to the president, "Listen, Anna" to Anna. In a
question-and-answer exchange the answer belongs to the answering side: a cue-less quote right after a
question goes to the person the question was put to, never to the one who asked it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from parley.nlp.lexicon.words import word_map, word_set

SPEAKERS = "quotes/speakers"  # data/quotes/speakers.yaml
# "your honor" -> the title of whom it addresses ("judge")
ADDRESS_TITLES = word_map(SPEAKERS, "address_titles")
# Honorifics that open a form of address with a title or a name ("Mr. President", "Madam Speaker").
ADDRESS_HONORIFICS = word_set(SPEAKERS, "address_honorifics")

_CAP = r"[A-Z][\w'’-]+"
# "your honor", "your excellency": the whole phrase, looked up in ADDRESS_TITLES
_YOUR = re.compile(r"\b[Yy]our\s+(\w+)")
# "Mr. President", "Madam Speaker", "Mister Chairman"
_HONORIFIC = re.compile(r"\b(" + "|".join(re.escape(h.capitalize()) for h in sorted(ADDRESS_HONORIFICS, key=len,
                                                                                      reverse=True))
                        + r")\.?\s+(" + _CAP + r")")
# a name or title alone after a comma at the end of a sentence: "Thank you, Senator.", "Come on, Paul!"
_VOCATIVE = re.compile(r",\s+(" + _CAP + r"(?:\s+" + _CAP + r")?)(?=\s*(?:[.!?]|$))")
# a title alone before a comma at the start: "Senator, I disagree"
_OPENING = re.compile(r"^(" + _CAP + r"),\s+(?:I|we|you|with|thank|please|let|if)\b")
# "Mr. President," / ", Madam Speaker." standing alone
_STANDS_ALONE = re.compile(r"(?:^|,\s+)$")


@dataclass
class Addressees:
    """Whom a quote addresses: title heads ("judge", "president") and name words ("anna")."""

    titles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.titles or self.names)


def addressees(quoted: str, *, title_words: Collection[str]) -> Addressees:
    """The listeners a quote's words address (see the module docstring). ``title_words``: the words
    that are titles ("senator", "president"), so that "Thank you, Senator" addresses a senator."""
    out = Addressees()
    for m in _YOUR.finditer(quoted):
        title = ADDRESS_TITLES.get(m.group(1).lower())
        if title:
            out.titles.add(title)
    quoted = quoted.strip()
    for m in _HONORIFIC.finditer(quoted):
        if not (_STANDS_ALONE.search(quoted[:m.start()]) and re.match(r"\s*(?:[,.!?]|$)", quoted[m.end():])):
            continue  # "Mr. Dreyer told us" names him; "Thank you, Mr. Dreyer." addresses him
        word = m.group(2).lower()
        (out.titles if word in title_words else out.names).add(word)
    for m in [*_VOCATIVE.finditer(quoted), *_OPENING.finditer(quoted)]:
        words = m.group(1).split()
        first = words[0].lower()
        if first in title_words:
            out.titles.add(words[-1].lower() if words[-1].lower() in title_words else first)
        elif m.re is _VOCATIVE and first not in _NOT_VOCATIVE:
            out.names.update(w.lower() for w in words)
    return out


# Capitalized words that stand alone between commas without addressing anyone.
_NOT_VOCATIVE = {"i", "yes", "no", "well", "okay", "ok", "now", "however", "still", "then", "so", "but", "and",
                 "oh", "sure", "thanks", "please", "again", "too", "also", "here", "there", "today", "tonight",
                 "god", "sir", "madam", "ma'am", "folks", "everyone", "everybody", "guys", "though", "anyway",
                 "indeed", "frankly", "honestly", "america", "mr", "mrs", "ms"}


def is_question(quoted: str) -> bool:
    """Words that end on a question mark (the last sentence of the quote asks)."""
    return quoted.rstrip(" ”\"'’»").endswith("?")


# First words of a reply to a question put to someone ("No, I did not.", "Well, yes.").
_ANSWER = re.compile(r"^(?:yes|yeah|yep|no|nope|well|sure|absolutely|certainly|of course|not really|correct|"
                     r"exactly|never|definitely|probably|maybe|perhaps)\b", re.I)


def is_answer(quoted: str) -> bool:
    """Words that open as the answer to a question ("Yes, your honor", "No, I did not", "Well, …"),
    not a question themselves."""
    return bool(_ANSWER.match(quoted.strip(" “”\"'‘’«»"))) and not is_question(quoted)
