"""parley_quotes finds the reported clause after harder cue phrases: a "that" right after a phrase the cue
governs. Fictional texts only; the tests need the shipped model (they fail, never skip)."""

from __future__ import annotations

from typing import Any

import pytest


def _report(nlp: Any, text: str, needle: str) -> Any:
    quotes = [q for q in nlp(text)._.quotes if needle in q.text]
    assert quotes, [q.text for q in nlp(text)._.quotes]
    return quotes[0]


@pytest.mark.parametrize(("text", "starts", "speaker"), [
    ("Ilse Varga also said for the second time that some letters between the two councils have been found.\n",
     "some letters between", "Ilse Varga"),
    ("Tomas Brandt noted in a column in the Eastmere Courier that anger over the new levy is growing.\n",
     "anger over the new levy", "Tomas Brandt"),
    ("Sen. Ivo Marsh said Sunday in Eastmere, Norland, that he was counting on a large turnout at the polls.\n",
     "he was counting", "Ivo Marsh"),
    # the reported clause's subject holds an aside set off by commas, or a list
    ("Mayor Ida Lund said the depot, along with a ferry line run by the county, gave the town new jobs.\n",
     "the depot, along with", "Ida Lund"),
    ("Union head Piet Odell said county officials, farm lobby groups, and water engineers need to meet soon.\n",
     "county officials, farm lobby", "Piet Odell"),
])
def test_the_report_starts_where_its_clause_does(nlp: Any, text: str, starts: str, speaker: str) -> None:
    """After "that" and a phrase before it, and past commas inside the clause's own subject."""
    q = _report(nlp, text, starts)
    assert q.text.startswith(starts), q.text
    assert q.speaker_name is not None and speaker.split()[-1] in q.speaker_name


def test_a_relative_that_opens_no_report(nlp: Any) -> None:
    quotes = nlp("Holm was bragging about the bridge that will carry the new tram line over the river.\n")._.quotes
    assert not [q for q in quotes if q.text.startswith("will carry")], [q.text for q in quotes]


@pytest.mark.parametrize(("text", "term"), [
    ("The former mayor, Ilse Varga, mocked Holm for naming himself the “king of the river,” noting that his "
     "bridge plan would double the city debt.\n", "king of the river"),
    ("Tomas Brandt praised the nurses for their “quiet courage,” saying they had kept the ward open through the "
     "storm.\n", "quiet courage"),
])
def test_a_participle_after_a_quoted_term_is_not_its_cue(nlp: Any, text: str, term: str) -> None:
    quotes = nlp(text)._.quotes
    assert not [q for q in quotes if term in q.text and q.cue is not None and q.cue.text.endswith("ing")], \
        [(q.text, q.cue) for q in quotes]
    assert not [q for q in quotes if q.speaker is not None and "kept the ward" in q.speaker.text]


@pytest.mark.parametrize("text", [
    "“It was a fair vote,” Ilse Varga told the Courier when asked about the recount in the northern wards.\n",
    "Tomas Brandt had a short answer when asked whether he would run for the council seat again.\n",
    "Voters in the northern wards of Eastmere were also asked to name the best mayor of the decade.\n",
    "Ilse Varga was once asked about the two ferry companies of Lakeside.\n",
])
def test_a_participle_after_a_subordinator_is_passive(nlp: Any, text: str) -> None:
    quotes = nlp(text)._.quotes
    assert not [q for q in quotes if q.cue is not None and q.cue.text == "asked"], \
        [(q.text, q.cue, q.speaker) for q in quotes]


def test_an_active_cue_after_an_adverb_still_reports(nlp: Any) -> None:
    q = _report(nlp, "Ilse Varga has often said that the ferry schedule would help the island.\n",
                "the ferry schedule would help")
    assert q.cue is not None and q.cue.text == "said" and q.speaker is not None and q.speaker.text == "Ilse Varga"


@pytest.mark.parametrize("text", [
    "It is too soon to say whether the new ferry schedule will help the island.\n",
    "With the vote two weeks away, it's safe to say the mayor has lost the northern wards.\n",
])
def test_an_impersonal_cue_reports_nothing(nlp: Any, text: str) -> None:
    assert not [q for q in nlp(text)._.quotes if q.cue is not None], [q.text for q in nlp(text)._.quotes]


