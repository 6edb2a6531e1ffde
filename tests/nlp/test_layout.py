"""parley.nlp.layout.dateline_end: where a line's dateline ends, which no quote or event reads as words of
its sentence. Fictional places."""

from __future__ import annotations

import pytest

from parley.nlp.layout import dateline_end


@pytest.mark.parametrize(("line", "rest"), [
    ("BRACKNELL - Mara Quill said", "Mara Quill said"),
    ("EAST MORLAND (AP) \u2014 The council voted", "The council voted"),
    ("BRELLA, March 4 \u2014 The council voted", "The council voted"),  # a place and a day
    ("10:05 PM \u2014 \u201cIt is too early,\u201d she said", "\u201cIt is too early,\u201d she said"),  # a live page
    ("9:50 a.m. \u2013 Polls have closed.", "Polls have closed."),
    ("14:30 CET \u2014 The count began.", "The count began."),
])
def test_a_dateline_ends_before_the_sentence(line: str, rest: str) -> None:
    end = dateline_end(line, len(line) - 1)
    assert end is not None and line[end:] == rest, (end, line)


@pytest.mark.parametrize("line", ["The 10:05 train \u2014 late again \u2014 left.", "Mara Quill \u2014 who else?",
                                  "In 2019 \u2014 a year of floods \u2014 the river rose."])
def test_a_sentence_is_no_dateline(line: str) -> None:
    assert dateline_end(line, len(line) - 1) is None
