"""parley_events, precision first: idioms, figures of speech and everyday acts are no events; an
event needs a resolved political actor on one side; every event has a confidence and a date
source; the default pipeline hides events under DEFAULT_MIN_CONFIDENCE. Needs the shipped model."""

from __future__ import annotations

import time
from typing import Any

import pytest
import spacy

from parley.nlp import load
from parley.nlp.events.confidence import DEFAULT_MIN_CONFIDENCE, Side, side
from parley.records import Event


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    pipeline = load()
    pipeline.get_pipe("parley_events").min_confidence = 0.0  # every event the rules let through
    return pipeline


@pytest.fixture(scope="module")
def nlp_default() -> spacy.Language:
    return load()


def events(nlp: spacy.Language, text: str, dct: str | None = "2016-09-03") -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return list(nlp(doc)._.events)


def triggers(evs: list[Event]) -> list[str]:
    return [e.trigger.text for e in evs]


def recipients_of(nlp: spacy.Language, text: str, trigger: str) -> list[str]:
    """The recipients of the first event on ``trigger`` (the test fails if there is none)."""
    got = [e for e in events(nlp, text) if e.trigger.text == trigger]
    assert got, [(e.type, e.trigger.text) for e in events(nlp, text)]
    return list(got[0].recipients)


@pytest.mark.parametrize("text, word", [
    ("Intense negotiations took place in Geneva.", "took"),
    ("Shares of the company hit a record high on Monday.", "hit"),
    ("Loved by her mother, she grew up in Ohio.", "Loved"),
    ("I read his works last year.", "read"),
    ("The senator played down the rumour of a deal with Iran.", "played"),
    ("Rival senators have started a bidding war over farm subsidies.", "war"),
    ("The former minister Ana Holt pleaded guilty to a charge of fraud.", "pleaded"),
    ("Senator Ivo Marsh fired back on Monday, calling the charge absurd.", "fired"),
    ("Canada ended up paying for the new bridge.", "ended"),
])
def test_idioms_and_everyday_acts_are_no_events(nlp: spacy.Language, text: str, word: str) -> None:
    assert word not in " ".join(triggers(events(nlp, text)))


def test_a_market_attacking_a_mark_is_no_assault(nlp_default: spacy.Language) -> None:
    # "attacked the 40,000 mark": a figure of speech for an index nearing a level
    assert not events(nlp_default, "The Dow Jones index attacked the 40,000 mark again on Tuesday.")


def test_an_event_needs_a_political_side_and_a_real_doer(nlp: spacy.Language) -> None:
    assert not events(nlp, "A man hit his neighbour with a stick.")  # nobody in public life
    assert not events(nlp, "They attacked the embassy.")  # a pronoun nobody resolves
    assert "forced" not in triggers(events(nlp, "The new rules have forced Senator Ada Quarles to change course."))
    assert "show" not in triggers(events(nlp, "Recent surveys show Governor Edwin Marlow leading in Ohio."))
    assert triggers(events(nlp, "Russia attacked Ukraine on Tuesday.")) == ["attacked"]


def test_questions_and_re_mentions_report_no_event(nlp: spacy.Language) -> None:
    assert not events(nlp, "Did Russia attack Ukraine on Tuesday?")
    assert "agreed" not in triggers(events(nlp, "As Russia and Ukraine agreed, the prisoners went home."))


def test_words_between_politicians_are_not_blows(nlp: spacy.Language) -> None:
    e = next(e for e in events(nlp, "Senator Ada Quarles attacked Governor Edwin Marlow over his emails.")
             if e.trigger.text == "attacked")
    assert e.type == "ACCUSE" and e.recipients  # two people coded USA are still two sides
    poll = events(nlp, "Marlow beats Quarles by 42 to 39 percent in the new poll.")
    assert not [e for e in poll if e.type == "ASSAULT"]
    assert [e.type for e in events(nlp, "Russia attacked Ukraine.")] == ["ASSAULT"]


def test_sides_are_graded(nlp: spacy.Language) -> None:
    doc = nlp("The Syrian army shelled the village, and they said the rebels fled.")

    def of(words: str) -> Side:
        at = doc.text.index(words)
        return side(doc, words, at, at + len(words))

    assert of("The Syrian army").tier == 3
    assert of("the rebels").tier == 2  # an armed group whose country is not named
    assert of("the village").tier == 0


def test_an_organisation_owned_by_a_role_acts_for_its_holder(nlp: spacy.Language) -> None:
    """"The governor's campaign" is someone's organisation, not a thing that can do nothing."""
    text = "Fictional sample. The governor's campaign also criticized Senator Ida Brekke for skipping the hearings."
    e = next(e for e in events(nlp, text) if e.trigger.text == "criticized")
    assert e.type == "ACCUSE" and e.actors == ["governor's campaign"]


def test_a_name_after_the_head_is_a_modifier_not_the_side(nlp: spacy.Language) -> None:
    doc = nlp("The senator hosted lunches for Yale alumni and praised the benefits of NAFTA.")

    def of(words: str, trailing: bool) -> Side:
        at = doc.text.index(words)
        return side(doc, words, at, at + len(words), trailing=trailing)

    for words in ("lunches for Yale alumni", "the benefits of NAFTA"):
        assert of(words, trailing=False).tier == 0  # what the event's evidence reads: a thing
    assert of("Yale alumni", trailing=False).tier >= 1


