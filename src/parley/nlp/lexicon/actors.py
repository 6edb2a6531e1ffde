"""Actor lexicon: countries, demonyms, capitals, cities, IGOs, institutions, titles and name variants.

Data lives in ``parley/data/actors/*.yaml``; country names and ISO codes also come from pycountry.
A user YAML file (``actors_path``) and Phoenix ``.actors`` dictionaries (``phoenix_path``) can add
actors; neither is needed.

User file format::

    actors:
      - {name: Keith Marlow, type: PERSON, country: USA, sector: GOV, aliases: [Marlow]}
      - {name: Wagner Group, type: ORG, country: RUS, sector: MIL}
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from parley.config import DATA_DIR, load_yaml

ACTORS_DIR = DATA_DIR / "actors"


@dataclass(frozen=True)
class Place:
    """A named actor or place found by the lexicon."""

    name: str  # canonical name
    kind: str  # country | capital | city | igo | institution | org | person
    code: str | None = None  # ISO3 for countries, the IGO code for IGOs
    country: str | None = None  # ISO3
    sector: str | None = None


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_DROP = re.compile(r"['.’]")
_FOLD = re.compile(r"[\s\-‐–]+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Lower-case, diacritics stripped, apostrophes and periods dropped, hyphens and spaces folded."""
    s = strip_accents(text).casefold() if not text.isascii() else text.casefold()
    return _FOLD.sub(" ", _DROP.sub("", s)).strip()


def _trie_regex(words: set[str]) -> str:
    """One alternation over ``words`` written as a character trie, so the engine tries each prefix
    once instead of every word at every position. Longer continuations come first, so at a given
    position the longest word that fits the boundaries wins, as with a longest-first alternation."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word.casefold():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word may end here: the longer ones are tried first (greedy)
            return "(?:" + inner + ")?" if len(branches) > 1 or len(inner) > 1 else inner + "?"
        return inner

    return emit(trie)


_TRANSLIT_ENDS = re.compile(r"(?:iy|yy|ii|ij|yj)$")


def fold_translit(word: str) -> str:
    """One spelling for the usual romanizations of Slavic name endings, so they share an entity key:
    Zelenskyy/Zelenskiy/Zelenskii -> zelensky, Dmitriy -> dmitry, Sergei/Andrei -> sergey/andrey,
    Zelenski -> zelensky. Only words of five letters or more; ``word`` is already :func:`norm`-ed."""
    if len(word) < 5 or not word.isalpha():
        return word
    word = _TRANSLIT_ENDS.sub("y", word)
    if word.endswith("ei"):
        return word[:-1] + "y"
    if word.endswith("ski") and len(word) >= 6:
        return word[:-1] + "y"
    return word


def _load(name: str) -> dict[str, Any]:
    with (ACTORS_DIR / name).open(encoding="utf-8") as fh:
        return load_yaml(fh.read()) or {}


@dataclass
class Lexicon:
    """Lookups keyed by :func:`norm` of the surface form."""

    places: dict[str, Place] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)  # surfaces that only match as written
    demonyms: dict[str, str] = field(default_factory=dict)  # adjective -> ISO3
    plurals: dict[str, str] = field(default_factory=dict)  # people -> ISO3
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> canonical name
    heads: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)
    modifiers: set[str] = field(default_factory=set)
    complements: set[str] = field(default_factory=set)
    honorifics: dict[str, str | None] = field(default_factory=dict)
    gendered: dict[str, str] = field(default_factory=dict)
    name_variants: dict[str, str] = field(default_factory=dict)  # norm word -> norm word
    persons: dict[str, Place] = field(default_factory=dict)  # norm full name -> known person
    _pattern: re.Pattern[str] | None = None

    # ---------------------------------------------------------------- building

    def add_place(self, surface: str, place: Place, *, exact: bool | None = None) -> None:
        key = norm(surface)
        if not key:
            return
        self.places.setdefault(key, place)
        letters = re.sub(r"[^A-Za-z]", "", surface)
        if exact or (exact is None and len(letters) <= 3 and "." not in surface):
            self.exact.add(surface)
        self._pattern = None

    def country_name(self, iso3: str) -> str:
        return self.country_names.get(iso3, iso3)

    # ---------------------------------------------------------------- lookups

    def place(self, text: str) -> Place | None:
        return self.places.get(norm(text))

    def demonym(self, text: str) -> str | None:
        k = norm(text)
        return self.demonyms.get(k) or self.plurals.get(k)

    def title_sector(self, title: str) -> str | None:
        """Sector of a title phrase: its most specific listed phrase, else its head word."""
        words = norm(title).split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                sector = self.phrases.get(" ".join(words[i:i + n]))
                if sector:
                    return sector
        for w in reversed(words):
            if w in self.heads:
                return self.heads[w]
        return None

    def person_key(self, name: str) -> str:
        """Entity key of a personal name: normalized words with spelling variants merged."""
        words = [fold_translit(w) for w in norm(name).split()]
        return " ".join(self.name_variants.get(w, w) for w in words)

    def pattern(self) -> re.Pattern[str]:
        """One regex over every place, IGO and demonym surface (longest first)."""
        if self._pattern is None:
            body = _trie_regex(set(self._surfaces))
            self._pattern = re.compile(rf"(?<![\w.\-])(?:{body})(?![\w\-]|\.\w)", re.I)
        return self._pattern

    _surfaces: set[str] = field(default_factory=set)

    def add_surface(self, surface: str) -> None:
        self._surfaces.add(surface)
        stripped = strip_accents(surface)
        if stripped != surface:
            self._surfaces.add(stripped)
        if "'" in surface:
            self._surfaces.add(surface.replace("'", "’"))
        self._pattern = None


def _pycountry_names() -> list[tuple[str, str]]:
    import pycountry

    out: list[tuple[str, str]] = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                out.append((value, c.alpha_3))
    return out


def _subdivisions() -> list[tuple[str, str]]:
    """US states and Canadian provinces and territories (pycountry), as (name, ISO3)."""
    import pycountry

    out = []
    for alpha2, iso3, kinds in (("US", "USA", {"State", "District"}), ("CA", "CAN", {"Province", "Territory"})):
        for sub in pycountry.subdivisions.get(country_code=alpha2) or []:
            if sub.type in kinds and "," not in sub.name:
                out.append((sub.name, iso3))
    return out


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every country code the lexicon knows: ISO 3166 alpha-3 (pycountry) and the project's own
    canonical entries (``KOS`` for Kosovo)."""
    return frozenset(iso3 for _name, iso3 in _pycountry_names()) | frozenset(
        (_load("countries.yaml").get("canonical") or {}).keys())


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "ss", "sh", "ch", "Swiss")) or " " in demonym:
        return None
    if demonym[-1] in "aeiouny":
        return demonym + "s"
    return None