def test_a_personal_cue_after_an_adjective_still_reports(nlp: Any) -> None:
    q = _report(nlp, "Ilse Varga was quick to say that the ferry schedule would help the island.\n",
                "the ferry schedule would help")
    assert q.cue is not None and q.cue.text == "say"


@pytest.mark.parametrize(("text", "starts", "speaker"), [
    ("Lind’s plan for the ferry is a failure, Okafor said Tuesday in Eastmere, noting the cost of the pier.\n",
     "Lind’s plan for the ferry", "Okafor"),
    ("Nothing in the budget will help the northern wards, she said on Lakeside Radio.\n",
     "Nothing in the budget", "she"),
])
def test_phrases_after_an_inverted_cue_are_passed(nlp: Any, text: str, starts: str, speaker: str) -> None:
    q = _report(nlp, text, starts)
    assert q.text.startswith(starts) and q.cue is not None and q.cue.text == "said", q.text
    assert q.speaker is not None and q.speaker.text == speaker


@pytest.mark.parametrize(("text", "report", "speaker"), [
    ("The council met. The figures shifted during the spring, as Vale has sometimes acknowledged.\n",
     "The figures shifted during the spring", "Vale"),
    ("The ferry will stop in May, as the Eastmere Courier reported on Tuesday.\n", "The ferry will stop in May",
     "the Eastmere Courier"),
])
def test_the_words_before_as_x_said_are_the_report(nlp: Any, text: str, report: str, speaker: str) -> None:
    q = _report(nlp, text, report)
    assert q.text == report and q.speaker is not None and q.speaker.text == speaker, (q.text, q.speaker)


@pytest.mark.parametrize("text", [
    "The ferry will be late again this winter, noting the cost of the Eastmere pier repairs.\n",
    "Councillor Vale spoke for an hour on Tuesday, noting the cost of the new pier for the island families.\n",
])
def test_a_participle_after_a_comma_has_no_inverted_speaker(nlp: Any, text: str) -> None:
    quotes = nlp(text)._.quotes
    assert not [q for q in quotes if q.cue is not None and q.cue.text == "noting"], \
        [(q.text, q.speaker and q.speaker.text) for q in quotes]


def test_an_inverted_cue_before_a_participle_still_reports(nlp: Any) -> None:
    q = _report(nlp, "The pier is safe for the winter storms, said Vale, noting the new rails.\n", "The pier is safe")
    assert q.cue is not None and q.cue.text == "said" and q.speaker is not None and q.speaker.text == "Vale"


@pytest.mark.parametrize(("text", "report", "speaker"), [
    ("Mayor Ilse Varga admitted taking the ferry money from the Eastmere fund last spring.\n",
     "taking the ferry money", "Mayor Ilse Varga"),
    ("Councillor Vale recalled seeing the boats leave the harbour at dawn.\n", "seeing the boats leave",
     "Councillor Vale"),
])
def test_a_gerund_clause_is_the_report(nlp: Any, text: str, report: str, speaker: str) -> None:
    q = _report(nlp, text, report)
    assert q.text.startswith(report) and q.speaker is not None and q.speaker.text == speaker, (q.text, q.speaker)


@pytest.mark.parametrize("text", [
    "Ilse Varga left the hall. She denied ever meeting the harbour master before the vote in Lakeside.\n",
    "Vale left the hall and recalled seeing the boats leave the harbour at dawn.\n",
])
def test_a_gerund_report_needs_its_own_named_subject(nlp: Any, text: str) -> None:
    quotes = nlp(text)._.quotes
    assert not [q for q in quotes if q.text.startswith(("meeting", "seeing"))], [q.text for q in quotes]


@pytest.mark.parametrize(("text", "report", "speaker", "cue"), [
    ("The board met on Tuesday. Vale's claim that the pier is safe was rejected by the harbour board.\n",
     "the pier is safe", "Vale", "claim"),
    ("The storm came early. Her warning that the ferry would stop in May came true in Eastmere.\n",
     "the ferry would stop in May", "Her", "warning"),
])
def test_a_speech_noun_with_its_owner_reports_its_clause(nlp: Any, text: str, report: str, speaker: str,
                                                         cue: str) -> None:
    q = _report(nlp, text, report)
    assert q.text == report and q.cue is not None and q.cue.text == cue, (q.text, q.cue)
    assert q.speaker is not None and q.speaker.text == speaker, q.speaker


