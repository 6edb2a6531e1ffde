"""The read cache: time-bounded, size-bounded, and one computation for many identical callers."""

from __future__ import annotations

import threading
import time

import pytest

from parley.cache import ReadCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_result_is_reused_until_it_is_older_than_ttl() -> None:
    clock, calls = Clock(), []
    cache = ReadCache(ttl=1.0, clock=clock)
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cache.get("q", compute) == 1
    clock.now = 0.9
    assert cache.get("q", compute) == 1
    clock.now = 1.0
    assert cache.get("q", compute) == 2
    assert (cache.hits, cache.misses) == (1, 2)


def test_zero_ttl_turns_the_cache_off() -> None:
    calls: list[int] = []
    cache = ReadCache(ttl=0)
    for _ in range(3):
        cache.get("q", lambda: calls.append(1))
    assert len(calls) == 3


def test_clear_forgets_and_size_evicts_the_least_recently_used() -> None:
    cache = ReadCache(ttl=60, size=2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 0)  # a is now the most recent
    cache.get("c", lambda: 3)  # evicts b
    assert cache.get("b", lambda: 20) == 20
    assert cache.get("c", lambda: 0) == 3
    cache.clear()
    assert cache.get("c", lambda: 30) == 30


def test_concurrent_identical_requests_run_the_query_once() -> None:
    cache = ReadCache(ttl=60)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        return "answer"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("q", slow))) for _ in range(8)]
    threads[0].start()
    started.wait(5)
    for t in threads[1:]:
        t.start()
    time.sleep(0.05)
    release.set()
    for t in threads:
        t.join(5)
    assert results == ["answer"] * 8 and len(calls) == 1


def test_a_failed_query_is_not_cached_and_its_waiters_run_their_own() -> None:
    cache = ReadCache(ttl=60)
    started, release = threading.Event(), threading.Event()

    def fail() -> str:
        started.set()
        release.wait(5)
        raise TimeoutError("the first client went away")

    errors: list[BaseException] = []

    def first() -> None:
        try:
            cache.get("q", fail)
        except TimeoutError as exc:
            errors.append(exc)

    owner = threading.Thread(target=first)
    owner.start()
    started.wait(5)
    waited: list[str] = []
    waiter = threading.Thread(target=lambda: waited.append(cache.get("q", lambda: "own answer")))
    waiter.start()
    time.sleep(0.05)
    release.set()
    owner.join(5)
    waiter.join(5)
    assert len(errors) == 1 and waited == ["own answer"]
    with pytest.raises(ValueError):
        cache.get("q", lambda: int("x"))
    assert cache.get("q", lambda: "ok") == "ok"


def test_a_search_sees_an_article_ingested_through_the_same_service(tmp_path) -> None:  # noqa: ANN001
    from parley.service import Service

    svc = Service(db=str(tmp_path / "cache.db"))
    assert svc.search("zephyrine")["articles"] == []  # a miss, kept in the cache
    svc.ingest_one(text="The zephyrine accord was signed in the fictional port of Quellmar on Tuesday, "
                        "officials of both fictional states said.", title="Fictional accord", use_nlp=False)
    assert len(svc.search("zephyrine")["articles"]) == 1
    assert svc._searches.hits == 0 and svc._searches.misses == 2
    svc.search("zephyrine")
    assert svc._searches.hits == 1
