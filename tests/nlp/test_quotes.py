"""parley_quotes: the seed's 11 quotes, multi-paragraph and floating quotes, mixed marks, anonymous
speakers, bad input. Tests needing the shipped model fail (never skip) when it is missing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parley import nlp as parley_nlp
from parley.config import shared_dir
from parley.nlp.quotes.marks import find_pieces


@pytest.fixture(scope="module")
def nlp() -> Any:
    path = parley_nlp.model_path()
    assert (path / "config.cfg").is_file(), f"shipped model missing at {path}: run `make model`"
    nlp = parley_nlp.load()
    assert "parley_quotes" in nlp.pipe_names
    return nlp


@pytest.fixture(scope="module")
def seed(nlp: Any) -> Any:
    base = shared_dir() / "seed"
    assert (base / "article.txt").is_file(), f"seed article missing under {base}"
    doc = nlp(( base / "article.txt").read_text(encoding="utf-8"))
    return doc, json.loads((base / "expected.json").read_text(encoding="utf-8"))


def _by_text(doc: Any, needle: str) -> Any:
    hits = [q for q in doc._.quotes if needle in q.text]
    assert hits, f"no quote holds {needle!r}; got {[q.text[:50] for q in doc._.quotes]}"
    return hits[0]


def test_seed_quotes(seed: Any) -> None:
    doc, expected = seed
    for exp in expected["quotes"]:
        q = _by_text(doc, exp["contains"])
        assert q.speaker_name == exp["speaker"], (exp["contains"], q)
        assert q.kind == exp["kind"], (exp["contains"], q.kind)
        assert (q.cue.text if q.cue else None) == exp["cue"], (exp["contains"], q.cue)
        if "speaker_mention" in exp:
            assert q.speaker is not None and q.speaker.text == exp["speaker_mention"]
        assert q.speaker_key == exp["speaker"].lower() or q.speaker_key
        assert doc.text[q.start:q.end] == q.text
    assert len(doc._.quotes) == len(expected["quotes"])


def test_seed_not_quotes(seed: Any) -> None:
    doc, expected = seed
    for nq in expected["not_quotes"]:
        inner = nq["text"].strip("“”\"")
        assert not any(q.text.strip() == inner for q in doc._.quotes), nq


def test_seed_spans_and_said_on(seed: Any) -> None:
    doc, _ = seed
    assert len(doc.spans["quotes"]) == len(doc._.quotes)
    merz = _by_text(doc, "to help Ukraine develop")
    assert merz.said_on == "2025-05-28"
    lavrov = _by_text(doc, "Our delegation")
    assert lavrov.said_on == "2025-05-28"  # "next Monday, on June 2" is inside the quote


def test_multi_paragraph_quote(nlp: Any) -> None:
    text = ("Jane Holloway, the union's president, spoke after the vote.\n\n"
            "“We did not expect this outcome. It hurts our members.\n\n"
            "“We will keep fighting for a fair contract,” Holloway said.\n")
    quotes = nlp(text)._.quotes
    assert [q.kind for q in quotes] == ["direct", "direct"]
    assert quotes[0].text.startswith("We did not expect")
    assert all(q.speaker_name == "Jane Holloway" for q in quotes), quotes
    assert quotes[1].cue is not None and quotes[1].cue.text == "said"


def test_mixed_marks_and_floating(nlp: Any) -> None:
    text = ('Mayor Anne Dubois said: “The bridge will reopen on Friday after repairs."\n'
            "She added that the city would pay for the work.\n"
            "At the council meeting “we decided to speed up every inspection of the old bridges.”\n")
    doc = nlp(text)
    q0, q1, q2 = doc._.quotes
    assert q0.kind == "direct" and q0.text.startswith("The bridge") and q0.speaker_name == "Anne Dubois"
    assert q1.kind == "indirect" and q1.cue.text == "added" and q1.speaker_name == "Anne Dubois"
    assert q2.kind == "mixed" and q2.cue is None and q2.speaker_name == "Anne Dubois"


def test_anonymous_speaker(nlp: Any) -> None:
    doc = nlp("The ceasefire could collapse within days, a senior official said on Tuesday.\n")
    (q,) = doc._.quotes
    assert q.anonymous and q.speaker_key is None and q.speaker.text == "a senior official"
    assert q.text.startswith("The ceasefire could collapse")


@pytest.mark.parametrize("text", [
    'He said: "We will win.\n\nThen nothing closes here',
    "“One “two” three,” she said. “Odd one out.",
    'The player is 5\'11" tall and used a 12" pipe, the coach said.',
    '"""',
    "“" * 7 + "”" * 3,
    "He said: “" + "word " * 2000 + "”",
    "",
])
def test_bad_input_never_crashes(nlp: Any, text: str) -> None:
    doc = nlp(text)
    for q in doc._.quotes:
        assert 0 <= q.start <= q.end <= len(text)


