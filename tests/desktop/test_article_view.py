"""The article view: marks lie exactly on their spans, scores lead to their evidence,
tables hold the core's rows, layers and the inserts switch work (Hindi and English)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from analysis.model import OffTopicSpan
from desktop.views.article_view import ArticleView
from desktop.views.styles import END_PROPERTY, KIND_PROPERTY, LAYER_PROPERTY, START_PROPERTY


def _view(qtbot, analysis, names=None) -> ArticleView:
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.set_analysis(
        analysis,
        names
        or {
            "security_defense": "Security and defense",
            "external_regulation": "External regulation",
            "political": "Political",
        },
    )
    return v


def _layer_selections(view: ArticleView, layer: str):
    return [s for s in view.text.extraSelections() if s.format.property(LAYER_PROPERTY) == layer]


def _line_span(text: str, line_no: int) -> tuple[int, int]:
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: line_no - 1])
    return start, start + len(lines[line_no - 1].rstrip("\r"))


def test_off_topic_format_lies_exactly_over_seed_line_7(qtbot, seed_analysis):
    """The GUI side: a line-7 off-topic span is drawn exactly over line 7."""
    text = seed_analysis.text
    s, e = _line_span(text, 7)
    assert "देखें VIDEO" in text[s:e]
    spans = tuple(o for o in seed_analysis.off_topic if not (o.start < e and s < o.end))
    an = replace(seed_analysis, off_topic=(*spans, OffTopicSpan(s, e, "promo_headline", 0.97, ("hand-made fixture",))))
    view = _view(qtbot, an)
    sels = [x for x in _layer_selections(view, "off_topic") if x.format.property(START_PROPERTY) == s]
    assert len(sels) == 1
    cur = sels[0].cursor
    assert view.text.offsets.span_to_py(cur.selectionStart(), cur.selectionEnd()) == (s, e)
    assert cur.selectedText() == text[s:e]
    assert sels[0].format.fontStrikeOut()  # scores without inserts: the insert is struck through


def test_pipeline_flags_seed_line_7_and_the_view_draws_it_there(qtbot, seed_analysis):
    """End to end: the core's own off-topic span for the seed is drawn exactly on line 7."""
    text = seed_analysis.text
    s, e = _line_span(text, 7)
    view = _view(qtbot, seed_analysis)
    drawn = {
        (x.format.property(START_PROPERTY), x.format.property(END_PROPERTY)): x
        for x in _layer_selections(view, "off_topic")
    }
    assert set(drawn) == {(o.start, o.end) for o in seed_analysis.off_topic}
    assert (s, e) in drawn, f"the core did not flag line 7: {sorted(drawn)}"
    assert drawn[(s, e)].cursor.selectedText() == text[s:e]


@pytest.mark.parametrize("which", ["hindi", "english"])
def test_every_mark_selects_its_own_text(qtbot, request, which):
    an = request.getfixturevalue(which)
    view = _view(qtbot, an)
    sels = view.text.extraSelections()
    layers = {x.format.property(LAYER_PROPERTY) for x in sels}
    assert {"attribution", "figures", "dates", "loaded"} <= layers
    for x in sels:
        s, e = x.format.property(START_PROPERTY), x.format.property(END_PROPERTY)
        assert x.cursor.selectedText() == an.text[s:e].replace("\n", "\u2029")


@pytest.mark.parametrize("which", ["hindi", "english"])
def test_source_types_have_colour_and_a_second_cue(qtbot, request, which):
    an = request.getfixturevalue(which)
    view = _view(qtbot, an)
    cues = [
        x for x in _layer_selections(view, "attribution") if str(x.format.property(KIND_PROPERTY)).startswith("cue:")
    ]
    assert len(cues) == len(an.scores.attributions)
    for x in cues:
        assert x.format.fontWeight() >= 700  # bold, not only coloured
    styles = {x.format.property(KIND_PROPERTY): x.format.underlineStyle() for x in cues}
    if len(set(styles)) > 1:
        assert len(set(styles.values())) > 1  # different types, different underline styles
    badges = view.text.notes("right")
    assert {n.kind for n in badges} == {a.source_type for a in an.scores.attributions}
    assert all(n.text.isupper() for n in badges)  # the short label (STATE, GOV, ANON)


def test_hover_shows_canonical_source_type_country_relay_confidence(qtbot, english):
    view = _view(qtbot, english)
    relayed = next(a for a in english.scores.attributions if a.via)
    tips = "\n".join(view.text.tips_at(relayed.start))
    for part in ("KCNA", "State media", "KP", "Relayed by: Yonhap", "Confidence: 0.90"):
        assert part in tips


def test_hover_on_hindi_off_topic_gives_its_reason(qtbot, seed_analysis):
    view = _view(qtbot, seed_analysis)
    o = seed_analysis.off_topic[0]
    tip = "\n".join(view.text.tips_at(o.start))
    assert "Off-topic" in tip and o.kind.replace("_", " ") in tip


