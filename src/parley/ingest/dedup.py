"""Near-duplicate detection (syndicated wire copies) with MinHash LSH from datasketch."""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # stated explicitly so stored signatures stay comparable across upgrades
_WORD = re.compile(r"\w+", re.U)


def minhash(text: str) -> MinHash:
    """MinHash over lower-cased word 5-shingles."""
    words = _WORD.findall(text.lower())
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([g.encode() for g in grams])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME,
                   hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


class NearDuplicates:
    """An LSH index of first copies; ``find`` returns the first copy a text repeats, if any."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        # Recall-leaning bands: candidates are re-checked on their signatures anyway.
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
        self.signatures: dict[str, MinHash] = {}

    def add(self, key: int, m: MinHash) -> None:
        """Index a first copy."""
        name = str(key)
        if name not in self.signatures:
            self.signatures[name] = m
            self.lsh.insert(name, m)

    def find(self, m: MinHash) -> tuple[int, float] | None:
        """The lowest-id indexed article whose estimated Jaccard similarity passes the threshold.

        LSH only promises likely candidates, so each one is re-checked on its signature.
        """
        best: tuple[int, float] | None = None
        for name in self.lsh.query(m):
            sim = float(m.jaccard(self.signatures[name]))
            if sim >= self.threshold and (best is None or int(name) < best[0]):
                best = (int(name), round(sim, 3))
        return best