def test_inch_signs_are_not_quotes() -> None:
    assert find_pieces('He is 5\'11" tall and bought a 12" pipe.') == []
    (p,) = find_pieces('She is 5\'11" and "fine," he said.')
    assert p.start > 0 and p.closed


def test_unbalanced_and_continued_pieces() -> None:
    text = "“A first line.\n\n“A second line,” he said. “Never closed"
    pieces = find_pieces(text)
    assert [(text[p.start:p.end], p.continues, p.closed) for p in pieces] == [
        ("A first line.", False, False), ("A second line,", True, True), ("Never closed", False, False)]


def test_twin_apostrophes_are_double_marks() -> None:
    text = "''We will win,'' she said. It's the voters' choice, ''not ours.''"
    pieces = find_pieces(text)
    assert [text[p.start:p.end] for p in pieces] == ["We will win,", "not ours."]
    assert text[pieces[0].outer_end:].startswith(" she said")


def test_report_runs_past_the_aside(nlp: Any) -> None:
    text = ("The board failed its members for years. Wardens, Halloran says, have no plan to cope with "
            "the flooding.\n")
    (q,) = nlp(text)._.quotes
    assert q.text.startswith("Wardens") and q.text.endswith("the flooding")
    assert q.speaker is not None and q.speaker.text == "Halloran" and q.cue.text == "says"


def _quote_tuples(doc: Any) -> list[tuple[Any, ...]]:
    return [(q.start, q.end, q.kind, q.speaker_name, q.cue.text if q.cue else None) for q in doc._.quotes]


_PIPE_TEXTS = [
    "“We will not back down,” Mayor Anne Dubois said on Monday. She added that the bridge would reopen.\n",
    "The ceasefire could collapse within days, a senior official said.\n",
    "Jane Holloway said the vote was “a betrayal of every member.”\n",
    "No quotes here at all.\n",
]


def test_to_disk_from_disk_round_trip(nlp: Any, tmp_path: Any) -> None:
    import spacy

    nlp.to_disk(tmp_path / "model")
    again = spacy.load(tmp_path / "model")
    assert "parley_quotes" in again.pipe_names
    assert again.get_pipe_config("parley_quotes") == nlp.get_pipe_config("parley_quotes")
    for text in _PIPE_TEXTS:
        assert _quote_tuples(again(text)) == _quote_tuples(nlp(text))


def test_pipe_two_processes_same_quotes(nlp: Any) -> None:
    one = [_quote_tuples(d) for d in nlp.pipe(_PIPE_TEXTS)]
    two = [_quote_tuples(d) for d in nlp.pipe(_PIPE_TEXTS, n_process=2, batch_size=2)]
    assert one == two
    assert any(one)


def test_photo_credit_is_no_part_of_a_name() -> None:
    from parley.nlp.quotes.names import _strip_name

    assert _strip_name("Getty Images Alder Quince") == "Alder Quince"
    assert _strip_name("Eastmere's Bo Krall") == "Bo Krall"
    assert _strip_name("Ben van der Stolk") == "Ben van der Stolk"


