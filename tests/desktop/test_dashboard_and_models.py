"""Dashboard series and charts, and the table models under pytest-qt's model tester."""

from __future__ import annotations

from desktop.models import SORT_ROLE, ClaimsModel, CompareFactsModel, FiguresModel, SourcesModel, proxy
from desktop.viewdata import (
    attribution_series,
    claim_rows,
    compare_rows,
    divergence_matrix,
    frame_series,
    offtopic_series,
    readability_panels,
    scores_for,
)
from desktop.views.dashboard_view import DashboardView


def test_readability_never_shares_an_axis_across_languages(sample_analyses):
    panels = readability_panels(sample_analyses, False)
    assert [p.language for p in panels] == ["hi", "en"]
    hi_rows = {r for _, vals in panels[0].metrics for r, _ in vals}
    en_rows = {r for _, vals in panels[1].metrics for r, _ in vals}
    assert hi_rows and en_rows and not hi_rows & en_rows
    assert any("Flesch" in m for m, _ in panels[1].metrics)
    assert not any("Flesch" in m for m, _ in panels[0].metrics)


def test_frame_and_attribution_series_from_filled_analyses(hindi, english):
    names = {"security_defense": "Security and defense"}
    fs = frame_series([hindi, english], False, names)
    assert len(fs.rows) == 2 and "Security and defense" in fs.category_labels
    for row in fs.values:
        assert abs(sum(row) - 1.0) < 1e-9
    at = attribution_series([hindi, english], False)
    k = at.categories.index("state_media")
    assert [v[k] for v in at.values] == [1.0, 3.0]
    assert at.categories[0] == "state_media"  # taxonomy order, not alphabetical


def test_empty_series_carry_the_reason(sample_analyses):
    fs = frame_series(sample_analyses, False, {})
    if all(a.scores.frames is None for a in sample_analyses):
        assert fs.rows == () and fs.note
    off = offtopic_series(sample_analyses)
    assert [v[0] for v in off.values] == [float(len(a.off_topic)) for a in sample_analyses]


def test_dashboard_draws_every_chart(qtbot, sample_analyses, hindi, english, comparison):
    analyses = [hindi, english, *sample_analyses[2:]]
    view = DashboardView()
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.set_story(analyses, comparison, {"security_defense": "Security and defense"}, False, "Sample")
    assert view.frames.rows[:2] == ("Pratidin Samachar", "Asia Wire Review")
    assert view.divergence.values == comparison.frame_divergence
    assert len(view.divergence.labels) == len(comparison.articles)
    assert {c.title.split(":")[0] for c in view.readability_charts} == {"Readability — Hindi", "Readability — English"}
    img = view.grab()
    assert not img.isNull() and img.width() > 600


def test_divergence_without_comparison_says_why(sample_analyses):
    m = divergence_matrix(None, sample_analyses)
    assert m.labels == () and "comparison" in m.note


def test_sources_model(qtmodeltester, english):
    m = SourcesModel(english.scores.attributions, english.text)
    qtmodeltester.check(m, force_py=True)
    assert m.rowCount() == len(english.scores.attributions)
    px = proxy(m)
    px.sort(7)  # confidence, as a number
    confs = [px.data(px.index(r, 7), SORT_ROLE) for r in range(px.rowCount())]
    assert confs == sorted(confs)


def test_figures_model(qtmodeltester, hindi):
    m = FiguresModel(hindi.scores.figures, hindi.text)
    qtmodeltester.check(m, force_py=True)
    assert m.rowCount() == len(hindi.scores.figures)
    px = proxy(m)
    px.sort(1)
    values = [px.data(px.index(r, 1), SORT_ROLE) for r in range(px.rowCount())]
    assert values == sorted(values)  # 15000 after 4700: numbers, not strings
    assert m.data(m.index(0, 0)) == hindi.text[hindi.scores.figures[0].start : hindi.scores.figures[0].end]


def test_compare_models(qtmodeltester, sample_analyses, comparison):
    texts = [a.text for a in sample_analyses]
    outlets = [a.article.outlet or "" for a in sample_analyses]
    facts = CompareFactsModel(compare_rows(comparison, texts), outlets)
    qtmodeltester.check(facts, force_py=True)
    claims = ClaimsModel(claim_rows(comparison, texts), outlets)
    qtmodeltester.check(claims, force_py=True)
    assert claims.rowCount() == len(comparison.shared_claims)
    px = proxy(facts)
    px.setFilterFixedString("casualties")
    assert px.rowCount() == 1


def test_scores_for_picks_the_other_variant(seed_analysis):
    assert scores_for(seed_analysis, False) is seed_analysis.scores
    if seed_analysis.with_inserts is not None:
        assert scores_for(seed_analysis, True) is seed_analysis.with_inserts


def test_divergence_without_frame_scores_says_why(sample_analyses, comparison):
    from dataclasses import replace

    n = len(comparison.articles)
    nan = float("nan")
    blank = replace(
        comparison, frame_divergence=tuple(tuple(0.0 if i == j else nan for j in range(n)) for i in range(n))
    )
    m = divergence_matrix(blank, sample_analyses)
    assert m.labels == () and "frame scores" in m.note
