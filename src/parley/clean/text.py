"""Plain-text cleaning: drop site-widget lines and edge credits, keep every sentence of the story."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from parley.config import DATA_DIR

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200c-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


@lru_cache(maxsize=1)
def junk_patterns() -> re.Pattern[str]:
    """The widget-line regexes from ``data/junk_lines.txt``, as one anchored pattern."""
    lines = (DATA_DIR / "junk_lines.txt").read_text(encoding="utf-8").splitlines()
    alts = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile(r"^(?:" + "|".join(f"(?:{a})" for a in alts) + r")[\s.!:|»›>-]*$", re.I)


# A capitalised name ("Pavel Polityuk", "Ana de la Cruz", "Reuters"), case kept even in a
# case-insensitive pattern; names joined by commas, "and" or "&", each perhaps "in Place".
_NAME = r"(?-i:[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|de|la|del|van|von|der|al|bin|da|dos))*)"
_NAMES = rf"(?:the )?{_NAME}(?: in {_NAME})?(?:(?:,| and| &|, and) (?:the )?{_NAME}(?: in {_NAME})?)*"


@lru_cache(maxsize=1)
def credit_patterns() -> re.Pattern[str]:
    """The credit and promo regexes from ``data/credit_lines.txt``, as one anchored pattern."""
    lines = (DATA_DIR / "credit_lines.txt").read_text(encoding="utf-8").splitlines()
    alts = [ln.strip().replace("{NAMES}", _NAMES) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile(r"^[(\[—–-]*\s*(?:" + "|".join(f"(?:{a})" for a in alts) + r")\s*[)\].]*\s*$", re.I)


def is_credit_line(line: str) -> bool:
    """True for a short byline credit, "X contributed to this report", a trust-principles footer or
    an app promo ("Reporting by Pavel Polityuk; Editing by Alex Richardson")."""
    s = line.strip()
    return bool(s) and len(s) <= 240 and bool(credit_patterns().match(s))


def strip_credits(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop credit lines standing at the start or the end of the text (blank lines between them
    too); a credit-like line inside the story stays."""
    removed: list[str] = []
    start, end = 0, len(lines)
    while start < end and (not lines[start].strip() or is_credit_line(lines[start])):
        if lines[start].strip():
            removed.append(lines[start].strip())
        start += 1
    while end > start and (not lines[end - 1].strip() or is_credit_line(lines[end - 1])):
        if lines[end - 1].strip():
            removed.append(lines[end - 1].strip())
        end -= 1
    return lines[start:end], removed


def is_junk_line(line: str) -> bool:
    """True for a short line that is a site widget ("Error message", "Read more", ...)."""
    s = line.strip()
    if not s or len(s) > 140:
        return False
    return bool(junk_patterns().match(s))


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no control characters, single spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def strip_junk(text: str) -> tuple[str, list[str]]:
    """Remove widget lines, and credit lines at the start or end, from normalized text; return the
    cleaned text and the removed lines.

    A line goes only when it matches a widget or credit pattern as a whole, so a story sentence
    that merely mentions an error, a cookie or a reporter stays.
    """
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        if is_junk_line(line):
            removed.append(line.strip())
        else:
            kept.append(line)
    kept, credits = strip_credits(kept)
    removed += credits
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
    return cleaned, removed