def test_speaker_after_quote_with_appositive(nlp: Any) -> None:
    doc = nlp('The talks ended early.\n\n"All Nordic countries know this," Richard Allard, a former chief '
              'science adviser to the prime minister, said on Monday.\n')
    q = _by_text(doc, "All Nordic countries")
    assert q.speaker is not None and q.speaker.text == "Richard Allard"


@pytest.mark.parametrize("text", [
    "Tim Arbery with the Norland Coast Health Authority said there are several causes of ferry delays.\n",
    # a role written before the name: still the person, never the place of work
    "Political analyst Tim Arbery of Vesta University said there are several causes of ferry delays.\n",
])
def test_person_named_before_with(nlp: Any, text: str) -> None:
    q = _by_text(nlp(text), "several causes")
    assert q.speaker_name == "Tim Arbery"


def test_he_she_agree_in_gender(nlp: Any) -> None:
    doc = nlp("Anna Kowalski, the mayor, said the budget was balanced.\n\n"
              "Councillor Peter Marsh said the numbers were wrong.\n\n"
              "“This budget hides a deficit,” he said.\n\n"
              "“I stand by every figure,” she said.\n")
    assert _by_text(doc, "hides a deficit").speaker_name == "Peter Marsh"
    assert _by_text(doc, "every figure").speaker_name == "Anna Kowalski"


def test_honorific_gives_gender_to_an_unlisted_name(nlp: Any) -> None:
    doc = nlp("Ms. Imke Varga opened the hearing on the flood plan.\n\n"
              "“The river has risen twice this year,” Ms. Varga said.\n\n"
              "Mr. Tomo Reyes, an engineer, said the levee would hold.\n\n"
              "“I am not convinced,” she said.\n")
    assert _by_text(doc, "not convinced").speaker_name == "Imke Varga"


def test_gender_evidence() -> None:
    import spacy

    from parley.nlp.quotes.names import given_names
    from parley.nlp.quotes.speaker import Resolver

    assert given_names()["mary"] == "f" and given_names()["john"] == "m"
    nlp = spacy.blank("en")
    r = Resolver(nlp("Dorie Lamb cooks at home with her husband Michael Lamb and Mr. Olu Fenn."))
    assert r.gender_of("Michael Lamb") == "m"
    assert r.gender_of("Olu Fenn") == "m"
    assert r.gender_of("Dorie Lamb") is None  # not listed, no he/she, no honorific


def test_pronoun_keeps_the_centre_past_a_mentioned_name(nlp: Any) -> None:
    doc = nlp("Oskar Lindqvist talked about his family's boat yard.\n\n"
              "He said the yard, with a shop run by his friend Paul Berg, gave the town jobs.\n\n"
              "“There is a legacy there,” he said.\n")
    assert _by_text(doc, "legacy there").speaker_name == "Oskar Lindqvist"


def test_she_prefers_the_person_known_to_be_a_woman(nlp: Any) -> None:
    """Fictional names. Neither name is a subject in the paragraph before the quote; a name in a
    modifier ("the Rowan Ashby pipeline") comes later, but only Mara Quill is known to be "she"."""
    doc = nlp("Fictional sample. Mara Quill leads the youth council in Sorrel County.\n\n"
              "Besides her job at the council, Quill and several students are organising a summit for "
              "2019. The county board said in July it opposed the Rowan Ashby pipeline.\n\n"
              "“We owe this valley to the next generation,” she said.\n")
    assert _by_text(doc, "owe this valley").speaker_name == "Mara Quill"


def test_report_whose_verb_the_tagger_takes_for_a_participle(nlp: Any) -> None:
    doc = nlp("County and city officials said the two raised $40 million through the scheme.\n")
    (q,) = doc._.quotes
    assert q.kind == "indirect" and q.text.startswith("the two raised")
    assert q.speaker is not None and q.speaker.text == "County and city officials"


def test_told_a_show_in_quote_marks(nlp: Any) -> None:
    doc = nlp('Heading into the debate, Marta Oberlin told Radio Nord\'s "Morning Desk" that nobody would '
              "question the plan.\n")
    q = _by_text(doc, "nobody would question")
    assert q.speaker_name == "Marta Oberlin" and q.cue.text == "told"


