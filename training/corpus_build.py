"""Convert UD EWT + UNER + GUM into spaCy DocBins for training Parley's pipeline.

EWT (CoNLL-U) gives tokens, tags, morphology, lemmas and trees; UNER (IOB2, aligned to EWT by
``sent_id``) gives PER/ORG/LOC names; GUM (CoNLL-U with ``Entity=`` in MISC) adds syntax and
proper-name mentions. LOC names found in a gazetteer of countries, states and cities become GPE.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from parley.corpora import conllu
from parley.corpora.gum import entity_mentions
from parley.corpora.iob import iob_spans, read_iob2, spans_to_iob

HERE = Path(__file__).resolve().parent
GAZETTEER_FILE = HERE / "gpe_gazetteer.txt"

UNER_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
GUM_MAP = {"person": "PERSON", "organization": "ORG", "place": "LOC"}
NAME_CONNECTORS = {"of", "and", "&", "de", "-", "for", "the", "'s", "on", "upon", "la", "del", "van", "von"}


@dataclass
class Sent:
    sent_id: str
    doc_id: str
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based within sentence; root points to itself
    deps: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)
    ents: list[str] | None = None  # IOB per word; None = unknown


def gazetteer() -> set[str]:
    """Lower-cased names of countries, states and cities (GPE)."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(v.lower())
    for code in ("US", "CA", "AU", "IN", "DE", "CN", "MX", "BR", "GB"):
        for sub in pycountry.subdivisions.get(country_code=code) or []:
            if sub.type in {"State", "Province", "Territory", "Country", "Nation", "Land", "Municipality",
                            "Union territory", "Autonomous region"}:
                names.add(sub.name.lower())
    for line in GAZETTEER_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line.lower())
    return names


def read_conllu(path: Path) -> Iterator[Sent]:
    """Sentences of a CoNLL-U file (syntactic words; MWT surface spacing kept), as spaCy wants them: a
    missing lemma is the word, no features is '', the root's relation is ROOT."""
    for s in conllu.read_conllu(path):
        yield Sent(sent_id=s.sent_id, doc_id=s.doc_id, words=s.words, spaces=s.spaces, tags=s.xpos, pos=s.upos,
                   morphs=["" if f == "_" else f for f in s.feats],
                   lemmas=[lem if lem != "_" or w == "_" else w for w, lem in zip(s.words, s.lemmas, strict=True)],
                   heads=s.heads, deps=["ROOT" if d == "root" else d for d in s.deps], misc=s.misc)


