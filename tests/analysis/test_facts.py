"""Figures, dates and entities with offsets, Hindi next to English."""

import pytest

from analysis.facts.dates import extract_dates
from analysis.facts.entities import extract_entities
from analysis.facts.figures import extract_figures
from analysis.facts.translit import acronym_from_letter_names, name_similarity, romanize


def figs(text):
    dates = extract_dates(text)
    return [(text[f.start : f.end], f.value, f.qualifier_kind, f.about) for f in extract_figures(text, exclude=[(d.start, d.end) for d in dates])]


def test_hindi_figures_with_qualifiers_and_what_they_count():
    text = "सरकार ने १,५०,००० रुपये दिए। लगभग 4.7 हज़ार लोग बेघर हुए। सैकड़ों लोगों ने प्रदर्शन किया। तीन लोगों की मौत हुई। 20 से अधिक घायल हुए।"
    assert figs(text) == [
        ("१,५०,०००", 150000.0, None, "money"),
        ("4.7 हज़ार", 4700.0, "about", "displaced"),
        ("सैकड़ों", 200.0, "at_least", "people"),
        ("तीन", 3.0, None, "deaths"),
        ("20", 20.0, "more_than", "injured"),
    ]


def test_english_figures_with_qualifiers_and_what_they_count():
    text = "About 15,000 troops were sent. More than 4,700 soldiers were killed or wounded, and at least 600 died. Up to 300 people fled. Unemployment rose to 7.5%. The budget is ₹2.5 lakh crore."
    got = figs(text)
    assert got[:5] == [
        ("15,000", 15000.0, "about", "troops"),
        ("4,700", 4700.0, "more_than", "casualties"),
        ("600", 600.0, "at_least", "deaths"),
        ("300", 300.0, "up_to", "people"),
        ("7.5%", 7.5, None, None),
    ]
    assert got[5][1] == 250000.0 and got[5][3] == "money"


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, COVID-19 cases rose; he met one of them at 10 a.m. for the 3rd time.",
        "साल 2024 में दूसरी बार और पहली वर्षगांठ पर एक अधिकारी ने 10 बजे बात की।",
    ],
)
def test_years_ordinals_times_and_articles_are_not_figures(text):
    assert figs(text) == []


def test_dates_hindi_and_english_reduced_precision():
    hi = "संधि पर जून 2024 में हस्ताक्षर हुए। दौरा 19 जून 2023 को हुई संधि से जुड़ा है। अप्रैल में सैनिक भेजे गए। यह मार्च निकाला गया।"
    assert [(hi[d.start : d.end], d.value, d.resolved) for d in extract_dates(hi)] == [
        ("जून 2024", "2024-06", True),
        ("19 जून 2023", "2023-06-19", True),
        ("अप्रैल", "--04", False),
    ]
    en = "Signed on June 19, 2023 and again on 19/06/2023; in May the talks resumed, you may go. Since 2019."
    assert [d.value for d in extract_dates(en)] == ["2023-06-19", "2023-06-19", "--05", "2019"]


def test_weekdays_and_months_resolve_against_the_article_date():
    text = "बैठक गुरुवार को हुई। अप्रैल में समझौता हुआ।"
    assert [d.value for d in extract_dates(text, article_date="2025-06-05")] == ["2025-06-05", "2025-04"]
    assert [d.value for d in extract_dates(text)] == ["--04"]


def test_entities_gazetteer_across_scripts_and_unknown_names():
    hi = "केसीएनए के मुताबिक किम जोंग-उन ने सर्गेई शोइगू से मुलाकात की। रक्षा मंत्री शोइगु भी वहां थे। जिलाधिकारी रघुवीर ठकराल ने बताया।"
    ents = extract_entities(hi)
    names = [e.canonical for e in ents]
    assert "KCNA" in " ".join(names) or "Korean Central News Agency" in names
    assert names.count("Sergei Shoigu") == 2  # two spellings, one entity
    assert any(e.canonical.startswith("Raghuvir") and e.type == "person" for e in ents), names
    en = "KCNA said Kim Jong-un met Sergei Shoigu. District magistrate Raghuvir Thakral said the road was closed."
    names_en = [e.canonical for e in extract_entities(en)]
    assert "Kim Jong-un" in names_en and "Sergei Shoigu" in names_en
    assert any("Raghuvir Thakral" in n for n in names_en)


def test_transliteration_matches_names_across_scripts():
    assert acronym_from_letter_names("केसीएनए") == "KCNA"
    assert romanize("प्योंगयांग") == "pyongyang"
    assert name_similarity("सर्गेई शोइगू", "Sergei Shoigu") >= 85
    assert name_similarity("शोइगू", "शोइगु") == 100
    assert name_similarity("किम जोंग-उन", "Kim Jong-un") >= 90
