"""Fifth-round extraction rules (recall on unseen articles, precision kept), one pattern per
test, on sentences written here: what each rule must extract and what it must not. The medium
English model is used, loaded once per process by ``load_nlp``.
"""

from __future__ import annotations


from extraction_helpers import run, triples, names


# --- "I" is the narrator of a first-person post or the interviewee of a Q&A ---------------------
def test_first_person_post_names_its_narrator(nlp):
    text = ("My name is Amara Okafor. I founded Tradeloop in 2021 after a decade as a freelance "
            "accountant in Abuja.")
    assert ("Amara Okafor", "FOUNDED", "Tradeloop") in triples(nlp, text)


def test_qa_interviewee_is_the_first_person_named(nlp):
    text = ("Jonas Berg is the chief executive of Fjordwork, a marketplace for freelance engineers.\n\n"
            "How did it start?\n\nI founded Fjordwork with two friends in 2019.\n\n"
            "What is next?\n\nWe want to grow in Denmark.")
    assert ("Jonas Berg", "FOUNDED", "Fjordwork") in triples(nlp, text)


def test_quoted_first_person_in_a_report_is_nobody(nlp):
    text = ('Fjordwork hired 30 engineers last year. "I founded Tradeloop too," said one of them, '
            "according to Maria Lund, a recruiter.")
    got = triples(nlp, text)
    assert not any(p == "FOUNDED" for _, p, _ in got), got


def test_unnamed_narrator_gives_nothing(nlp):
    text = "I founded Tradeloop in 2021. Maria Lund later joined Fjordwork."
    got = triples(nlp, text)
    assert not any(p == "FOUNDED" for _, p, _ in got), got


# --- brand names NER misses or cuts short -----------------------------------------------------------
def test_lowercase_start_brand_is_a_name(nlp):
    text = "Last year, eKazi raised $3 million from Baobab Ventures to expand across Tanzania."
    assert "eKazi" in names(nlp, text)
    assert ("Baobab Ventures", "FUNDS", "eKazi") in triples(nlp, text)


def test_ordinary_lowercase_words_are_not_brands(nlp):
    got = names(nlp, "The app lets freelancers send invoices by e-mail from their iPhone or laptop.")
    assert not any(n.lower() in ("e-mail", "laptop", "app") for n in got), got


def test_capitalised_preposition_continues_a_name(nlp):
    text = ("Leeds-based platform Pay Within 30 has acquired Ledgerly, a bookkeeping marketplace. "
            "Pay Within 30 was set up by Ruth Ellis.")
    got = triples(nlp, text)
    assert ("Pay Within 30", "LOCATED_IN", "Leeds") in got
    assert ("Ruth Ellis", "FOUNDED", "Pay Within 30") in got


def test_lowercase_preposition_after_a_name_is_not_part_of_it(nlp):
    text = "Ledgerly was acquired by Quillbase within 30 days of the talks starting."
    got = names(nlp, text)
    assert "Quillbase" in got and not any("within" in n.lower() for n in got), got


# --- a surname alone that NER took for an organisation is the person --------------------------------
def test_surname_alone_joins_the_person(nlp):
    text = ("Priya Nair spent six years as a freelance analyst before she co-founded Datawise in Pune. "
            "Nair grew up in Kochi. Nair is also a board member of the Freelancers Council of India.")
    ex = run(nlp, text)
    assert not any(e.name == "Nair" for e in ex.entities), [e.name for e in ex.entities]


# --- "the coalition's founding members are A, B and C" ---------------------------------------------
def test_founding_members_copula(nlp):
    text = ("Four groups have formed the Fair Pay Coalition in Perth. The coalition's founding members are "
            "the Western Freelancers Guild, the Perth Writers Network and two smaller unions.")
    got = triples(nlp, text)
    for org in ("Western Freelancers Guild", "Perth Writers Network"):
        assert (org, "MEMBER_OF", "Fair Pay Coalition") in got, got
        assert (org, "FOUNDED", "Fair Pay Coalition") in got, got


def test_plain_members_copula_is_not_founding(nlp):
    text = ("The Fair Pay Coalition was formed in Perth in 2023. The coalition's members are the Western "
            "Freelancers Guild and the Perth Writers Network.")
    got = triples(nlp, text)
    assert ("Western Freelancers Guild", "MEMBER_OF", "Fair Pay Coalition") in got, got
    assert not any(p == "FOUNDED" and o == "Fair Pay Coalition" and s != "Fair Pay Coalition"
                   for s, p, o in got), got