def test_every_event_has_a_confidence_and_a_date_source(nlp: spacy.Language, nlp_default: spacy.Language) -> None:
    text = ("Russia attacked Ukraine on Tuesday. China imposed sanctions on Taiwan. "
            "North Korea was blamed for the 2014 Sony hack. Iraq's 1980 invasion of Iran killed thousands. "
            "Did anyone care?")
    evs = events(nlp, text)
    assert evs and all(e.confidence is not None and 0.0 <= e.confidence <= 1.0 for e in evs)
    by = {e.trigger.text: e for e in evs}
    assert (by["attacked"].date, by["attacked"].date_source) == ("2016-08-30", "text")
    assert (by["imposed sanctions"].date, by["imposed sanctions"].date_source) == ("2016-09-03", "publication")
    # a date written into another noun dates that noun: the blame is not of 2014, the invasion is of 1980
    assert (by["blamed"].date, by["blamed"].date_source) == ("2016-09-03", "publication")
    assert by["invasion"].date == by["killed"].date == "1980" and by["killed"].date_source == "text"
    shown = events(nlp_default, text)
    assert all((e.confidence or 0.0) >= DEFAULT_MIN_CONFIDENCE for e in shown)
    assert {e.trigger.text for e in shown} <= set(by)
    assert all(e.date_source is None for e in events(nlp, "Russia attacked Ukraine.", dct=None))


@pytest.mark.parametrize("text", [
    "",
    "Manchester United 2, Chelsea 1. Arsenal 0, Liverpool 3.",
    "GDP 2.1%\nInflation 3.4%\nUnemployment 5.0%",
    "- apples\n- pears\n- the government\n",
    "BREAKING: STORM HITS COAST",
])
def test_bad_input_codes_nothing(nlp_default: spacy.Language, text: str) -> None:
    assert events(nlp_default, text) == []


def test_long_article_does_not_crash_and_stays_linear(nlp_default: spacy.Language) -> None:
    para = ("Russia made an offer to Ukraine on Wednesday for a second meeting in Istanbul. "
            "Senator Hale said he would not back the bill, and the governor praised him. ")
    short, long = para * 20, para * 200
    t0 = time.perf_counter()
    events(nlp_default, short)
    t1 = time.perf_counter()
    got = events(nlp_default, long)
    t2 = time.perf_counter()
    assert got  # tens of thousands of characters in one Doc
    assert (t2 - t1) < 25 * max(t1 - t0, 0.05)  # ten times the text, far less than a hundred times the time



@pytest.mark.parametrize("text, word", [
    ("Governor Edwin Marlow often hosted barbecues for his old classmates on Sundays.", "hosted"),
    ("Senator Hadley touted her record as a sponsor of the bill.", "touted"),
    ("Fictional sample. President Aldo Vantresca released a second campaign video on Monday.", "released"),
    ("Fictional sample. President Aldo Vantresca delivered his annual address to parliament on Monday.",
     "delivered"),
])
def test_everyday_sense_is_hidden(nlp_default: spacy.Language, text: str, word: str) -> None:
    """A verb with an everyday sense beside its event sense, done to no party, is below the
    display threshold (idioms.yaml needs_party)."""
    assert word not in triggers(events(nlp_default, text))


@pytest.mark.parametrize("text, word", [
    ("Fictional sample. The opposition leader, Ida Holm, ridiculed the finance minister's budget on Tuesday.",
     "ridiculed"),
    ("Fictional sample. Governor Per Voss berated the port authority for the delays.", "berated"),
    ("Fictional sample. Mayor Ida Holm derided the council's plan as reckless.", "derided"),
])
def test_words_of_scorn_are_accusations(nlp_default: spacy.Language, text: str, word: str) -> None:
    """CAMEO's own criticism synsets (denounce, denigrate, jeer) are triggers as sure as
    "criticize", not the weak generated verbs under the display threshold."""
    e = next(e for e in events(nlp_default, text) if e.trigger.text == word)
    assert e.type == "ACCUSE" and e.actors


def test_event_sense_with_a_party_is_kept(nlp_default: spacy.Language) -> None:
    e = next(e for e in events(nlp_default, "France recalled its ambassador to Rwanda on Monday.")
             if e.trigger.text.startswith("recalled"))
    assert e.type == "SANCTION" and e.actors == ["FRA"]
    e = next(e for e in events(nlp_default, "Valdoria delivered 40 tanks to Sorrel on Monday.")
             if e.trigger.text.startswith("delivered"))  # a thing sent to a party: no address delivered
    assert e.type == "AID" and e.recipients


def test_possessor_of_an_arrest_is_the_one_arrested(nlp: spacy.Language) -> None:
    """"Mekonnen's arrest": Mekonnen was arrested; the possessor is no doer. With "of" after the
    noun the possessor does it ("Turkey's arrest of the journalists")."""
    evs = events(nlp, "A week after Dawit Mekonnen's arrest and extradition, his deputy offered to take his place.")
    arrest = next(e for e in evs if e.trigger.text == "arrest")
    assert arrest.actors == [] and arrest.recipients == ["Mekonnen"]
    evs = events(nlp, "Turkey's arrest of the journalists drew protests from the European Union.")
    arrest = next(e for e in evs if e.trigger.text.startswith("arrest"))
    assert arrest.actors == ["TUR"]


def test_dateline_is_no_actor() -> None:
    from parley.nlp.events.component import _dateline

    text = "Governor backs senator.\nSPRINGFIELD - Senator Jane Holt came.\nLOS ANGELES (AP) — Ms. Holt said."
    assert _dateline(text, text.index("SPRINGFIELD")) and _dateline(text, text.index("LOS"))
    assert not _dateline(text, text.index("Senator Jane")) and not _dateline(text, text.index("Ms. Holt"))
    assert not _dateline("Russia and NATO - again - met.", 0)