def test_a_plural_noun_before_a_relative_that_is_no_report(nlp: Any) -> None:
    quotes = nlp("Governors of the states that badly want new judges met in Eastmere on Monday.\n")._.quotes
    assert not [q for q in quotes if q.cue is not None and q.cue.text == "states"], [q.text for q in quotes]


def test_a_pledge_noun_with_its_owner_reports_its_infinitive(nlp: Any) -> None:
    q = _report(nlp, "The board met. His promise to build a new pier in Eastmere was broken by the council.\n",
                "to build a new pier")
    assert q.text == "to build a new pier in Eastmere" and q.cue is not None and q.cue.text == "promise", q.text
    assert q.speaker is not None and q.speaker.text == "His"


def test_a_comma_before_the_reporters_own_verb_still_ends_the_report(nlp: Any) -> None:
    assert not nlp("Judge Ada Holm read the verdict, and left the court.\n")._.quotes


@pytest.mark.parametrize(("text", "starts"), [
    ("Mayor Ida Lund said on KRX's “Morning Round With Ann Voss” that the depot would stay open.\n",
     "the depot would stay open"),
    ("Mayor Ida Lund said on KRX's “Face the Week,” that the depot would stay open.\n", "the depot would stay open"),
])
def test_a_programme_title_in_quote_marks_is_no_speech(nlp: Any, text: str, starts: str) -> None:
    """A title of a work after a possessive is passed over; the report is what follows "that"."""
    quotes = nlp(text)._.quotes
    assert [q.text for q in quotes] == [starts], [q.text for q in quotes]
    assert quotes[0].speaker_name is not None and "Lund" in quotes[0].speaker_name
    assert not nlp("Mayor Ida Lund told KRX's “Face the Week.”\n")._.quotes


def test_a_cue_with_its_own_subject_and_an_object_is_not_inverted(nlp: Any) -> None:
    # "…, tweeted a warning." after an apposition: the words before the comma are the subject's, not a
    # report by "a warning"; the quote after it is the senator's.
    doc = nlp('Sen. Ted Vale, a Republican candidate for president, tweeted a warning. "Eastmere: Do not '
              'forget the senators who blocked the dam bill this week."\n')
    quotes = [(q.text[:12], q.speaker.text if q.speaker else None, q.speaker_name) for q in doc._.quotes]
    assert not any(text.startswith("Sen. Ted") for text, _, _ in quotes), quotes
    assert any(text.startswith("Eastmere") and name == "Ted Vale" for text, _, name in quotes), quotes
    inverted = nlp("The bridge will close in May, said the minister.\n")._.quotes
    assert [q.speaker.text for q in inverted if q.speaker] == ["the minister"]


def test_a_noun_phrase_before_a_clause_of_time_is_no_report(nlp: Any) -> None:
    # "recalls the 2011 strike, when police fired …": the verb after "when" is not the noun's predicate;
    # before, the words went to the prime minister named in the paragraph before
    doc = nlp("Prime Minister Leon Maas has refused to meet union leaders until the strike ends.\n\n"
              "The dispute recalls the 2011 port strike, when police fired tear gas at dockers who had blocked "
              "the harbour for a week.\n")
    assert not any("port strike" in q.text for q in doc._.quotes), [(q.text, q.speaker_name) for q in doc._.quotes]


def test_a_hearer_after_to_before_that(nlp: Any) -> None:
    quote = _report(nlp, "Brenner, 58, said in a letter to Stahl that he took full responsibility.\n",
                    "full responsibility")
    assert quote.text == "he took full responsibility" and quote.speaker_name == "Brenner"
    assert _report(nlp, "She pledged to build a new bridge.\n", "bridge").text == "to build a new bridge"


@pytest.mark.parametrize("hearer", ["senators", "angry senators in the capital"])
def test_a_bare_hearer_the_parser_hangs_the_report_on_is_no_report(nlp: Any, hearer: str) -> None:
    # the parser reads "told senators she had …" as "senators [whom] she had …"
    quote = _report(nlp, f"Joan Pryor told {hearer} she had already lost a third of her orchard.\n", "orchard")
    assert quote.text == "she had already lost a third of her orchard", quote.text


@pytest.mark.parametrize("text", [
    "Kestria's envoy, Lene Borg, urged members to act quickly.\n",
    "Brenner's brother-in-law, Paul Weiss, is expected to testify next week.\n",
    "Marit Ekberg, 58, testified for nearly four hours.\n",
])
def test_a_subject_with_a_name_apposed_is_no_report(nlp: Any, text: str) -> None:
    # the words before the comma are the cue's subject, not a report
    doc = nlp(text)
    assert not doc._.quotes, [(q.text, q.speaker_name) for q in doc._.quotes]


