"""A short-lived cache of read results, shared by the threads of one server process.

Under load the same search arrives many times a second: from many readers of one story, or
from one page's own requests. :class:`ReadCache` keeps each answer for ``ttl`` seconds and
coalesces identical requests that arrive while the first is still being computed (one database
query answers all of them). New articles reach search within ``ttl`` seconds, as they reach a
search engine's index after its refresh interval; a write through the same service clears the
cache at once. ``ttl=0`` turns it off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class _Pending:
    """A computation in flight: later callers wait on ``done`` and read ``value`` or ``error``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class ReadCache:
    """Results by key for ``ttl`` seconds, at most ``size`` of them (least recently used go first)."""

    def __init__(self, ttl: float, size: int = 256, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.size = size
        self._clock = clock
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._pending: dict[Hashable, _Pending] = {}
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for ``key``, else ``compute()``'s (once, however many callers ask at once).

        A failed computation is not cached, and callers that waited for it compute on their own: the
        first caller's query may have stopped because that caller's client went away.
        """
        if self.ttl <= 0:
            return compute()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and self._clock() - hit[0] < self.ttl:
                self._items.move_to_end(key)
                self.hits += 1
                return hit[1]
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = self._pending[key] = _Pending()
                self.misses += 1
        assert pending is not None
        if not owner:
            pending.done.wait()
            return compute() if pending.error is not None else pending.value
        return self._compute(key, pending, compute)

    def _compute(self, key: Hashable, pending: _Pending, compute: Callable[[], T]) -> T:
        started = self._clock()
        try:
            pending.value = compute()
        except BaseException as exc:
            pending.error = exc
            raise
        else:
            with self._lock:
                if self._pending.get(key) is pending:  # not cleared by a write meanwhile
                    self._items[key] = (started, pending.value)
                    self._items.move_to_end(key)
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            return pending.value
        finally:
            with self._lock:
                if self._pending.get(key) is pending:
                    del self._pending[key]
            pending.done.set()

    def clear(self) -> None:
        """Forget every result (after a write); computations in flight are not kept either."""
        with self._lock:
            self._items.clear()
            self._pending.clear()
