"""Internal contradictions, read from the text with the role-equivalence lexicon — with
people the gazetteer does not know, in Hindi and English."""

from analysis.facts.consistency import find_inconsistencies
from analysis.facts.dates import extract_dates
from analysis.facts.entities import extract_entities
from analysis.facts.figures import extract_figures
from analysis.segment import split_sentences, structure


def inconsistencies(text):
    spans = [x for b in structure(text) for x in split_sentences(text, b.start, b.end)]
    ents = extract_entities(text)
    dates = extract_dates(text)
    figs = extract_figures(text, exclude=[(d.start, d.end) for d in dates])
    return find_inconsistencies(text, spans, ents, dates, figs)


def test_role_conflict_hindi_unknown_person_and_spelling_variant():
    text = (
        "कौशलपुर में बैठक\n"
        "राज्य के वित्त मंत्री रघुवीर ठकराल ने सोमवार को बजट पेश किया। "
        "विपक्ष ने कहा कि बजट में किसानों के लिए कुछ नहीं है।\n"
        "बाद में शिक्षा मंत्री रघुवीर ठाकराल ने पत्रकारों से बात की और योजनाओं की जानकारी दी।"
    )
    got = inconsistencies(text)
    assert [i.kind for i in got] == ["role_conflict"]
    assert "finance" in got[0].explanation and "education" in got[0].explanation
    assert len(got[0].spans) == 2


def test_equivalent_titles_and_former_roles_do_not_conflict():
    hi = (
        "परिषद की बैठक\n"
        "खेल परिषद के अध्यक्ष मनोहर दत्ता ने नई नीति की घोषणा की। "
        "खेल परिषद के प्रमुख मनोहर दत्ता ने कहा कि खिलाड़ियों को छात्रवृत्ति मिलेगी। "
        "पूर्व रक्षा मंत्री मनोहर दत्ता पहले भी ऐसी योजनाएं ला चुके हैं।"
    )
    en = (
        "Council meeting\n"
        "Sports council chairman Tobias Wrenfield announced the new policy on Monday. "
        "Council head Tobias Wrenfield said athletes would receive grants. "
        "Former defence minister Tobias Wrenfield has proposed such schemes before."
    )
    assert inconsistencies(hi) == []
    assert inconsistencies(en) == []


def test_role_conflict_english_unknown_person():
    text = (
        "Port deal signed\n"
        "Trade Minister Halvard Okonkwo-Reyes signed the port agreement in Lagos on Tuesday. "
        "The deal covers three terminals.\n"
        "Speaking later, Foreign Minister Halvard Okonkwo-Reyes said the terminals would open next year."
    )
    got = inconsistencies(text)
    assert [i.kind for i in got] == ["role_conflict"]
    assert got[0].entity == "Halvard Okonkwo-Reyes"


def test_date_conflict_for_one_treaty_but_not_for_different_events():
    hi = (
        "समझौते की वर्षगांठ\n"
        "भारत और नेपाल के बीच जल समझौता मार्च 2019 में हुआ था। "
        "दोनों देशों के अधिकारियों ने बैठक की।\n"
        "भारत और नेपाल के बीच 12 अगस्त 2020 को हुए जल समझौते की समीक्षा होगी।"
    )
    got = inconsistencies(hi)
    assert [i.kind for i in got] == ["date_conflict"]
    en_ok = (
        "Talks resume\n"
        "Kenya and Uganda signed a trade agreement in March 2019. "
        "Separately, Brazil and Chile signed a treaty on 12 August 2020."
    )
    assert inconsistencies(en_ok) == []


def test_quantity_conflict_only_without_an_update():
    text = (
        "Flood toll\n"
        "About 40 people were killed in the floods, officials said. "
        "Rescue teams reached the villages on Tuesday.\n"
        "The floods killed more than 90 people across the district."
    )
    assert [i.kind for i in inconsistencies(text)] == ["quantity_conflict"]
    updated = text.replace("The floods killed more than 90", "By Friday the toll rose to more than 90")
    assert inconsistencies(updated) == []


def test_seed_has_exactly_its_two_inconsistencies(seed_text):
    got = inconsistencies(seed_text)
    assert sorted(i.kind for i in got) == ["date_conflict", "role_conflict"]
    role = next(i for i in got if i.kind == "role_conflict")
    assert role.entity == "Sergei Shoigu"
    date = next(i for i in got if i.kind == "date_conflict")
    assert {seed_text[s:e] for s, e in date.spans} == {"जून 2024", "19 जून 2023"}


def test_event_words_match_whole_words_only():
    """'according to' holds no 'accord' and 'methods' no 'met': a date beside them dates
    no treaty or meeting (English); Hindi event words still match their inflections."""
    en = (
        "Talks in Valdoria\n"
        "The leaders met on 4 June 2025, according to the foreign ministry of Valdoria.\n"
        "The treaty between Valdoria and Ostria, signed on 19 June 2024, runs for ten years."
    )
    assert [i.kind for i in inconsistencies(en)] == []
    hi = (
        "वाल्डोरिया में बातचीत\n"
        "विदेश मंत्रालय के अनुसार दोनों नेताओं ने बुधवार, 4 जून 2025 को मुलाकात की।\n"
        "वाल्डोरिया और ओस्ट्रिया के बीच संधि पर 19 जून 2024 को हस्ताक्षर हुए थे। इस संधि को 2023 में भी 12 जून को मंजूरी मिली बताई गई।"
    )
    kinds = [i.kind for i in inconsistencies(hi)]
    assert "date_conflict" in kinds  # the inflected Hindi event word still dates the treaty