def test_it_after_a_possessive_subject_description(nlp):
    text = ("Freelance groups formed the Fair Pay Coalition in Perth, alongside the Perth Writers Network. "
            "The coalition's members are the Western Freelancers Guild and two unions. "
            "It will be chaired by Dana Kerr, the guild's president.")
    got = triples(nlp, text)
    assert ("Dana Kerr", "LEADS", "Fair Pay Coalition") in got, got
    assert ("Dana Kerr", "LEADS", "Perth Writers Network") not in got, got


# --- a participle describes what precedes it, not list members after it ----------------------------
def test_participle_in_a_list_stays_with_its_noun(nlp):
    text = ("The cohort includes Gigmatch, co-founded by Paul Roy and Anne Caron; Tarifo, a Quebec "
            "platform for translators; and Jardino, an app for gardeners.")
    got = triples(nlp, text)
    assert ("Paul Roy", "FOUNDED", "Gigmatch") in got, got
    assert not any(p == "FOUNDED" and o in ("Tarifo", "Jardino") for _, p, o in got), got


# --- "A and B are based in X and Y": which is where is not said -----------------------------------
def test_two_things_two_places_gives_no_location(nlp):
    text = "The other two startups, Skillhub and Gigmatch, are based in Toronto and Ottawa."
    got = triples(nlp, text)
    assert not any(p == "LOCATED_IN" for _, p, _ in got), got


def test_respectively_keeps_the_locations(nlp):
    text = "Skillhub and Gigmatch are based in Toronto and Ottawa respectively."
    got = {t for t in triples(nlp, text) if t[1] == "LOCATED_IN"}
    assert got == {("Skillhub", "LOCATED_IN", "Toronto"), ("Gigmatch", "LOCATED_IN", "Ottawa")}, got


def test_one_thing_two_places_keeps_both(nlp):
    text = "Gigmatch, a marketplace for bookkeepers, is based in Toronto and Ottawa."
    got = triples(nlp, text)
    assert ("Gigmatch", "LOCATED_IN", "Toronto") in got and ("Gigmatch", "LOCATED_IN", "Ottawa") in got, got


# --- conference recaps: speakers whose sentence does not repeat the event name ----------------------
RECAP = ("About 500 freelancers met in Porto last week for Gig Economy Forum 2026, organised by the "
         "association Livre Trabalho. The first session covered taxes. Lunch was served in the garden. "
         "The afternoon was about pensions. ")


def test_speakers_list_reaches_back_to_the_recap_event(nlp):
    text = RECAP + "Other speakers included Rui Costa, chief executive of Taskly, and the economist Ana Lima."
    got = triples(nlp, text)
    assert ("Rui Costa", "PARTICIPATED_IN", "Gig Economy Forum 2026") in got, got
    assert ("Ana Lima", "PARTICIPATED_IN", "Gig Economy Forum 2026") in got, got


def test_people_listed_without_a_programme_noun_are_not_speakers(nlp):
    text = RECAP + "Rui Costa and Ana Lima later founded Taskly, a platform for translators."
    got = triples(nlp, text)
    assert not any(p == "PARTICIPATED_IN" for _, p, _ in got), got


def test_closing_a_day_with_a_talk_is_taking_part(nlp):
    text = RECAP + "Rui Costa closed the second day with a talk on pricing."
    assert ("Rui Costa", "PARTICIPATED_IN", "Gig Economy Forum 2026") in triples(nlp, text)


def test_closing_a_deal_with_a_client_is_not_a_talk(nlp):
    text = RECAP + "Rui Costa closed the year with a record in sales."
    got = triples(nlp, text)
    assert ("Rui Costa", "PARTICIPATED_IN", "Gig Economy Forum 2026") not in got, got


# --- "In 2023 X bought Y": a subject the parser took for the date's object ---------------------------
def test_date_phrase_does_not_hide_the_subject(nlp):
    text = "In 2023 Skillbridge bought DataDesk, a Pune startup that runs coding tests."
    assert ("Skillbridge", "ACQUIRED", "DataDesk") in triples(nlp, text)