def test_a_subject_the_parser_hung_on_the_dateline_still_acts(nlp: spacy.Language) -> None:
    """"OSLO — Envoys from …": the parser made the dateline the subject and the envoys its appositive."""
    text = "OSLO — Envoys from Armenia and Azerbaijan signed a prisoner exchange deal on Friday."
    e = next(e for e in events(nlp, text) if e.type == "SUPPORT")
    assert sorted(e.actors) == ["ARM", "AZE"]


def test_conjoined_verb_shares_the_modal(nlp: spacy.Language) -> None:
    """"she might waver and support it": support is as hypothetical as waver."""
    evs = events(nlp, "Union leaders fear that Senator Quarles might waver and support the trade deal.")
    support = next(e for e in evs if e.trigger.text == "support")
    assert support.status == "hypothetical"


def test_headline_codes_nothing(nlp: spacy.Language) -> None:
    """A short first paragraph set off by a blank line is a headline: the story's events are coded
    where the story tells them, not twice. A first line that runs on into the story is no headline."""
    text = ("Germany pledges air defence to Poland.\n\n"
            "Germany pledged on Tuesday to send two air defence systems to Poland, the defence ministry "
            "in Berlin said, after talks between the two governments in Warsaw last week.")
    evs = events(nlp, text)
    assert evs and all(e.trigger.start > text.index("\n\n") for e in evs), [(e.type, e.trigger.text) for e in evs]
    text = text.replace("\n\n", "\n")
    assert any(e.trigger.start < text.index("\n") for e in events(nlp, text))


def test_a_headline_below_a_note_or_a_subhead_codes_nothing(nlp_default: spacy.Language) -> None:
    # a short line with no final stop, with more text after it, is a heading wherever it stands
    text = ("This is a fictional article written for testing.\n\n"
            "Strikers at Halden Steel reject offer, vow to stay out\n\n"
            "Workers at Halden Steel voted on Sunday to reject the company's latest offer.\n\n"
            "Union rejects mediator\n\n"
            "The union said it would consider the offer of a mediator.")
    evs = events(nlp_default, text)
    heads = [text.index("Strikers"), text.index("Union rejects")]
    assert not [e for e in evs if any(h <= e.trigger.start < h + 40 for h in heads)], [
        (e.type, e.trigger.text) for e in evs]
    # a line with no stop that ends the text is a sentence (one sentence per input, as in PETR2)
    assert events(nlp_default, "Workers at Halden Steel rejected the offer of the company")


def test_a_long_lead_sentence_is_no_headline(nlp_default: spacy.Language) -> None:
    # a first paragraph of one sentence-case line, ending in a stop, is the story's first sentence
    text = ("Norland and Vesta agreed on Tuesday to resume talks on their maritime border, ending months of "
            "tension along the coast.\n\nThe foreign ministers of the two countries met in Karsk.\n\n"
            "Vesta had accused Norland of violating its airspace more than 200 times this year. Norland denied "
            "the charge and said Vestan jets had harassed its survey ships. The two navies have shadowed each "
            "other near the disputed islands since the spring, and fishing fleets from both countries have been "
            "told to stay in port.")
    lead = text.index("\n\n")
    assert any(e.trigger.start < lead for e in events(nlp_default, text)), [
        (e.type, e.trigger.text) for e in events(nlp_default, text)]


def test_time_of_day_dates_the_event_by_its_day(nlp: spacy.Language) -> None:
    """"on Tuesday night" is 2025-05-27TNI as a timex; the event's date is the calendar day."""
    evs = events(nlp, "Russian forces shelled Kharkiv on Tuesday night, Ukrainian officials said.", "2025-05-28")
    shelled = next(e for e in evs if e.trigger.text == "shelled")
    assert (shelled.date, shelled.date_source) == ("2025-05-27", "text")


@pytest.mark.parametrize("text", [
    "Chelsea crushed Arsenal 3-0 on Saturday, while Liverpool beat Everton 2-1 at Anfield.",
    "Marek Ostrova defeated Luis Pardo 6-4, 6-3 to win the title in Rome.",
    "The Harbor Hawks routed the Vale Rovers 120-98 as Dion Marsh scored 35 points.",
    "Top stories:\n- Russia attacks Ukraine\n- Chile's leader meets Peru's\n- Markets fall",
    "Country | Troops sent | Aid pledged ($m)\nUnited States | 2,000 | 450\nGermany | 800 | 120",
    "Defense spending, 2024 (billions): United States 916; China 296; Russia 109; India 84.",
    "Residents said the storm destroyed dozens of homes and the river flooded the town.",
    "France defeated Germany in the final of the World Cup.",
    "Brazil beat Argentina in Sunday's match, and Japan crushed Chile in the semifinal.",
])
def test_results_lists_and_tables_code_nothing(nlp: spacy.Language, text: str) -> None:
    """Sports results, list items, tables of figures and sentences with no political actor code
    nothing, whatever the confidence."""
    assert events(nlp, text) == [], [(e.type, e.trigger.text, e.actors) for e in events(nlp, text)]


def test_list_item_that_is_a_sentence_and_a_range_still_code(nlp: spacy.Language) -> None:
    evs = events(nlp, "Overnight:\n- Russian forces attacked Kharkiv with drones, officials said.\n")
    assert "attacked" in triggers(evs)
    evs = events(nlp, "Israeli forces killed 10-15 militants in Gaza on Tuesday.")
    assert "killed" in triggers(evs)


@pytest.mark.parametrize("text, word", [
    ("Israeli jets struck targets in Gaza after the game.", "struck"),
    ("Police attacked fans during the match in Rome.", "attacked"),
])
def test_a_game_that_only_dates_an_act_leaves_it_real(nlp: spacy.Language, text: str, word: str) -> None:
    assert word in triggers(events(nlp, text))