def build(actors_path: str | Path | None = None, phoenix_path: str | Path | None = None) -> Lexicon:
    """A fresh :class:`Lexicon` from the shipped data plus optional user and Phoenix files."""
    lex = Lexicon()
    countries = _load("countries.yaml")
    never = {norm(n) for n in countries.get("never", [])}
    canonical = countries.get("canonical", {})
    for iso3, entry in canonical.items():
        lex.country_names[iso3] = entry["name"]
    for name, iso3 in _pycountry_names():
        lex.country_names.setdefault(iso3, name)
    country_of = {iso3: Place(name, "country", iso3, iso3) for iso3, name in lex.country_names.items()}
    for name, iso3 in _pycountry_names():
        if norm(name) not in never:
            lex.add_place(name, country_of[iso3])
            lex.add_surface(name)
    for iso3, entry in canonical.items():
        for surface in [entry["name"], *entry.get("variants", [])]:
            lex.places[norm(surface)] = country_of[iso3]
            lex.add_place(surface, country_of[iso3])
            lex.add_surface(surface)
    places = _load("places.yaml")
    for kind in ("capitals", "cities"):
        for name, iso3 in (places.get(kind) or {}).items():
            lex.add_place(name, Place(name, "city" if kind == "cities" else "capital", None, iso3))
            lex.add_surface(name)
    lex.places[norm("Washington")] = Place("Washington", "capital", None, "USA")
    for name, iso3 in [*(places.get("regions") or {}).items(), *_subdivisions()]:
        if norm(name) not in lex.places:  # a country or city of that name wins ("Georgia")
            lex.add_place(name, Place(name, "city", None, iso3))
            lex.add_surface(name)
    for variant, name in (places.get("variants") or {}).items():
        target = lex.places.get(norm(name))
        if target is not None:
            lex.add_place(variant, target)
            lex.add_surface(variant)
    for name, info in (places.get("institutions") or {}).items():
        lex.add_place(name, Place(name, "institution", None, info.get("country"), info.get("sector")))
        lex.add_surface(name)
    igos = _load("igos.yaml")
    for code, info in (igos.get("igos") or {}).items():
        place = Place(info["name"], "igo", code, None, "IGO")
        for surface in [info["name"], *info.get("variants", [])]:
            lex.add_place(surface, place, exact=surface.isupper() and len(surface) <= 3)
            lex.add_surface(surface)
    for org in igos.get("orgs") or []:
        lex.add_place(org, Place(org, "org"))
        lex.add_surface(org)
    dem = _load("demonyms.yaml")
    for word, iso3 in (dem.get("demonyms") or {}).items():
        lex.demonyms[norm(word)] = iso3
        lex.add_surface(word)
        plural = _plural(word)
        if plural:
            lex.plurals[norm(plural)] = iso3
            lex.add_surface(plural)
    for word, iso3 in (dem.get("plurals") or {}).items():
        lex.plurals[norm(word)] = iso3
        lex.add_surface(word)
    titles = _load("titles.yaml")
    lex.heads = {norm(k): v for k, v in (titles.get("heads") or {}).items()}
    lex.phrases = {norm(k): v for k, v in (titles.get("phrases") or {}).items()}
    lex.modifiers = {norm(str(w)) for w in titles.get("modifiers") or []}
    lex.complements = {norm(str(w)) for w in titles.get("complements") or []}
    lex.honorifics = {k.lower(): v for k, v in (titles.get("honorifics") or {}).items()}
    lex.gendered = {norm(k): v for k, v in (titles.get("gendered") or {}).items()}
    aliases = _load("aliases.yaml")
    lex.name_variants = {fold_translit(norm(k)): fold_translit(norm(v))
                         for k, v in (aliases.get("names") or {}).items()}
    if actors_path:
        _add_user_actors(lex, Path(actors_path))
    if phoenix_path:
        _add_phoenix(lex, Path(phoenix_path))
    for name, iso3 in (_load("persons.yaml").get("persons") or {}).items():  # the user's lists win
        lex.persons.setdefault(lex.person_key(str(name)), Place(str(name), "person", None, str(iso3), None))
    return lex


