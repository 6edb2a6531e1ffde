"""The shared gold readers (``parley.corpora``) on hand-made snippets and on the real shared data."""

from __future__ import annotations

from pathlib import Path

from parley.config import shared_data
from parley.corpora import meantime
from parley.corpora.conllu import read_conllu
from parley.corpora.gum import entity_mentions
from parley.corpora.iob import iob_spans, read_iob2, read_iob2_sentences, spans_to_iob

CONLLU = """# newdoc id = d1
# sent_id = d1-1
# text = I can't go.
1\tI\tI\tPRON\tPRP\tCase=Nom\t3\tnsubj\t_\t_
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_
2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
4.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t4:conj\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tNo\tno\tINTJ\tUH\t_\t0\troot\t_\t_

"""


def _shared(*parts: str) -> Path:
    path = shared_data(*parts)
    assert path.exists(), f"shared gold data missing: {path}"  # fail loudly, never skip
    return path


def test_conllu_words_spacing_and_heads(tmp_path: Path) -> None:
    path = tmp_path / "t.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    first, second = read_conllu(path)
    assert (first.sent_id, first.doc_id, first.text) == ("d1-1", "d1", "I can't go.")
    assert first.words == ["I", "ca", "n't", "go", "."]  # the multi-word token's words, no empty node
    assert first.spaces == [True, False, True, False, True]  # the MWT line gives the space after it
    assert first.heads == [2, 3, 3, 3, 3] and first.deps[3] == "root"
    assert second.sent_id == "d1#2" and second.words == ["No"]  # no # sent_id: named after its document


def test_iob_decoding_and_round_trip() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-OTH"]
    assert iob_spans(labels) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"), (6, 7, "OTH")]
    assert iob_spans(labels, {"PER", "LOC"}) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert iob_spans(spans_to_iob(7, iob_spans(labels))) == iob_spans(labels)


def test_uner_reader_on_the_shared_file() -> None:
    path = _shared("ud", "uner", "en_ewt-ud-test.iob2")
    sents = read_iob2_sentences(path)
    by_id = read_iob2(path)
    assert len(sents) == len(by_id) > 2000
    s = sents[1]
    assert by_id[s.sent_id] == (s.words, s.labels) and s.doc_id == "answers-20080426140040AA4YiX5_ans"
    assert s.text == "It is a place in Argentina lol" and s.spaces[:-1] == [True] * 6
    assert iob_spans(s.labels) == [(5, 6, "LOC")]


def test_gum_entity_brackets() -> None:
    misc = ["Entity=(1-person-new-x-cf1-1-coref-Kim)", "_", "Entity=(2-place-new-x-x-2-sgl", "SpaceAfter=No|Entity=2)"]
    got = [(m.entity, m.etype, m.start, m.end) for m in entity_mentions(misc)]
    assert got == [("1", "person", 0, 1), ("2", "place", 2, 4)]


def test_meantime_reader_other_entity_types() -> None:
    files = meantime.find_files(_shared("timex", "meantime"))
    assert len(files) == 60 and meantime.corpus_names(files) == ["airbus", "gm"]
    docs = [meantime.read_meantime(f) for f in files]
    other = [sp for d in docs for sp in d.mention_spans(meantime.OTHER_ENTITY_TYPES)]
    named = [sp for d in docs for sp in d.mention_spans({"PER", "ORG", "LOC"}, syntactic=meantime.NAME_TYPES)]
    assert {t for _a, _b, t in other} <= meantime.OTHER_ENTITY_TYPES and len(other) > 50
    assert {t for _a, _b, t in named} == {"PER", "ORG", "LOC"}
    assert all(d.last_annotated_sentence() is not None for d in docs)