def test_where_talks_meet_is_no_party(nlp: spacy.Language, nlp_default: spacy.Language) -> None:
    text = "Talks are expected to resume in Oslo next month."
    assert not any(e.actors for e in events(nlp, text)), [(e.type, e.actors) for e in events(nlp, text)]
    assert events(nlp_default, text) == []
    for text, noun in (("The summit in Brussels ended without a deal.", "summit"),
                       ("The meeting at the White House lasted an hour.", "meeting")):
        assert not any(e.actors for e in events(nlp, text) if e.trigger.text == noun)
        assert events(nlp_default, text) == []
    evs = events(nlp, "The fighting between Norland and Vesta resumed on Monday.")
    assert any(set(e.actors) >= {"Norland", "Vesta"} for e in evs), [(e.type, e.actors) for e in evs]


def test_who_acts_in_a_clause_of_its_own_did_not_talk(nlp: spacy.Language) -> None:
    # the doer of an adverbial or relative clause under talks is no party to them
    for text in ("Talks stalled on Friday after Turkish troops shelled two villages overnight.",
                 "The talks, which Norway hosted, ended without a deal."):
        evs = events(nlp, text)
        talks = [e for e in evs if e.trigger.text.lower() == "talks"]
        assert talks and not any(e.actors for e in talks), [(e.type, e.actors) for e in evs]
    evs = events(nlp, "Turkey and Greece held talks in Geneva on Tuesday.")
    assert any(set(e.actors) >= {"TUR", "GRC"} for e in evs), [(e.type, e.actors) for e in evs]


def test_a_charged_clash_takes_no_sides_from_the_charge(nlp: spacy.Language) -> None:
    # the accuser and the accused are no parties to the clash the one charges the other with provoking
    evs = events(nlp, "Greece accused Turkey of provoking a clash at a border crossing.")
    assert not any(e.type == "ASSAULT" and e.actors for e in evs), [(e.type, e.actors) for e in evs]
    assert any(e.type == "ACCUSE" and e.actors == ["GRC"] for e in evs), [(e.type, e.actors) for e in evs]


def test_an_air_strike_is_an_assault_not_a_walkout(nlp: spacy.Language) -> None:
    evs = events(nlp, "Farmers in the valley reported air strikes on the south of the town.")
    assert not any(e.type == "PROTEST" for e in evs), [(e.type, e.actors) for e in evs]


def test_the_truce_again_is_no_new_event(nlp: spacy.Language) -> None:
    text = ("Norland and Vesta signed a ten-day truce on Saturday.\n\n"
            "The truce is meant to let food convoys into Tarsk, where shelling has cut the water supply.\n")
    truces = [e for e in events(nlp, text) if e.trigger.text == "truce"]
    assert len(truces) == 1 and truces[0].trigger.start < text.index("\n"), [(e.type, e.actors) for e in truces]


@pytest.mark.parametrize(("text", "accused"), [
    ("Norland accused the Valley Front of looting hospitals.", "Valley Front"),
    ("Norland accused the leaders of Vesta of lying.", "leaders of Vesta"),
])
def test_the_charge_is_no_part_of_the_accused(nlp: spacy.Language, text: str, accused: str) -> None:
    assert recipients_of(nlp, text, "accused") == [accused]


def test_a_venue_abroad_gives_no_government_its_country(nlp: spacy.Language) -> None:
    for text in ("Peace talks between the government and the rebels will resume in Doha.",
                 "The government and the rebels held talks in Geneva on Monday."):
        codes = [a for e in events(nlp, text) for a in e.actors + e.recipients]
        assert not any(c.startswith(("QAT", "CHE")) for c in codes), codes
    # nor does the place where someone will meet the sides: the rebels of a country the text does not
    # name are not Swiss
    text = ("Rebel fighters shelled the border town of Dall on Sunday, hours after ceasefire talks in the "
            "capital broke down.\n\nThe envoy for the region, Sara Bekk, said she would meet both sides in "
            "Geneva next week.")
    codes = [a for e in events(nlp, text) for a in e.actors + e.recipients]
    assert not any(c.startswith("CHE") for c in codes), codes


def test_going_somewhere_is_no_party(nlp_default: spacy.Language) -> None:
    """"returned to Chile": a destination, not one the act is done to."""
    assert "returned" not in triggers(events(nlp_default, "After 21 months in prison, the opposition leader "
                                                          "Berhane Tesfaye returned to Chile."))


@pytest.mark.parametrize("text, actor", [
    ("The Sierra Club, an environmental group that endorsed Senator Ada Quarles in June, held a rally in Denver.",
     "The Sierra Club"),
    ("The United Auto Workers, a union which endorsed Governor Edwin Marlow last year, criticized the plan.",
     "The United Auto Workers"),
])
def test_a_noun_in_apposition_acts_under_its_name(nlp: spacy.Language, text: str, actor: str) -> None:
    by = {e.trigger.text: e for e in events(nlp, text)}
    assert [s.text for s in by["endorsed"].actor_spans] == [actor]


def test_a_relative_pronoun_acts_under_the_name_it_stands_for(nlp: spacy.Language) -> None:
    # "who" names no one by itself: the actor is the commissioner it stands for, by her name
    got = [e for e in events(nlp, "The fisheries commissioner, Marta Salgado, who is chairing the talks, urged "
                                  "both sides to stay.") if e.trigger.text == "talks"]
    assert got and [s.text for s in got[0].actor_spans] == ["Marta Salgado"], [e.actors for e in got]


