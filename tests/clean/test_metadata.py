"""Page metadata is read totally: any shape of JSON-LD, a malformed canonical link or odd date markup
gives a value or nothing, and never costs the page its body."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.clean.html import extract_html, find_published
from parley.clean.metadata import read_metadata, valid_url

BODY = "<p>" + "The fictional river commission met on Tuesday and agreed a new water-sharing plan. " * 4 + "</p>"


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head><title>River talks</title>{head}</head><body><article>{body}</article></body></html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize("author, expected", [
    ({"@type": "Person", "name": ["Ana Lima", "Ben Ode"]}, ["Ana Lima", "Ben Ode"]),  # name is a list
    ([{"name": "Ana Lima"}, "Ben Ode", {"name": None}, 7], ["Ana Lima", "Ben Ode"]),
    ({"name": {"@value": "x"}}, []),
    ("  Ana   Lima ", ["Ana Lima"]),
])
def test_json_ld_author_shapes(author: object, expected: list[str]) -> None:
    got = extract_html(page(ld({"@type": "NewsArticle", "author": author})))
    assert got.authors == expected
    assert "water-sharing plan" in got.text


@pytest.mark.parametrize("data", [
    {"@graph": {"author": "x"}}, {"@graph": "nope"}, [[[{"author": {"name": "Ana Lima"}}]]], 3, None, "text",
])
def test_json_ld_containers_of_any_shape(data: object) -> None:
    got = extract_html(page(ld(data)))
    assert "water-sharing plan" in got.text


@pytest.mark.parametrize("href", ["http://[::1", "http://news.example:99999/a", "javascript:alert(1)", "//x"])
def test_malformed_canonical_link_keeps_the_page(href: str) -> None:
    got = extract_html(page(f'<link rel="canonical" href="{href}">'))
    assert got.url is None
    assert "water-sharing plan" in got.text


def test_valid_url() -> None:
    assert valid_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    assert valid_url("http://[::1") is None and valid_url("http://x:99999/") is None
    assert valid_url("ftp://x/") is None and valid_url(None) is None


def test_date_markup_htmldate_trips_on_is_no_error() -> None:
    import trafilatura

    tree = trafilatura.load_html(page('<meta property="article:published_time" content="2025-13-45T99:99">'))
    day, source = find_published(tree, "http://[::1")
    assert day is None or source is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["@graph", "author", "name", "@type", "headline", "url"]) | st.text(max_size=5),
        children, max_size=4),
    max_leaves=25)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_values, href=st.text(max_size=30))
def test_fuzz_metadata_reader_is_total(data: object, href: str) -> None:
    """Seeded (derandomize=True): any JSON-LD and any canonical href give metadata of the right types."""
    import trafilatura

    html = page(ld(data) + f'<link rel="canonical" href="{json.dumps(href)[1:-1]}">')
    tree = trafilatura.load_html(html)
    meta = read_metadata(tree, None)
    assert isinstance(meta["authors"], list) and all(isinstance(a, str) and a for a in meta["authors"])
    assert meta["url"] is None or valid_url(meta["url"]) == meta["url"]