def test_participle_cue_takes_the_clause_subject(nlp: Any) -> None:
    doc = nlp("Helga Brandt, a medical doctor, appeared on local radio on Friday and began by saying she would "
              "never diagnose someone over the phone.\n")
    q = _by_text(doc, "never diagnose")
    assert q.speaker is not None and q.speaker.text.startswith("Helga Brandt")
    doc = nlp("The protest came days after the storm, with Mayor Jonas Feld arguing that the dikes must be "
              "raised before winter.\n")
    q = _by_text(doc, "dikes must be raised")
    assert q.speaker is not None and q.speaker.text == "Mayor Jonas Feld"


def test_pronoun_is_a_whole_subject(nlp: Any) -> None:
    from parley.nlp.quotes.mentions import subject_left

    doc = nlp("The union criticised the bill, including a clause they say could exclude the poorest families.\n")
    cue = next(t for t in doc if t.text == "say")
    subj = subject_left(doc, cue, 0)
    assert subj is not None and subj.text == "they"


def test_object_to_infinitive_is_no_report(nlp: Any) -> None:
    doc = nlp("The new law requires state police to tell families when someone dies in custody.\n")
    assert not any("someone dies" in q.text for q in doc._.quotes)


def test_description_takes_the_person_in_the_centre(nlp: Any) -> None:
    doc = nlp("Lena Vasquez scored twice on Saturday as her team won the final.\n\n"
              "“We never stopped believing,” the 26-year-old striker said.\n")
    q = _by_text(doc, "never stopped")
    assert q.speaker_name == "Lena Vasquez"


def test_trim_mention() -> None:
    import spacy

    from parley.nlp.quotes.mentions import trim_mention

    nlp = spacy.blank("en")
    cases = [("sources familiar with the deal who were not authorized to speak", "sources familiar with the deal"),
             ("a person familiar with the deal but unauthorized to speak", "a person familiar with the deal"),
             ("a local fisherman present during the storm", "a local fisherman"),
             ("Mayor Ana Quiroga", "Mayor Ana Quiroga")]
    for text, want in cases:
        doc = nlp(text)
        for t in doc:  # a blank pipeline has no tags: mark the nouns by hand
            t.pos_ = "NOUN" if t.text in {"sources", "person", "fisherman", "Quiroga", "deal", "storm"} else (
                "ADP" if t.text == "during" else "X")
        assert trim_mention(doc[:]).text == want


def test_floating_quote_takes_the_subject_just_named(nlp: Any) -> None:
    doc = nlp("“It was worth the wait,” said Tobias Renn, the festival director.\n\n"
              "Marisol Vey did not need much convincing. “I am grateful for the offer and for the chance "
              "to work here again.”\n")
    q = _by_text(doc, "grateful for the offer")
    assert q.speaker is None and q.speaker_name == "Marisol Vey"


def test_subject_name_the_ner_missed_is_an_antecedent() -> None:
    import spacy
    from spacy.tokens import Doc

    from parley.nlp.quotes.names import _subject_names

    nlp = spacy.blank("en")
    words = ["Malick", "Tandia", "was", "on", "a", "trip", "."]
    doc = Doc(nlp.vocab, words=words, pos=["PROPN", "PROPN", "AUX", "ADP", "DET", "NOUN", "PUNCT"],
              heads=[1, 2, 2, 5, 5, 2, 2], deps=["compound", "nsubj", "ROOT", "case", "det", "obl", "punct"])
    assert _subject_names(doc) == [(0, 13, "Malick Tandia")]


def test_possessive_owner_is_not_the_speaker(nlp: Any) -> None:
    doc = nlp("The visitors won 4-1 on Saturday night.\n\n"
              "“That wasn't very good,” Winnipeg's Oskar Brandvold said after the game.\n")
    q = _by_text(doc, "wasn't very good")
    assert q.speaker_name == "Oskar Brandvold"