def test_a_pronoun_doer_is_only_as_sure_as_its_resolution(nlp: spacy.Language) -> None:
    named = events(nlp, "Senator John Smith spoke on Monday. Senator John Smith accused the Army of lying.")
    pronoun = events(nlp, "Senator John Smith spoke on Monday. He accused the Army of lying.")
    by_name = next(e for e in named if e.trigger.text == "accused")
    by_pronoun = next(e for e in pronoun if e.trigger.text == "accused")
    assert by_name.confidence is not None and by_pronoun.confidence is not None
    assert by_pronoun.confidence < by_name.confidence


def test_an_explosion_is_a_means_of_attack_not_a_thing(nlp: spacy.Language) -> None:
    """"A roadside explosion ... killed three Afghan soldiers": a violent act with a political victim,
    whatever place is named after the explosion."""
    evs = events(nlp, "A roadside explosion close to the town of Ghazni killed three Afghan soldiers on Monday.")
    assert [e.type for e in evs if e.trigger.text == "killed"] == ["ASSAULT"]


def test_what_the_subject_gains_is_the_givers_act(nlp: spacy.Language) -> None:
    """"X won the endorsement of Y": Y endorses X; "drew the support of 37 percent of voters":
    a share of voters is no political side, so no SUPPORT event by the subject. (Fictional people.)"""
    got = [e for e in events(nlp, "Senator Dana Whitlow won the endorsement of Gov. Marcus Hale in Dayton.")
           if e.type == "SUPPORT"]
    assert got and [s.text for s in got[0].actor_spans] == ["Gov. Marcus Hale"]
    assert [s.text for s in got[0].recipient_spans] == ["Senator Dana Whitlow"]
    drew = events(nlp, "Whitlow drew the support of 37 percent of the voters polled in March.")
    assert not [e for e in drew if e.trigger.text == "support"]


def test_naming_someone_is_criticism_only_when_it_disparages(nlp: spacy.Language) -> None:
    """"called X a liar" criticises X (ACCUSE), not a phone call; "called X a friend" is no event.
    (Fictional people.)"""
    got = events(nlp, "Senator Dana Whitlow called Governor Hale a liar on Tuesday.")
    assert [(e.type, e.trigger.text) for e in got] == [("ACCUSE", "called")]
    assert [s.text for s in got[0].recipient_spans] == ["Governor Hale"]
    assert "ACCUSE" not in [e.type for e in events(nlp, "Senator Dana Whitlow called Governor Hale a friend.")]
    assert "ACCUSE" not in [e.type for e in events(nlp, "President Ana Ferreira called Prime Minister Tom Reyes "
                                                        "on Friday.")]


def test_a_bare_group_noun_is_less_sure_than_a_named_one(nlp: spacy.Language) -> None:
    """"The committee condemned X": whose committee the text does not say; under the display
    threshold, while the named committee is above it. (Fictional senator.)"""
    bare = events(nlp, "The committee condemned Senator Dana Whitlow on Monday.")
    named = events(nlp, "The Democratic National Committee condemned Senator Dana Whitlow on Monday.")
    assert [e.type for e in bare] == [e.type for e in named] == ["ACCUSE"]
    assert (bare[0].confidence or 0) < DEFAULT_MIN_CONFIDENCE <= (named[0].confidence or 0)


def test_a_phrasal_verb_keeps_its_root(nlp: spacy.Language) -> None:
    """"had spoken with X" is a consultation whatever the learned re-typer reads in the reported
    clause (it made it a REJECT); the re-typer still reads "called for sanctions". (Fictional people.)"""
    got = events(nlp, "Senator Mara Quill said she had spoken with Senator Tobias Wren about the protests.")
    spoke = [e for e in got if e.trigger.text == "spoken"]
    assert [e.type for e in spoke] == ["CONSULT"]
    assert [s.text for s in spoke[0].recipient_spans] == ["Senator Tobias Wren"]


# A clause that states an opinion or says nothing is no act of anyone: the event stays in the record
# with the cue in its evidence, under the display threshold. Made-up people and places only.

def found(nlp: spacy.Language, text: str) -> list[tuple[str, dict[str, Any]]]:
    """(trigger text, evidence) of each event."""
    doc = nlp.make_doc(text)
    doc._.dct = "2031-05-04"
    doc = nlp(doc)
    return [(s.text, s._.event_evidence or {}) for s in doc.spans.get("events", [])]


def cues(nlp: spacy.Language, text: str, word: str) -> list[str]:
    got = [ev for t, ev in found(nlp, text) if t.startswith(word)]
    assert got, f"no event on {word!r}"
    return list(got[0].get("cues") or [])


@pytest.mark.parametrize("text, word", [
    ("Senator Mara Quill declined to comment on the Valdor treaty.", "declined"),
    ("Governor Aldo Tessaro refused to say if he might sign the Lakemoor bill.", "refused"),
])
def test_no_comment_is_no_rejection(nlp: spacy.Language, nlp_default: spacy.Language, text: str, word: str) -> None:
    assert "no answer" in cues(nlp, text, word)
    assert not [t for t, _ in found(nlp_default, text) if t.startswith(word)]


def test_a_refused_act_is_still_one(nlp: spacy.Language) -> None:
    assert "no answer" not in cues(nlp, "Governor Aldo Tessaro refused to meet Senator Mara Quill in Lakemoor.",
                                   "refused")


@pytest.mark.parametrize("text, word", [
    ("Political analyst Mara Quill agreed that the change was a question of money.", "agreed"),
    ("Governor Aldo Tessaro agreed with the analysis.", "agreed"),
])
def test_a_view_granted_is_no_agreement(nlp: spacy.Language, nlp_default: spacy.Language, text: str,
                                        word: str) -> None:
    assert "view" in cues(nlp, text, word)
    assert not [t for t, _ in found(nlp_default, text) if t.startswith(word)]


