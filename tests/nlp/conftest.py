"""The shipped pipeline for the tests of this folder that read it as it comes (a module may define its own
``nlp`` fixture instead). A missing model fails the tests loudly: never skipped."""

from __future__ import annotations

from typing import Any

import pytest

from parley import nlp as parley_nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    path = parley_nlp.model_path()
    assert (path / "config.cfg").is_file(), f"shipped model missing at {path}: run `make model`"
    return parley_nlp.load()