def test_place_phrase_is_not_a_subject(nlp):
    text = "In Pune Skillbridge opened a lab. In London bought DataDesk shares."
    got = triples(nlp, text)
    assert not any(p == "ACQUIRED" for _, p, _ in got), got


# --- "its" skips an employer named in passing in a person's apposition -------------------------------
def test_its_skips_a_previous_employer_in_an_apposition(nlp):
    text = ("Priya Shah co-founded Skillbridge, a Bangalore marketplace for data scientists. "
            "Skillbridge now has 18,000 experts. She started it with Arjun Rao, a former engineering "
            "manager at Flipkart. Rao is the company's chief technology officer; Shah is its chief executive.")
    got = triples(nlp, text)
    assert ("Priya Shah", "LEADS", "Skillbridge") in got, got
    assert ("Priya Shah", "LEADS", "Flipkart") not in got, got


# --- "Our chief operating officer, Faith Njeri, ...": the first name NER dropped --------------------
def test_role_apposition_restores_a_person(nlp):
    text = ("Tradeloop hired 20 people last year. Its chief operating officer, Faith Njeri, came from "
            "the Kisumu branch of Equity Micro.")
    ex = run(nlp, text)
    got = {e.name: e.type for e in ex.entities}
    assert got.get("Faith Njeri") == "Person", got
    assert "Njeri" not in got, got


def test_organisation_after_a_comma_stays_an_organisation(nlp):
    text = "The deal was led by its main lender, Equity Micro, and by Baobab Ventures."
    got = {e.name: e.type for e in run(nlp, text).entities}
    assert not any(t == "Person" and "Equity" in n for n, t in got.items()), got


# --- "Savannah's partner": a first word of an organisation's name NER took for a place ---------------
def test_possessive_first_word_joins_the_organisation(nlp):
    text = ("Last year Tradeloop raised $2 million from Savannah Seed Partners. Savannah's managing "
            "partner, Samuel Mwangi, had been a freelancer himself.")
    ex = run(nlp, text)
    assert not any(e.name == "Savannah" for e in ex.entities), [(e.name, e.type) for e in ex.entities]


def test_ambiguous_first_word_joins_nothing(nlp):
    text = ("Savannah Seed Partners and Savannah Growth Capital backed Tradeloop. Savannah's managing "
            "partner, Samuel Mwangi, had been a freelancer himself.")
    ex = run(nlp, text)
    for e in ex.entities:
        assert "Savannah" not in e.aliases, (e.name, e.aliases)


# --- "We acquired X, a job board. Its founder, A, ...": the only organisation just named --------------
def test_its_is_the_only_organisation_of_the_sentence_before(nlp):
    text = ("Rhone Capital led our Series A. Rhone's partner Marc Blanc sits on our board. "
            "We acquired Codeurs Libres, a small job board, because its community was strong. "
            "Its founder, Lea Morel, now works for us.")
    got = triples(nlp, text)
    assert ("Lea Morel", "FOUNDED", "Codeurs Libres") in got, got
    assert ("Lea Morel", "FOUNDED", "Rhone Capital") not in got, got


def test_its_with_two_organisations_before_is_not_guessed_from_that_sentence(nlp):
    text = ("Quillbase bought Ledgerly and Gigmatch last year. Its founder, Lea Morel, said little.")
    got = triples(nlp, text)
    assert not any(p == "FOUNDED" and o in ("Ledgerly", "Gigmatch") for _, p, o in got), got


# --- "X Accelerator, a Montreal programme" is an organisation, and "Ruche" is its short name ---------
def test_accelerator_name_is_an_organisation_not_an_event(nlp):
    text = ("The Ruche Accelerator, a Montreal programme run by a nonprofit, picked five startups. "
            "Ruche teams will pitch in May.")
    ex = run(nlp, text)
    got = {e.name: e.type for e in ex.entities}
    assert got.get("Ruche Accelerator") == "Organization", got
    assert "Ruche" not in got, got


def test_a_programme_without_an_organisation_name_stays_an_event(nlp):
    text = "Ajira Digital, a government programme, trains young freelancers in Kenya."
    got = {e.name: e.type for e in run(nlp, text).entities}
    assert got.get("Ajira Digital") == "Event", got