@pytest.mark.parametrize("text", [
    "Valdor and Ostrova agreed that each side would free 40 prisoners.",
    "Governor Aldo Tessaro agreed to meet Senator Mara Quill in Lakemoor.",
])
def test_an_agreed_act_is_still_one(nlp: spacy.Language, text: str) -> None:
    assert "view" not in cues(nlp, text, "agreed")


@pytest.mark.parametrize("text", [
    "Governor Aldo Tessaro's support comes from older voters in Lakemoor.",
    "Senator Mara Quill's strong support among farmers makes her the favourite.",
])
def test_support_someone_has_is_a_standing(nlp: spacy.Language, nlp_default: spacy.Language, text: str) -> None:
    assert "standing" in cues(nlp, text, "support")
    assert not [t for t, _ in found(nlp_default, text) if t.startswith("support")]


def test_support_given_to_someone_is_an_act(nlp: spacy.Language) -> None:
    assert "standing" not in cues(nlp, "Valdor's support for Ostrova angered its rivals.", "support")


@pytest.mark.parametrize("text, word", [
    ("Senator Mara Quill conceded the primary to Governor Aldo Tessaro on Tuesday.", "conceded"),
    ("Governor Aldo Tessaro withdrew from the Lakemoor primary.", "withdrew"),
])
def test_a_contest_given_up_is_no_concession(nlp: spacy.Language, nlp_default: spacy.Language, text: str,
                                             word: str) -> None:
    assert "contest" in cues(nlp, text, word)
    assert not [t for t, _ in found(nlp_default, text) if t.startswith(word)]


def test_a_withdrawal_of_troops_is_still_one(nlp: spacy.Language) -> None:
    assert "contest" not in cues(nlp, "Valdor withdrew its troops from Ostrova.", "withdrew")


def test_running_against_someone_is_no_accusation(nlp: spacy.Language, nlp_default: spacy.Language) -> None:
    text = "Governor Aldo Tessaro is challenging Senator Mara Quill in the primary."
    assert "contest" in cues(nlp, text, "challenging")
    assert not [t for t, _ in found(nlp_default, text) if t.startswith("challenging")]


def test_an_accusation_about_a_vote_is_still_one(nlp: spacy.Language) -> None:
    text = "Senator Quill accused the governor of rigging the primary."
    assert "contest" not in cues(nlp, text, "accused")


def test_backing_in_a_vote_is_no_political_act(nlp: spacy.Language, nlp_default: spacy.Language) -> None:
    text = "Most delegates supported Senator Mara Quill in the caucuses."
    assert "contest" in cues(nlp, text, "supported")
    assert not [t for t, _ in found(nlp_default, text) if t.startswith("supported")]


def test_an_endorsement_in_a_primary_is_still_one(nlp: spacy.Language) -> None:
    assert "contest" not in cues(nlp, "Senator Quill endorsed Governor Tessaro in the primary.", "endorsed")


def test_the_confidence_weights_file_names_only_known_evidence() -> None:
    """A weight under a name :func:`features` never gives would silently weigh nothing."""
    from parley.nlp.events.confidence import fitted, prior_weights

    weights, intercept = fitted()
    assert set(weights) == set(prior_weights()[0]) and -10 < intercept < 10


@pytest.mark.parametrize(("text", "word", "actor", "undergoer"), [
    ("Norway faced new sanctions from the African Union on Monday.", "sanctions", "AU", "Norway"),
    ("Norway came under attack by Sweden on Monday.", "attack", "SWE", "Norway"),
    ("Mayor Piet Ansel drew sharp criticism from Governor Tomas Brell on Monday.", "criticism",
     "Governor Tomas Brell", "Mayor Piet Ansel"),
])
def test_the_subject_of_faced_or_drew_undergoes_the_act(nlp: spacy.Language, text: str, word: str,
                                                         actor: str, undergoer: str) -> None:
    """"faced sanctions from X", "came under attack by X", "drew criticism from X": X does it, to the
    subject (data/events/arguments.yaml ``undergo_verbs``, ``gain_verbs``)."""
    e = next(e for e in events(nlp, text) if e.trigger.text == word)
    assert e.actors == [actor]
    assert [s.text for s in e.recipient_spans] == [undergoer]


def test_a_title_keeps_the_name_the_parser_hung_on_it(nlp: spacy.Language) -> None:
    # "Sen." parsed as the subject with "Maria Quell" as its apposition: the actor is the senator named,
    # not a bare title, and the day is no part of it
    evs = [e for e in events(nlp, "State Sen. Maria Quell on Tuesday accused her rival of planning to cut school "
                                  "funding.") if e.type == "ACCUSE"]
    assert [s.text for e in evs for s in e.actor_spans] == ["State Sen. Maria Quell"], [
        (e.type, [s.text for s in e.actor_spans]) for e in evs]


def test_a_warning_of_what_may_happen_is_no_threat(nlp_default: spacy.Language) -> None:
    seen = triggers(events(nlp_default, "Norland's former finance minister Jan Smit warned in a speech last week "
                                        "that the central bank risked moving too early."))
    assert "warned" not in seen, seen
    assert "warned" in triggers(events(nlp_default, "Norland warned that it would retaliate against any attack."))


def test_a_hyphenated_modifier_keeps_its_first_word(nlp: spacy.Language) -> None:
    evs = [e for e in events(nlp, "In 2003, a US-led coalition invaded Iraq.") if e.trigger.text == "invaded"]
    assert evs and [s.text for s in evs[0].actor_spans] == ["a US-led coalition"], [
        (e.type, [s.text for s in e.actor_spans]) for e in evs]


