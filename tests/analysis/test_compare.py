"""Coverage comparison: grouping, alignment within and across languages, wire copies,
figures with qualifier intervals, contradictions, and a story of one article."""

import json

import pytest

from analysis.compare import group_articles, run_comparison
from analysis.compare.cli import comparison_dict
from analysis.compare.expected import load_expected, score_alignment
from analysis.compare.story import js_divergence
from analysis.facts.consistency import figure_interval
from analysis.ingest import read_inputs
from analysis.model import Article
from analysis.pipeline import analyze_article
from analysis.samples import sample_paths, samples_dir

OTHER_EN = (
    "Putin opens new bridge in Siberia\n"
    "President Vladimir Putin on Friday opened a road bridge across the Ob river near Novosibirsk, state television showed. "
    "The 2.1-kilometre bridge cost about 40 billion roubles and took four years to build.\n"
    "Local officials said the bridge would cut travel times between two districts of the city by half. "
    "Construction was delayed twice by floods in 2022 and 2023, the regional government said."
)
OTHER_HI = (
    "बिहार में बाढ़ से 12 जिले प्रभावित, राहत शिविरों में पहुंचे हजारों लोग\n"
    "पटना: कोसी और गंडक नदियों में उफान से बिहार के 12 जिलों में बाढ़ की स्थिति बनी हुई है। "
    "आपदा प्रबंधन विभाग के अनुसार करीब चार लाख लोग प्रभावित हुए हैं।\n"
    "राहत शिविरों में लोगों के लिए भोजन और दवाओं की व्यवस्था की गई है। "
    "मुख्यमंत्री ने हवाई सर्वेक्षण के बाद अधिकारियों को राहत कार्य तेज करने के निर्देश दिए।"
)


@pytest.fixture(scope="module")
def samples():
    paths = sample_paths()
    arts = [a for a in read_inputs([str(p) for p in paths])]
    return [p.stem for p in paths], arts, [analyze_article(a) for a in arts]


@pytest.fixture(scope="module")
def comparison(samples):
    return run_comparison(samples[2])


def test_grouping_keeps_the_sample_story_together_and_others_apart(samples):
    _, _, analyses = samples
    extra = [analyze_article(Article(text=OTHER_EN)), analyze_article(Article(text=OTHER_HI))]
    groups = group_articles(analyses + extra)
    n = len(analyses)
    story = next(g for g in groups if 0 in g)
    assert set(range(n)) <= set(story), groups
    assert [n] in groups and [n + 1] in groups


def test_same_people_different_event_stay_apart():
    a = analyze_article(Article(text=OTHER_EN))
    b = analyze_article(Article(text=OTHER_EN.replace("opened a road bridge across the Ob river near Novosibirsk", "chaired a security council meeting in Moscow").replace("bridge", "meeting")))
    c = analyze_article(Article(text="Putin meets farmers in Krasnodar\nPresident Vladimir Putin met grain farmers in Krasnodar on Tuesday and promised cheaper loans for machinery. Wheat exports fell 10 per cent this year, the agriculture ministry said."))
    groups = group_articles([a, c])
    assert sorted(groups) == [[0], [1]]
    assert len(group_articles([a, b])) in (1, 2)


def test_cross_language_alignment_links_the_pledge(samples, comparison):
    names, arts, _ = samples
    hi, en = names.index("01-hindi-main"), names.index("02-english-wire")
    pairs = [al for al in comparison.alignments if {al.a, al.b} == {hi, en}]
    assert len(pairs) >= 4
    texts = [(arts[al.a].text[al.a_start : al.a_end], arts[al.b].text[al.b_start : al.b_end]) for al in pairs]
    assert any("बिना शर्त" in a and "unconditional" in b.lower() for a, b in texts), texts


def test_alignment_against_the_hand_made_expectation(samples, comparison):
    names, arts, _ = samples
    expected = load_expected(samples_dir() / "expected_alignment.json", {n: a.text for n, a in zip(names, arts)})
    score = score_alignment(comparison, names, expected)
    assert score["precision"] >= 0.8 and score["recall"] >= 0.5, score


def test_wire_rerun_is_a_near_duplicate(samples, comparison):
    names = samples[0]
    wire, rerun = names.index("02-english-wire"), names.index("05-english-rerun")
    assert [(i, j) for i, j, _ in comparison.duplicates] == [(wire, rerun)]


def test_figure_matrix_uses_qualifier_intervals(samples, comparison):
    names = samples[0]
    troops = next(g for g in comparison.figures if g.about == "troops")
    assert troops.disagree
    by_article = {names[v.article]: v.value for v in troops.values}
    assert by_article["01-hindi-main"] == 15000 and by_article["03-english-analysis"] == 11000
    assert figure_interval(15000, "about") == pytest.approx((13500, 16500))
    assert figure_interval(4700, "more_than")[1] == float("inf")
    assert figure_interval(600, "up_to") == (0.0, 600)


def test_shared_claims_name_the_source_each_article_gives(samples, comparison):
    kinds = {s.source_type for c in comparison.shared_claims for s in c.spans}
    assert "state_media" in kinds
    for claim in comparison.shared_claims:
        arts = [s.article for s in claim.spans]
        assert len(arts) == len(set(arts)) and len(arts) >= 2


def test_frames_and_divergence_matrix(comparison):
    n = len(comparison.articles)
    div = comparison.frame_divergence
    assert len(div) == n and all(len(row) == n for row in div)
    for i in range(n):
        assert div[i][i] == pytest.approx(0.0, abs=1e-9)
    assert js_divergence({"a": 1.0}, {"b": 1.0}) == pytest.approx(1.0)


def test_story_of_one_article_and_contract_json(samples):
    one = run_comparison(samples[2][:1])
    d = comparison_dict(one)
    assert d["schema"] == "parallax.comparison/1"
    assert d["alignments"] == [] and d["duplicates"] == []
    assert len(d["unique"]) > 5
    json.dumps(d)


def test_seed_contradictions_reported_by_compare(seed_path):
    a = analyze_article(next(read_inputs([str(seed_path)])))
    comp = run_comparison([a])
    kinds = sorted(c.kind for c in comp.contradictions)
    assert kinds == ["within_article:date_conflict", "within_article:role_conflict"]