def test_people_of_a_country_are_not_the_country(nlp: Any) -> None:
    doc = nlp("South Korea hosted the talks in Seoul this week.\n\n"
              "South Korean officials said the border would reopen on Monday.\n")
    (q,) = doc._.quotes
    assert q.speaker is not None and q.speaker.text == "South Korean officials"
    assert q.speaker_name is None


def test_quoted_fragment_inside_a_report_with_a_trailing_cue(nlp: Any) -> None:
    doc = nlp("A clerk who “takes a handful of coins” is punished at once, Harbo said.\n")
    (q,) = doc._.quotes
    assert q.kind == "mixed" and q.text.startswith("A clerk who") and q.speaker_name == "Harbo"
    doc = nlp("“The only way the port will change is if owners face fines” for dumping oil and waste in the bay, "
              "she said.\n")
    (q,) = doc._.quotes
    assert q.cue is not None and q.cue.text == "said" and q.speaker.text == "she"


def test_relative_who_speaks_for_its_antecedent(nlp: Any) -> None:
    doc = nlp("The plan was backed by Ellen Marsh, who said the harbour needed a new pier before winter.\n")
    q = _by_text(doc, "harbour needed")
    assert q.speaker is not None and q.speaker.text == "who" and q.speaker_name == "Ellen Marsh"


def test_nested_quote_and_space_before_the_close_mark(nlp: Any) -> None:
    doc = nlp("“I have always disliked the term ‘outreach,’ ” Dana Holm told the group on Friday.\n")
    (q,) = doc._.quotes
    assert q.cue is not None and q.cue.text == "told" and q.speaker_name == "Dana Holm"


def test_question_quote_then_the_cue(nlp: Any) -> None:
    doc = nlp("“How often must we watch this happen on our street?” Harbo said. “It is unbearable.”\n")
    q = _by_text(doc, "How often must")
    assert q.cue is not None and q.cue.text == "said" and q.speaker is not None and q.speaker.text == "Harbo"


def test_long_relative_clause_between_subject_and_cue(nlp: Any) -> None:
    doc = nlp("Tova Brenner, who runs the county's voter-drive effort for the families of retired "
              "dock workers and fishermen, said the turnout would rise this year.\n")
    q = _by_text(doc, "turnout would rise")
    assert q.speaker is not None and q.speaker.text.startswith("Tova Brenner")


def test_told_a_long_hearer_then_the_report(nlp: Any) -> None:
    doc = nlp("Campaign manager Ruth Okafor told Radio North Breakfast on Monday that the council expects "
              "a close vote.\n")
    q = _by_text(doc, "council expects")
    assert q.cue.text == "told" and q.speaker_name == "Ruth Okafor"
    doc = nlp("The mayor told an invited crowd at the harbour club that she wants a new ferry line.\n")
    q = _by_text(doc, "wants a new ferry")
    assert q.cue.text == "told" and q.speaker is not None and q.speaker.text == "The mayor"


def test_name_the_ner_cut_before_a_particle_surname() -> None:
    import spacy
    from spacy.tokens import Doc, Span

    from parley.nlp.quotes.speaker import Resolver

    nlp = spacy.blank("en")
    words = ["Ben", "van", "der", "Stolk", "said", "it", "."]
    doc = Doc(nlp.vocab, words=words, pos=["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PRON", "PUNCT"])
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    assert Resolver(doc)._name_in(doc[0:4]) == "Ben van der Stolk"


def test_surname_subject_the_ner_missed(nlp: Any) -> None:
    doc = nlp("Nadia Qassem is the research lead at the shelter, where Mayor Tom Berger visited last week.\n\n"
              "Qassem admits that the radios did not work as hoped.\n\n"
              "“Some were lost, and that sort of thing,” she said.\n")
    assert _by_text(doc, "Some were lost").speaker_name == "Nadia Qassem"


def test_party_tag_and_demonym_modifiers_are_not_the_speaker(nlp: Any) -> None:
    doc = nlp("Fictional sample. Rep. Lucinda Marrow, D-Ore., the incoming chairwoman of the panel, said her office "
              "is preparing a bill.\nThe British aid group Lanternfish said its staff were safe.\n")
    q = _by_text(doc, "preparing a bill")
    assert q.speaker is not None and "Lucinda Marrow" in q.speaker.text
    q = _by_text(doc, "staff were safe")
    assert q.speaker_name == "Lanternfish"  # not "United Kingdom" from the demonym


