"""Credit and promo lines go when they stand alone at the start or end of an article, never from the
story itself (the lines below are the shapes seen on real wire pages; names are made up)."""

from __future__ import annotations

import pytest

from parley.clean.html import extract_html
from parley.clean.text import is_credit_line, strip_junk

STORY = ("The fictional river commission met on Tuesday and agreed a water-sharing plan.\n\n"
         "Reporting by the commission's own staff was delayed, officials said.")


@pytest.mark.parametrize("line", [
    "Reporting by Pavel Ostrov; Editing by Alex Marrow",
    "(Reporting by Will Dane; Editing by Tom Brand)",
    "Additional reporting by Ana Lima and Ben Ode in Geneva; Writing by Ana Lima; Editing by Ben Ode",
    "Jane Roe in Kyiv contributed to this report.",
    "The Associated Press contributed to this story.",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Download the NBC News app for breaking news",
])
def test_credit_lines_at_either_end_go(line: str) -> None:
    text, removed = strip_junk(f"{line}\n\n{STORY}\n\n{line}")
    assert text == STORY
    assert removed == [line, line]


@pytest.mark.parametrize("line", [
    "Reporting by a fictional agency was disputed by the ministry, which said the figures were wrong.",
    "Police said the attack was carried out by two men.",
    "Reporting by Reuters was disputed.",
    "Editing by hand took the staff three days, the director said.",
])
def test_story_sentences_stay(line: str) -> None:
    assert not is_credit_line(line)
    text, removed = strip_junk(f"{STORY}\n\n{line}")
    assert text.endswith(line) and removed == []


def test_a_credit_inside_the_story_stays() -> None:
    middle = "Reporting by Pavel Ostrov; Editing by Alex Marrow"
    text, removed = strip_junk(f"{STORY}\n\n{middle}\n\nThe plan takes effect in May.")
    assert middle in text and removed == []


def test_html_page_loses_its_footer_credits() -> None:
    body = ("<p>" + "The fictional river commission met on Tuesday and agreed a water-sharing plan. " * 3 + "</p>"
            "<p>(Reporting by Will Dane; Editing by Tom Brand)</p>"
            "<p>Our Standards: The Thomson Reuters Trust Principles.</p>")
    got = extract_html(f"<html><head><title>River</title></head><body><article>{body}</article></body></html>")
    assert got.text.endswith("water-sharing plan.")
    assert "Reporting by" not in got.text and "Trust Principles" not in got.text