def test_a_gerund_opening_the_sentence_is_no_named_doer(nlp_default: spacy.Language) -> None:
    # the lemmatizer kept the capital of "Fighting" here, which made it a name nobody resolved
    text = ("The truce was brokered by Kestria, whose foreign minister flew to Dravec on Friday.\n\n"
            "Fighting has killed more than 3,000 people since the rebels seized the old city in June.")
    evs = events(nlp_default, text)
    assert not [e for e in evs if e.trigger.text == "killed"], [(e.type, e.actors, e.trigger.text) for e in evs]


def test_a_noun_capitalized_after_a_dateline_is_no_named_doer(nlp_default: spacy.Language) -> None:
    # "Train" is capitalized only because the story opens on it after the dateline: no name, no party
    evs = events(nlp_default, "VESSBY — Train drivers will strike for 48 hours from Tuesday after talks broke down.")
    assert not [e for e in evs if e.trigger.text == "strike"], [(e.type, e.actors, e.trigger.text) for e in evs]


def test_a_stretch_of_time_or_a_destination_is_no_party(nlp: spacy.Language) -> None:
    # "for three hours with the Chilean foreign minister" was read as the party "three hours with …", and
    # "moved to Norway" made Norway a party of the talks
    evs = events(nlp, "Those talks moved on Sunday to Norway, where Secretary of State Tom Barr talked for three "
                      "hours with the Chilean foreign minister, Ana Vos.")
    spans = [s.text for e in evs for s in e.actor_spans + e.recipient_spans]
    assert not [t for t in spans if "hours" in t or t == "Norway"], spans


def test_both_is_no_part_of_a_party(nlp: spacy.Language) -> None:
    evs = [e for e in events(nlp, "Both Chile and Peru have accused each other of shelling the border villages.")
           if e.trigger.text == "accused"]
    assert evs and [s.text for s in evs[0].actor_spans] == ["Chile", "Peru"], [
        [s.text for s in e.actor_spans] for e in evs]


def test_a_predicate_noun_acts_as_the_one_it_describes(nlp: spacy.Language) -> None:
    # "who" stands for "a former general", and the general is Anna Lind
    evs = [e for e in events(nlp, "Anna Lind is a former general who ordered the attack on Chile last year.")
           if e.type == "ASSAULT"]
    assert evs and [s.text for s in evs[0].actor_spans] == ["Anna Lind"], [[s.text for s in e.actor_spans]
                                                                            for e in evs]


@pytest.mark.parametrize("text, actor, country", [
    ("Peruvian missiles struck a power plant in northern Bolivia.", "PER", "BOL"),
    # a city the NER leaves untagged, known to the gazetteer
    ("Russian forces shelled a hospital in Kherson overnight.", "RUSMIL", "UKR"),
])
def test_an_attack_on_a_thing_in_another_country_targets_that_country(nlp: spacy.Language, text: str, actor: str,
                                                                      country: str) -> None:
    # the plant is a thing; the country it stands in is the one attacked, as CAMEO codes it
    evs = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert evs and evs[0].actors == [actor] and evs[0].recipients == [country], [(e.actors, e.recipients) for e in evs]


@pytest.mark.parametrize("text", ["Russian troops shelled the city of Kharkiv.", "Russian troops shelled Kharkiv."])
def test_an_attack_on_a_city_in_another_country_targets_that_country(nlp: spacy.Language, text: str) -> None:
    evs = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert evs and evs[0].actors == ["RUSMIL"] and evs[0].recipients == ["UKR"], [(e.actors, e.recipients) for e in evs]
    assert evs[0].recipient_spans[0].text == "Kharkiv"


def test_an_attack_noun_doing_the_killing_is_one_event(nlp: spacy.Language) -> None:
    # the airstrike is the killing: one ASSAULT, the verb's, with both sides
    evs = [e for e in events(nlp, "An Israeli airstrike killed at least 12 people in Gaza on Wednesday.")
           if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].trigger.text == "killed", [(e.trigger.text, e.actors) for e in evs]
    assert evs[0].actors == ["ISR"] and evs[0].recipients == ["PSE"]


def test_a_bare_nod_is_no_agreement(nlp: spacy.Language) -> None:
    # "Lind agreed." after another's words agrees with an opinion; it binds no one to anything
    evs = events(nlp, "“Our ties have never been stronger,” Foreign Minister Lena Marsh said. Oskar Lind agreed.")
    assert not [e for e in evs if e.type == "AGREE"], [(e.type, e.actors) for e in evs]
    evs = events(nlp, "Norway and Sweden agreed on Tuesday to share the cost of the bridge.")
    assert [e for e in evs if e.type == "AGREE"], [(e.type, e.actors) for e in evs]


def test_cut_with_no_party_is_no_sanction(nlp_default: spacy.Language) -> None:
    text = ("Amira Khalil, 34, put her name on six waiting lists before her daughter was born.\n\n"
            "Khalil, a nurse at Brennick General Hospital, has cut her shifts in half.")
    assert not events(nlp_default, text), [(e.type, e.trigger.text) for e in events(nlp_default, text)]


def test_a_clause_the_parser_makes_a_subject_is_no_actor(nlp: spacy.Language) -> None:
    # the parser reads "right to defend itself" as a clausal subject of "supported"
    evs = events(nlp, "The Norland government said it supported Vesta's right to defend itself.")
    assert not any("defend" in e.actors for e in evs), [(e.type, e.actors) for e in evs]


def test_beating_forecasts_is_no_assault(nlp: spacy.Language) -> None:
    evs = events(nlp, "The Norland Steel Company's exports rose 8 percent in March, beating forecasts.")
    assert not [e for e in evs if e.type == "ASSAULT"], [(e.type, e.actors, e.trigger.text) for e in evs]