def test_an_alias_before_a_negated_cue_is_no_quote(nlp: Any) -> None:
    doc = nlp("Asked about the veto, Saal replied: \u201cWe will see.\u201d\n\n"
              "The rebels' leader, known by his nom de guerre \u201cthe Teacher,\u201d has not commented publicly "
              "since June.\n")
    assert not [q for q in doc._.quotes if "Teacher" in q.text], [(q.text, q.speaker_name) for q in doc._.quotes]


@pytest.mark.parametrize(("text", "report"), [
    ("Advocates say that is not enough.\n", "that is not enough"),
    ("Tom Barr said that would be a mistake.\n", "that would be a mistake"),
    ("Tom Barr said that the plan had failed.\n", "the plan had failed"),
    # the parser hangs "that plans …" on the statement; the report is the clause after "that"
    ("The mayor's office said in a statement that plans for a flood wall had been delayed.\n",
     "plans for a flood wall had been delayed"),
    ("Ingrid Moe said in a note issued by her board that the plan would fail.\n", "the plan would fail"),
])
def test_that_before_a_finite_verb_is_the_reports_subject(nlp: Any, text: str, report: str) -> None:
    assert [q.text for q in nlp(text)._.quotes] == [report]


def test_a_question_answered_in_one_word_is_no_report(nlp: Any) -> None:
    # "said no": her answer is the word after the cue; the question before the comma is no one's report
    doc = nlp("Asked on Monday evening whether she would resign, Clara Voss said no.\n")
    assert not [q for q in doc._.quotes if "resign" in q.text], [(q.text, q.speaker_name) for q in doc._.quotes]


def test_a_report_in_a_relative_clause_ends_at_its_comma(nlp: Any) -> None:
    # the relative clause "who denies all charges" closes at the comma; what follows is the story's
    doc = nlp("Voss, who denies all charges, sat motionless as the testimony was read.\n")
    assert not [q for q in doc._.quotes if "motionless" in q.text], [q.text for q in doc._.quotes]


def test_a_report_opening_a_datelined_story_leaves_the_dateline_out(nlp: Any) -> None:
    text = "EASTMERE — The council approved the new depot plan on Thursday, the mayor's office said.\n"
    quote = _report(nlp, text, "depot plan")
    assert quote.text == "The council approved the new depot plan on Thursday", quote.text
    text = "HARWICK, May 9 \u2014 The ferry strike ended on Friday, according to the port authority.\n"
    quote = _report(nlp, text, "ferry strike")
    assert quote.text == "The ferry strike ended on Friday", quote.text  # and after "according to X"


def test_an_adverb_after_the_subject_of_the_first_verb_is_not_the_speakers(nlp: Any) -> None:
    text = ("The Eastmere Trust also has an online guide for landlords looking to cut costs and suggests owners "
            "“should tell tenants about every repair before it starts.”\n")
    assert _report(nlp, text, "every repair").speaker_name == "Eastmere Trust"


def test_a_hearer_and_a_phrase_before_that_are_no_report(nlp: Any) -> None:
    text = "Chief executive Mia Berg told staff in an email that the job cuts were painful but necessary.\n"
    assert _report(nlp, text, "job cuts").text == "the job cuts were painful but necessary"


def test_a_hearer_before_a_report_with_no_that_is_no_report(nlp: Any) -> None:
    text = "Health Minister Odd Vik told parliament the government would review the decision.\n"
    assert _report(nlp, text, "review the decision").text == "the government would review the decision"


def test_a_name_the_ner_took_for_a_place_beside_a_description_is_the_speaker(nlp: Any) -> None:
    text = ("According to fire chief Arne Dahl, the blaze started after midnight.\n\nThe warehouse owner, Berit Sand, "
            "said she had received threats for months.\n")
    assert _report(nlp, text, "received threats").speaker_name == "Berit Sand"


@pytest.mark.parametrize("text, needle", [
    ("The man will appear in court on Friday, police said in a statement.\n", "appear in court"),
    ("The fire started at about 2 a.m., according to police.\n", "fire started"),
])
def test_police_speak_as_written(nlp: Any, text: str, needle: str) -> None:
    assert _report(nlp, text, needle).speaker_name == "police"
