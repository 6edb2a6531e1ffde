"""``parley.read``: one text through the pipeline with its publication date and URL."""

from __future__ import annotations

from datetime import date

import pytest

import parley
from parley.service import Service

pytestmark = pytest.mark.skipif(not Service.nlp_available(), reason="the model is not built (make model)")
TEXT = ("FICTIONAL. The envoy of Valdoria said on Tuesday that talks with Kestrel would resume next week "
        "in Geneva.")


def test_published_anchors_relative_dates() -> None:
    doc = parley.read(TEXT, published="2025-05-28", url="https://example.org/envoy")
    assert str(doc._.dct)[:10] == "2025-05-28" and doc._.url == "https://example.org/envoy"
    values = {t.text: t.value for t in doc._.timexes}
    assert values["Tuesday"] == "2025-05-27"
    assert parley.read(TEXT, published=date(2024, 1, 31))._.timexes[0].value == "2024-01-30"


def test_the_url_stands_for_a_missing_date() -> None:
    doc = parley.read(TEXT, url="https://example.org/2024/02/01/envoy-talks")
    assert str(doc._.dct)[:10] == "2024-02-01"
    with pytest.raises(ValueError, match="published"):
        parley.read(TEXT, published="yesterday")


def test_a_pipeline_of_ones_own() -> None:
    nlp = parley.load()
    doc = parley.read(TEXT, published="2025-05-28", nlp=nlp)
    assert doc._.quotes is not None and doc._.events is not None and doc.text == TEXT