def test_an_unresolved_pronoun_is_never_a_recipient(nlp: spacy.Language) -> None:
    evs = events(nlp, "Tom Barr, the Norland prime minister, rejected that.")
    assert not [e for e in evs if set(e.recipients) & {"that", "which", "it"}], [
        (e.type, e.actors, e.recipients) for e in evs]


_BORDER = (
    "This is a fictional story written for testing.\n\n"
    "ARVEN \u2014 Kestrian troops fired on a Valdrian border post on Sunday, killing two soldiers, the Valdrian "
    "defence ministry said.\n\n"
    "Kestria's foreign ministry accused Valdria of provoking the clash. Valdria denied the charge.\n\n"
    "The European Union called on both governments to show restraint, and Germany offered to host talks in "
    "Berlin.\n\n"
    "Meanwhile, a court in Arven jailed three men for smuggling fuel across the border.\n"
)


@pytest.mark.parametrize("trigger", ["fired", "accused", "jailed"])
def test_a_body_of_a_state_no_table_knows_is_not_the_setting_country(nlp: spacy.Language, trigger: str) -> None:
    """"Kestrian troops", "Kestria's foreign ministry", "a court in Arven": the story's other country
    (Germany, where talks may be held) is never theirs."""
    got = [e for e in events(nlp, _BORDER) if e.trigger.text == trigger]
    assert all(not a.startswith("DEU") for e in got for a in e.actors), [(e.type, e.actors) for e in got]


def test_an_undated_act_of_the_same_side_takes_the_storys_day(nlp: spacy.Language) -> None:
    text = ("This is a fictional story written for testing.\n\n"
            "Russia attacked Ukraine on Tuesday with drones and missiles.\n\n"
            "Russia also attacked Poland's embassy in Kyiv.\n\n"
            "China imposed sanctions on Taiwan.\n")
    evs = events(nlp, text)
    first = next(e for e in evs if "Tuesday" in e.sentence.text and e.trigger.text == "attacked")
    also = next(e for e in evs if "embassy" in e.sentence.text and e.trigger.text == "attacked")
    other = next(e for e in evs if "China" in e.sentence.text)
    assert (first.date, first.date_source) == ("2016-08-30", "text")
    assert (also.date, also.date_source) == ("2016-08-30", "story")  # Russia's act, told next: that day
    assert other.date_source == "publication"  # another side's act: no day of the story's


def test_an_act_placed_before_another_does_not_take_its_day(nlp: spacy.Language) -> None:
    text = ("This is a fictional story written for testing.\n\n"
            "Poland expelled two Belarusian diplomats on Tuesday, a week after Belarus arrested a Polish "
            "journalist in Minsk.\n")
    evs = events(nlp, text)
    expel = next(e for e in evs if e.trigger.text == "expelled")
    arrest = next(e for e in evs if e.trigger.text == "arrested")
    assert (expel.date, expel.date_source) == ("2016-08-30", "text")
    assert arrest.date_source != "story" and arrest.date != expel.date, (arrest.date, arrest.date_source)


@pytest.mark.parametrize(("text", "trigger", "date"), [
    ("Norland recalled its envoy to Velmar on Monday.\n\nIn 2019, Norland imposed sanctions on three Velmar "
     "banks.", "imposed sanctions", "2019"),
    ("Relations have been tense since 2014, when Russia annexed the island.", "annexed", "2014"),
])
def test_a_date_that_frames_the_clause_dates_its_event(nlp: spacy.Language, text: str, trigger: str,
                                                        date: str) -> None:
    got = [e for e in events(nlp, text) if e.trigger.text == trigger]
    assert got and (got[0].date, got[0].date_source) == (date, "text"), [(e.trigger.text, e.date) for e in got]


def test_the_date_of_the_act_charged_is_not_the_charges(nlp: spacy.Language) -> None:
    got = [e for e in events(nlp, "Kestria accused Valdria of moving tanks to the border last week.")
           if e.trigger.text == "accused"]
    assert got and (got[0].date, got[0].date_source) == ("2016-09-03", "publication"), [(e.date, e.date_source)
                                                                                        for e in got]


@pytest.mark.parametrize("text", [
    "Norway has pledged to send another 40 trucks of food by the end of next year.",
    "Until Friday, the ministry had refused to release the prisoners.",
])
def test_a_deadline_is_no_day_the_act_happened(nlp: spacy.Language, text: str) -> None:
    got = [e for e in events(nlp, text) if e.trigger.text in ("pledged", "refused")]
    assert got and (got[0].date, got[0].date_source) == ("2016-09-03", "publication"), [(e.date, e.date_source)
                                                                                        for e in got]


@pytest.mark.parametrize(("text", "recipient"), [
    ("Germany recalled its ambassador to Turkey on Monday.", "TUR"),
    ("Norland recalled its ambassador to Velmar on Monday.", "Velmar"),
])
def test_an_envoy_recalled_stands_for_the_state_of_his_post(nlp: spacy.Language, text: str, recipient: str) -> None:
    assert recipients_of(nlp, text, "recalled") == [recipient]


def test_the_two_countries_are_the_pair_just_named(nlp: spacy.Language) -> None:
    text = ("Armenia and Azerbaijan agreed on Monday to resume border talks. The European Union praised both "
            "sides and said the two countries had shown courage.")
    assert sorted(recipients_of(nlp, text, "praised")) == ["ARM", "AZE"]


def test_the_two_countries_with_no_pair_named_are_no_guess(nlp: spacy.Language) -> None:
    text = ("Armenia held talks on Monday with a delegation from the European Union. Russia praised both sides "
            "for their courage.")
    assert all(r in ("sides", "both sides") or not r.isupper() for r in recipients_of(nlp, text, "praised"))
