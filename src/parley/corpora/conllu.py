"""CoNLL-U sentences (UD English EWT, GUM): syntactic words with their columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sentence:
    """One CoNLL-U sentence, syntactic words only (multi-word token lines give the surface spacing;
    empty nodes are skipped). Columns are kept as written (``_`` included)."""

    sent_id: str
    doc_id: str
    text: str = ""
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)  # a space after the word in the running text
    lemmas: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based in the sentence; the root points to itself
    deps: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)  # each word's own MISC column


def _comment_value(line: str) -> str:
    return line.partition("=")[2].strip()


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U file in file order. ``doc_id`` is the last ``# newdoc id`` (else the
    file's stem); a sentence with no ``# sent_id`` is named ``DOC#N``."""
    doc_id = path.stem
    sent: Sentence | None = None
    sent_id: str | None = None
    text = ""
    count = 0
    mwt_end, mwt_space = -1, True
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("#"):
                if line.startswith("# newdoc id"):
                    doc_id = _comment_value(line)
                elif line.startswith("# sent_id"):
                    sent_id = _comment_value(line)
                elif line.startswith("# text ="):
                    text = _comment_value(line)
                continue
            if not line.strip():
                if sent is not None and sent.words:
                    yield sent
                sent, sent_id, text, mwt_end = None, None, "", -1
                continue
            cols = line.split("\t")
            if sent is None:
                count += 1
                sent = Sentence(sent_id=sent_id if sent_id is not None else f"{doc_id}#{count}", doc_id=doc_id,
                                text=text)
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_space = "SpaceAfter=No" not in cols[9]
                continue
            i = int(cols[0])
            _add_word(sent, cols, space=False if i < mwt_end else mwt_space if i == mwt_end
                      else "SpaceAfter=No" not in cols[9])
    if sent is not None and sent.words:
        yield sent


def _add_word(sent: Sentence, cols: list[str], *, space: bool) -> None:
    i = int(cols[0])
    sent.words.append(cols[1])
    sent.spaces.append(space)
    sent.lemmas.append(cols[2])
    sent.upos.append(cols[3])
    sent.xpos.append(cols[4])
    sent.feats.append(cols[5])
    head = int(cols[6])
    sent.heads.append(head - 1 if head > 0 else i - 1)
    sent.deps.append(cols[7])
    sent.misc.append(cols[9])


def split_file(folder_or_file: Path, split: str = "test", *, prefix: str = "en_ewt-ud") -> Path:
    """The file of a split (``en_ewt-ud-test.conllu``), given its folder or the file itself."""
    path = Path(folder_or_file)
    return path if path.is_file() else path / f"{prefix}-{split}.conllu"
