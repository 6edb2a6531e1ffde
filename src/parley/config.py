"""Settings and the paths Parley reads from."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SAMPLES_DIR = PACKAGE_DIR / "samples"
MODELS_DIR = PACKAGE_DIR / "models"


def load_yaml(text: str) -> Any:
    """Safe YAML, parsed by libyaml's C loader when PyYAML has it: the same result as
    ``yaml.safe_load``, about 7 times faster on the data files every process reads when it loads
    the pipeline."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def shared_dir() -> Path:
    """The read-only ``shared`` folder: ``$PARLEY_SHARED``, else ``../shared`` from the cwd or repo."""
    env = os.environ.get("PARLEY_SHARED")
    if env:
        return Path(env)
    for base in (Path.cwd(), PACKAGE_DIR.parents[1]):
        cand = (base / ".." / "shared").resolve()
        if cand.is_dir():
            return cand
    return (Path.cwd() / ".." / "shared").resolve()


def shared_data(*parts: str) -> Path:
    """A path under ``shared/data``."""
    return shared_dir().joinpath("data", *parts)


def repo_docs_dir() -> Path:
    """Where EVALUATION.md and BENCHMARKS.md live: ``./docs`` or the repo's docs folder."""
    env = os.environ.get("PARLEY_DOCS")
    if env:
        return Path(env)
    repo_docs = PACKAGE_DIR.parents[1] / "docs"
    return repo_docs if repo_docs.is_dir() else Path.cwd() / "docs"


class Settings(BaseSettings):
    """Run-time settings, overridable with ``PARLEY_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="PARLEY_")

    db: str = "parley.db"
    max_bytes: int = 20_000_000
    fetch_timeout: float = 15.0
    max_redirects: int = 5
    allow_private: bool = False
    near_dup_threshold: float = 0.8
    actors: str | None = None  # extra actor list: YAML of the user's own, or Phoenix .actors file/folder
    query_timeout: float = 5.0  # seconds of database work per read (a page, a search); 0 for none
    search_cache_s: float = 5.0  # seconds a search's answer is reused (parley.cache); 0 for none
    # longest article text stored and parsed; longer is refused (413). The NLP runs window by window
    # (nlp_window_chars), so its time grows with the length: a 100,000-word text (about 600,000) fits
    max_text_chars: int = 1_000_000
    nlp_window_chars: int = 10_000  # the NLP runs on windows of at most this many characters
    max_body_bytes: int = 2_000_000  # largest request body the server reads (413 beyond)
    secret: str | None = None  # key of the CSRF tokens' HMAC; random per process when unset
    # events under this confidence are hidden from the default views; unset: the event extractor's own
    # threshold (parley.nlp.events.confidence.DEFAULT_MIN_CONFIDENCE)
    min_event_confidence: float | None = None


def get_settings() -> Settings:
    return Settings()
