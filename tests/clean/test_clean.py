"""Plain-text cleaning, HTML metadata and language flags on real-looking inputs."""

from __future__ import annotations

from parley.clean import clean_item, content_hash
from parley.clean.language import detect_language
from parley.clean.text import is_junk_line, strip_junk
from parley.ingest.sources import RawItem


def test_widget_lines_go() -> None:
    for line in ["Error message", "An error occurred while searching, try again later.",
                 "Read more", "Read more: Talks collapse in Geneva", "Share this article",
                 "Advertisement", "Sign up for our newsletter", "Cookie settings",
                 "We use cookies to improve your experience.", "Skip to content", "© 2026 Herald",
                 "12 comments", "Follow us on Twitter", "Something went wrong. Please try again later."]:
        assert is_junk_line(line), line


def test_story_sentences_that_mention_widget_words_stay() -> None:
    for line in ["An error occurred in the reactor's cooling system on Monday, officials said.",
                 "Share prices fell 3% after the announcement.",
                 "Advertisement revenue at the broadcaster fell for a third year, its chief said.",
                 "The minister told reporters to read more carefully before judging the accord.",
                 "Home Secretary Jane Doe said the plan was fictional.",
                 "Comments by the envoy angered the delegation."]:
        assert not is_junk_line(line), line


def test_strip_junk_keeps_order_and_paragraphs() -> None:
    raw = "Error message\nHeadline here\n\nFirst para.\nAdvertisement\nSecond para.\n\nShare\n"
    text, removed = strip_junk(raw)
    assert text == "Headline here\n\nFirst para.\nSecond para."
    assert removed == ["Error message", "Advertisement", "Share"]


def test_content_hash_ignores_spacing_and_case() -> None:
    assert content_hash("The talks  resumed.\n") == content_hash("the TALKS resumed")
    assert content_hash("The talks resumed.") != content_hash("The talks collapsed.")


def test_language_flags() -> None:
    assert detect_language("The minister said that the talks would resume on Monday in the capital.") == "en"
    assert detect_language("Le ministre a dit que les négociations reprendraient lundi dans la capitale.") == "fr"
    assert detect_language("Der Minister sagte, dass die Gespräche am Montag in der Hauptstadt weitergehen.") == "de"
    assert detect_language("Министр сказал, что переговоры возобновятся в понедельник.") == "ru"


def test_plain_text_headline_and_html_metadata() -> None:
    art = clean_item(RawItem(item="x", kind="text", origin="file",
                             data="Talks resume in Geneva\nThe envoy said talks resume.\nMore text here."))
    assert art.title == "Talks resume in Geneva"
    html = """<html><head><title>Talks | Wire</title><meta property="og:site_name" content="Wire">
    <script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "A. Writer"}],
    "datePublished": "2026-02-16"}</script></head><body><article><h1>Talks</h1>
    <p>The invented envoy said on Monday that the talks in Geneva would resume next week after the
    delegations exchanged their draft texts, officials from both sides confirmed.</p></article></body></html>"""
    art = clean_item(RawItem(item="y", kind="html", origin="file", data=html))
    assert (art.title, art.site, art.authors) == ("Talks", "Wire", ["A. Writer"])
    assert (art.published.isoformat(), art.published_source) == ("2026-02-16", "meta")