def read_uner(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """sent_id -> (words, IOB labels) from a UNER IOB2 file (the evaluation's own reader)."""
    return read_iob2(path)


def relabel(label: str, text: str, gaz: set[str]) -> str:
    if label == "LOC" and text.lower().removeprefix("the ") in gaz:
        return "GPE"
    return label


def add_uner(sents: list[Sent], uner: dict[str, tuple[list[str], list[str]]], gaz: set[str]) -> tuple[int, int]:
    """Attach UNER names to EWT sentences with identical words; others stay unknown."""
    ok = skipped = 0
    for s in sents:
        item = uner.get(s.sent_id)
        if item is None or item[0] != s.words:
            skipped += 1
            continue
        spans = []
        for a, b, typ in iob_spans(item[1]):
            if typ in UNER_MAP:
                lab = UNER_MAP[typ]
                spans.append((a, b, relabel(lab, " ".join(s.words[a:b]), gaz)))
        s.ents = spans_to_iob(len(s.words), spans)
        ok += 1
    return ok, skipped


TITLE_WORDS = {
    "president", "ambassador", "general", "gen", "minister", "secretary", "chancellor", "senator", "sen",
    "governor", "gov", "mr", "mrs", "ms", "dr", "prof", "professor", "king", "queen", "prince", "princess",
    "pope", "saint", "st", "lord", "lady", "sir", "dame", "judge", "justice", "mayor", "chairman", "ceo",
    "director", "captain", "capt", "colonel", "col", "sergeant", "lieutenant", "lt", "rev", "reverend",
    "father", "sister", "brother", "uncle", "aunt", "coach", "vice", "prime", "foreign", "deputy", "former",
    "state", "special", "envoy", "spokesman", "spokeswoman", "emperor", "empress", "duke", "duchess",
    "count", "countess", "admiral", "officer", "agent", "detective", "inspector", "doctor", "miss", "madame",
    "representative", "rep", "congressman", "congresswoman", "commissioner", "chief", "premier", "sheikh",
}


def _name_extent(s: Sent, a: int, b: int, h: int) -> tuple[int, int]:
    """Maximal run of capitalized words (joined by name connectors) around the head, inside [a, b)."""

    def cap(k: int) -> bool:
        w = s.words[k]
        return s.pos[k] == "PROPN" or (w[:1].isupper() and s.pos[k] not in {"DET", "PRON", "PUNCT", "AUX"})

    lo = hi = h
    while lo - 1 >= a and (cap(lo - 1) or (
            s.words[lo - 1].lower() in NAME_CONNECTORS and lo - 2 >= a and cap(lo - 2))):
        lo -= 1
    while hi + 1 < b and (cap(hi + 1) or (
            s.words[hi + 1].lower() in NAME_CONNECTORS and s.words[hi + 1] != "'s" and hi + 2 < b and cap(hi + 2))):
        hi += 1
    return lo, hi


def gum_name_spans(s: Sent, gaz: set[str]) -> list[tuple[int, int, str]]:
    """Proper-name mentions (PROPN head) of person/organization/place entities."""
    mentions = [(m.start, m.end, m.etype) for m in entity_mentions(s.misc)]
    out: list[tuple[int, int, str]] = []
    taken = [False] * len(s.words)
    for a, b, etype in sorted(mentions, key=lambda x: (x[0] - x[1], x[0])):
        if etype not in GUM_MAP:
            continue
        heads = [k for k in range(a, b) if not (a <= s.heads[k] < b) or s.heads[k] == k]
        if not heads:
            continue
        h = heads[0]
        if s.pos[h] != "PROPN" or (etype == "person" and "Number=Plur" in s.morphs[h]):
            continue
        lo, hi = _name_extent(s, a, b, h)
        if etype == "person":
            j = hi
            while j - 1 >= lo and s.pos[j - 1] == "PROPN" and s.words[j - 1].lower().rstrip(".") not in TITLE_WORDS \
                    and s.words[j - 1].lower() not in gaz and " ".join(s.words[j - 2:j]).lower() not in gaz:
                j -= 1
            lo = j
            if all(w.lower().rstrip(".") in TITLE_WORDS for w in s.words[lo:hi + 1]):
                continue
        while lo < h and s.pos[lo] == "DET":
            lo += 1
        if any(taken[lo:hi + 1]):
            continue
        for k in range(lo, hi + 1):
            taken[k] = True
        lab = GUM_MAP[etype]
        out.append((lo, hi + 1, relabel(lab, " ".join(s.words[lo:hi + 1]), gaz)))
    return sorted(out)


def augment(s: Sent, rng: random.Random) -> Sent:
    """Train-time variety: ALL-CAPS ledes, curly quotes/apostrophes, em dashes."""
    words = list(s.words)
    r = rng.random()
    if r < 0.05 and words[0].isalpha():
        words[0] = words[0].upper()
    elif r < 0.07:
        k = 0
        for k in range(min(len(words), rng.randint(2, 4))):
            if words[k].isalpha():
                words[k] = words[k].upper()
    if rng.random() < 0.35:
        opened = False
        for k, w in enumerate(words):
            if w == '"':
                words[k] = "”" if opened else "“"
                opened = not opened
            elif "'" in w and w != "'":
                words[k] = w.replace("'", "’")
            elif w == "--":
                words[k] = "—"
    if words != s.words:
        s = Sent(**{**s.__dict__, "words": words})
    return s


def make_docs(sents: list[Sent], vocab: Vocab, *, max_sents: int = 12) -> Iterator[Doc]:
    """Group consecutive sentences of one document into Docs."""
    group: list[Sent] = []

    def flush() -> Doc | None:
        if not group:
            return None
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        pos: list[str] = []
        morphs: list[str] = []
        lemmas: list[str] = []
        heads: list[int] = []
        deps: list[str] = []
        ents: list[str] = []
        for s in group:
            off = len(words)
            words += s.words
            sp = list(s.spaces)
            sp[-1] = True
            spaces += sp
            tags += s.tags
            pos += s.pos
            morphs += s.morphs
            lemmas += s.lemmas
            heads += [h + off for h in s.heads]
            deps += s.deps
            ents += s.ents if s.ents is not None else [""] * len(s.words)
        spaces[-1] = False
        return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs, lemmas=lemmas,
                   heads=heads, deps=deps, ents=ents)

    for s in sents:
        if group and (s.doc_id != group[-1].doc_id or len(group) >= max_sents):
            doc = flush()
            if doc is not None:
                yield doc
            group = []
        group.append(s)
    doc = flush()
    if doc is not None:
        yield doc


def build(ewt: Path, uner: Path, gum: Path, out: Path, *, seed: int = 0) -> dict[str, int]:
    """Write train/dev/test DocBins under ``out``; return counts."""
    out.mkdir(parents=True, exist_ok=True)
    gaz = gazetteer()
    vocab = Vocab()
    rng = random.Random(seed)
    stats: dict[str, int] = {}
    for split in ("train", "dev", "test"):
        sents = list(read_conllu(ewt / f"en_ewt-ud-{split}.conllu"))
        ok, skipped = add_uner(sents, read_uner(uner / f"en_ewt-ud-{split}.iob2"), gaz)
        stats[f"{split}_ewt_sents"] = len(sents)
        stats[f"{split}_uner_aligned"] = ok
        stats[f"{split}_uner_skipped"] = skipped
        if split == "train":
            gum_sents: list[Sent] = []
            for f in sorted(gum.glob("*.conllu")):
                for s in read_conllu(f):
                    s.ents = spans_to_iob(len(s.words), gum_name_spans(s, gaz))
                    gum_sents.append(s)
            stats["gum_sents"] = len(gum_sents)
            stats["gum_names"] = sum(x.startswith("B-") for s in gum_sents for x in s.ents or [])
            sents = [augment(s, rng) for s in sents + gum_sents]
        db = DocBin(store_user_data=False)
        for doc in make_docs(sents, vocab):
            db.add(doc)
        db.to_disk(out / f"{split}.spacy")
        stats[f"{split}_docs"] = len(db)
    return stats