def _add_user_actors(lex: Lexicon, path: Path) -> None:
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    for item in data.get("actors") or []:
        name = str(item.get("name", "")).strip()
        if not name:
            continue
        typ = str(item.get("type", "ORG")).upper()
        kind = str(item.get("kind") or ("igo" if str(item.get("sector", "")).upper() == "IGO" else "org"))
        place = Place(name, "person" if typ == "PERSON" else kind,
                      item.get("code"), item.get("country"), item.get("sector"))
        surfaces = [name, *[str(a) for a in item.get("aliases") or []]]
        if typ == "PERSON":
            for s in surfaces:
                lex.persons[lex.person_key(s)] = place
        else:
            for s in surfaces:
                lex.add_place(s, place)
                lex.add_surface(s)


_PHX_CODE = re.compile(r"\[([A-Z]{3})([A-Z]{3})?[A-Z]*(?:\s+([^\]]*))?\]")


def _phoenix_latest(codes: list[tuple[str, str | None, str]]) -> tuple[str, str | None] | None:
    """The role still open when the list was made (``>080508``, the latest such start), else the
    last dated one, else the undated default."""
    open_ended = [c for c in codes if c[2].startswith(">")]
    best: tuple[str, str | None, str] | None
    if open_ended:
        best = max(open_ended, key=lambda c: c[2][1:])
    else:
        dated = [c for c in codes if c[2]]
        best = dated[-1] if dated else (codes[-1] if codes else None)
    return (best[0], best[1]) if best else None


def _add_phoenix(lex: Lexicon, path: Path) -> None:
    """Persons of Phoenix/TABARI ``.actors`` files (a file or a folder of ``*.actors.txt``) as known
    persons with a country and sector: a head line ``NAME_SURNAME_``, ``+ALIAS`` lines, then
    ``[RUSGOV >080508]`` role lines (see :func:`_phoenix_latest`). Entries without a country code,
    and aliases that start with a title ("PRESIDENT_PUTIN"), are skipped."""
    files = sorted(path.glob("*.actors.txt")) if path.is_dir() else [path]
    countries = country_codes()

    def flush(names: list[str], codes: list[tuple[str, str | None, str]]) -> None:
        code = _phoenix_latest(codes)
        if code is None or code[0] not in countries:
            return
        for name in names:
            words = norm(name).split()
            if len(words) < 2 or words[0] in lex.heads or words[0] in lex.modifiers:
                continue
            lex.persons.setdefault(lex.person_key(name), Place(name, "person", None, code[0], code[1]))

    for f in files:
        names: list[str] = []
        codes: list[tuple[str, str | None, str]] = []
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            body = line.split("#", 1)[0].rstrip()
            if not body.strip():
                continue
            found = [(m.group(1), m.group(2), (m.group(3) or "").strip()) for m in _PHX_CODE.finditer(body)]
            if body[:1].isspace() or body.startswith("["):
                codes += found
                continue
            if not body.startswith("+"):
                flush(names, codes)
                names, codes = [], []
            surface = body.lstrip("+").split("[")[0].strip("_ ").replace("_", " ")
            if surface:
                names.append(surface.title())
            codes += found
        flush(names, codes)


@lru_cache(maxsize=8)
def lexicon(actors_path: str | None = None, phoenix_path: str | None = None) -> Lexicon:
    """The shared, cached lexicon for a given pair of optional extra files."""
    return build(actors_path, phoenix_path)