@pytest.mark.parametrize("which", ["hindi", "english"])
def test_tables_hold_the_core_rows(qtbot, request, which):
    an = request.getfixturevalue(which)
    view = _view(qtbot, an)
    assert view.sources_model.rowCount() == len(an.scores.attributions)
    assert view.figures_model.rowCount() == len(an.scores.figures) > 0
    assert view.sources_table.model().rowCount() == len(an.scores.attributions)
    view.sources_filter.setText("state media")
    want = sum(1 for a in an.scores.attributions if a.source_type == "state_media")
    assert view.sources_table.model().rowCount() == want


def test_real_analysis_tables_match_core(qtbot, sample_analyses):
    for an in sample_analyses:
        view = _view(qtbot, an)
        assert view.figures_model.rowCount() == len(an.scores.figures)
        assert view.sources_model.rowCount() == len(an.scores.attributions)


def test_table_row_highlights_its_span(qtbot, english):
    view = _view(qtbot, english)
    view.tables.setCurrentIndex(1)
    view.figures_table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # by position in the text
    view.figures_table.selectRow(0)
    f = min(english.scores.figures, key=lambda x: x.start)
    assert view.text.focus_spans() == [(f.start, f.end)]
    focus = [x for x in view.text.extraSelections() if x.format.property(LAYER_PROPERTY) == "focus"]
    assert [x.cursor.selectedText() for x in focus] == [english.text[f.start : f.end]]


@pytest.mark.parametrize("which", ["hindi", "english"])
def test_clicking_a_score_highlights_the_spans_behind_it(qtbot, request, which):
    an = request.getfixturevalue(which)
    view = _view(qtbot, an)
    item = view.score_item("State media")
    view._score_clicked(item)
    want = sorted((a.start, a.end) for a in an.scores.attributions if a.source_type == "state_media")
    assert view.text.focus_spans() == want
    focus = [x for x in view.text.extraSelections() if x.format.property(LAYER_PROPERTY) == "focus"]
    assert [x.cursor.selectedText() for x in focus] == [an.text[s:e] for s, e in want]
    view._score_clicked(view.score_item("Frame distribution"))
    ev = sorted((t.start, t.end) for sf in an.scores.frames.segments for terms in sf.evidence.values() for t in terms)
    assert view.text.focus_spans() == ev
    view._score_clicked(view.score_item("Figures"))
    assert len(view.text.focus_spans()) == len(an.scores.figures)


def test_frames_in_the_margin_per_paragraph(qtbot, hindi):
    view = _view(qtbot, hindi)
    notes = view.text.notes("left")
    assert notes
    starts = {hindi.segments[sf.segment].start for sf in hindi.scores.frames.segments}
    assert {n.position for n in notes} <= starts
    assert any("Security and defense" in n.text for n in notes)


def test_layers_can_be_switched_off(qtbot, hindi):
    view = _view(qtbot, hindi)
    assert _layer_selections(view, "loaded")
    view.set_layer_visible("loaded", False)
    assert not _layer_selections(view, "loaded")
    assert "Loaded language" not in view.legend.entries()
    view.set_layer_visible("frames", False)
    assert view.text.notes("left") == []
    view.set_layer_visible("loaded", True)
    assert _layer_selections(view, "loaded")


def test_with_and_without_inserts_switch(qtbot, seed_analysis):
    view = _view(qtbot, seed_analysis)
    assert all(x.format.fontStrikeOut() for x in _layer_selections(view, "off_topic"))
    assert view.score_item("Readability").text(1) == _words(seed_analysis.scores)
    view.inserts_box.setChecked(True)
    assert view.with_inserts
    assert not any(x.format.fontStrikeOut() for x in _layer_selections(view, "off_topic"))
    if seed_analysis.with_inserts is not None:
        assert view.score_item("Readability").text(1) == _words(seed_analysis.with_inserts)


def _words(scores) -> str:
    r = scores.readability
    return f"{r['words_per_sentence']:g} words per sentence"


def test_sample_badge(qtbot, hindi, seed_analysis):
    view = _view(qtbot, hindi)
    assert view.badge.isVisibleTo(view)
    assert "SAMPLE" in view.badge.text() and "fictional" in view.badge.text()
    view.set_analysis(seed_analysis)
    assert not view.badge.isVisibleTo(view)


def test_missing_features_say_why(qtbot, sample_analyses):
    from analysis.model import Skipped

    an = sample_analyses[0]
    reason = "framing is not available in this build"
    view = _view(qtbot, replace(an, scores=replace(an.scores, frames=None), skipped=(Skipped("framing", reason),)))
    item = view.score_item("Frame distribution")
    assert item.text(1) == "not available"
    assert reason in item.toolTip(0)