# A reported clause and the words its speaker span must be: (id, text, words of the quote, speaker).
SPEAKER_SPANS = [
    pytest.param('Senator Ilse Marrow has encouraged the provinces to spend more on roads but has said she '
                 'will hold firm on the budget.\n',
                 'hold firm', 'Senator Ilse Marrow', id='subject_before_the_first_verb_of_a_conjoined_cue'),
    pytest.param('The figures come from the Harbour Institute, which notes that 58 firms would owe more.\n',
                 '58 firms would owe', 'which', id='relative_which_speaks_for_its_antecedent'),
    pytest.param('Harbour police announced the arrest of a driver after the crash of a tram during a '
                 'storm over the bay and the docks and said the bridge would stay closed through the '
                 'week.\n',
                 'bridge would stay closed', 'Harbour police', id='conjoined_cue_after_a_long_object'),
    pytest.param('Jonas Wren, a 1994 alumnus and a town councillor in Elm County, where the college is '
                 'located, said the video badly distorts the spirit of the college.\n',
                 'video badly distorts', 'Jonas Wren', id='subject_before_several_appositives'),
    pytest.param('But the head of regional planning for the ferry service, Jeff Marlow, says the '
                 'timetable is built for that.\n',
                 'timetable is built', 'Jeff Marlow', id='name_between_commas_after_a_description'),
    pytest.param('Mira Feld, who lived in a flat down the road, sang in the choir and moved away in '
                 '2015, said the town has a habit of neglect.\n',
                 'habit of neglect', 'Mira Feld', id='subject_before_a_relative_clause_and_a_second_predicate'),
]


@pytest.mark.parametrize(("text", "needle", "speaker"), SPEAKER_SPANS)
def test_speaker_span(nlp: Any, text: str, needle: str, speaker: str) -> None:
    q = _by_text(nlp(text), needle)
    assert q.speaker is not None and q.speaker.text == speaker


# A quote, the words its speaker span must be and the name that speaker resolves to.
SPEAKER_NAMES = [
    pytest.param("Prime Minister Theresa May spoke after the vote in London.\n\n"
                 "“We will find a way,” Ms. May said.\n",
                 "find a way", "Ms. May", "Theresa May", id="surname_read_as_a_modal"),
    pytest.param("Lena Vasquez knows the club is taking a risk.\n\n"
                 "“Nobody has won here in years,” the tall, soft-spoken coach said.\n",
                 "Nobody has won", "the tall, soft-spoken coach", "Lena Vasquez",
                 id="description_with_a_comma_between_modifiers"),
    pytest.param("The wave struck the coast late on Saturday.\n\n"
                 "Pavel, a resident of the valley who runs fishing trips, said by phone the sea had been "
                 "calm.\n\nMany others had sheltered in his village on the ridge, he said.\n",
                 "sheltered in", "he", "Pavel", id="one_word_name_introduced_with_a_description"),
    pytest.param("Fictional sample. The Roman Catholic Diocese of Halden condemned the video on Sunday. "
                 "Police in Elm County were called. The diocese said the students would be punished.\n",
                 "students would be punished", "The diocese", "Roman Catholic Diocese of Halden",
                 id="organisation_description_takes_the_organisation_holding_its_word"),
    pytest.param("Fictional sample. The Greens believe they will win the argument; they say their research shows "
                 "younger voters agree.\n",
                 "their research shows", "they", "the Greens", id="they_takes_the_plural_group_named_before"),
]


@pytest.mark.parametrize(("text", "needle", "speaker", "name"), SPEAKER_NAMES)
def test_speaker_and_name(nlp: Any, text: str, needle: str, speaker: str, name: str) -> None:
    q = _by_text(nlp(text), needle)
    assert q.speaker is not None and q.speaker.text == speaker and q.speaker_name == name
