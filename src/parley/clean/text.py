"""Plain-text cleaning: drop site-widget lines, keep every sentence of the story."""

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
    """Remove widget lines from normalized text; return the cleaned text and the removed lines.

    A line goes only when it matches a widget pattern as a whole, so a story sentence that
    merely mentions an error or a cookie stays.
    """
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        if is_junk_line(line):
            removed.append(line.strip())
        else:
            kept.append(line)
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
    return cleaned, removed
