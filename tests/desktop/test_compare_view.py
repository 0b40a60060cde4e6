"""The comparison view: linked passages scroll into view (Hindi beside English),
unique passages are marked, the cross-outlet tables hold the comparison's rows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.model import Alignment
from desktop.models import SPAN_ROLE
from desktop.views.compare_view import CompareView
from desktop.views.styles import END_PROPERTY, LAYER_PROPERTY, START_PROPERTY


def _view(qtbot, analyses, comparison, selected=None) -> CompareView:
    v = CompareView()
    qtbot.addWidget(v)
    v.resize(1400, 700)
    v.show()
    v.set_story(analyses, comparison, selected or analyses[0].id)
    qtbot.waitExposed(v)
    return v


def test_selecting_an_aligned_passage_scrolls_its_counterpart_into_view(qtbot, sample_analyses, comparison):
    """Hindi (pane 0) beside English: the counterpart sits low in a long English text."""
    hi = 0
    en = next(i for i, a in enumerate(sample_analyses) if a.language.language == "en")
    view = _view(qtbot, sample_analyses, comparison)
    view.set_compared([en])
    pane = view.pane(en)
    view.splitter.setSizes([220, 480])  # short panes, so the counterpart starts off screen
    qtbot.wait(20)
    assert pane.text.viewport().height() < 200
    # the alignment whose English side is furthest down
    al = max((a for a in comparison.alignments if a.a == hi and a.b == en), key=lambda a: a.b_start)
    pane.text.verticalScrollBar().setValue(0)
    qtbot.wait(20)
    assert not pane.text.span_visible(al.b_start, al.b_end), "the counterpart should start off screen"
    counterparts = view.select_passage(hi, al.a_start + 1)
    qtbot.wait(20)
    assert (en, al.b_start, al.b_end) in counterparts
    assert pane.text.span_visible(al.b_start, al.b_end)
    linked = [x for x in pane.text.extraSelections() if x.format.property(LAYER_PROPERTY) == "linked"]
    assert any(x.cursor.selectedText() == sample_analyses[en].text[al.b_start : al.b_end] for x in linked)
    own = [x for x in view.pane(hi).text.extraSelections() if x.format.property(LAYER_PROPERTY) == "linked"]
    assert [x.cursor.selectedText() for x in own] == [sample_analyses[hi].text[al.a_start : al.a_end]]


def test_clicking_in_english_finds_the_hindi_counterpart(qtbot, sample_analyses, comparison):
    en = 1
    view = _view(qtbot, sample_analyses, comparison, selected=sample_analyses[en].id)
    assert view.panes[0].index == en
    al = next(a for a in comparison.alignments if a.a == 0 and a.b == en)
    got = view.select_passage(en, al.b_start)
    assert (0, al.a_start, al.a_end) in got


def _with_unique(sample_analyses, comparison) -> int:
    """An article that has passages no other article reports."""
    assert comparison.unique, "the fixture comparison has no unique passages"
    return comparison.unique[0].article


def test_unaligned_click_clears_the_links(qtbot, sample_analyses, comparison):
    k = _with_unique(sample_analyses, comparison)
    view = _view(qtbot, sample_analyses, comparison, selected=sample_analyses[k].id)
    al = next(x for x in comparison.alignments if k in (x.a, x.b))
    view.select_passage(k, al.a_start if al.a == k else al.b_start)
    assert any(p.text.focus_spans() for p in view.panes)
    u = next(x for x in comparison.unique if x.article == view.panes[0].index)
    assert view.select_passage(u.article, u.start) == []
    assert all(not p.text.focus_spans() for p in view.panes)


def test_unique_and_aligned_passages_are_marked(qtbot, sample_analyses, comparison):
    k = _with_unique(sample_analyses, comparison)
    view = _view(qtbot, sample_analyses, comparison, selected=sample_analyses[k].id)
    pane = view.panes[0]
    assert pane.index == k
    sels = pane.text.extraSelections()
    uniq = {
        (x.format.property(START_PROPERTY), x.format.property(END_PROPERTY))
        for x in sels
        if x.format.property(LAYER_PROPERTY) == "unique"
    }
    want = {(u.start, u.end) for u in comparison.unique if u.article == pane.index}
    assert uniq == want and want
    aligned = [x for x in sels if x.format.property(LAYER_PROPERTY) == "aligned"]
    assert aligned and all(
        "Also reported by" in " ".join(pane.text.tips_at(x.format.property(START_PROPERTY))) for x in aligned
    )


def test_figures_and_dates_table_rows_equal_the_comparison(qtbot, sample_analyses, comparison):
    view = _view(qtbot, sample_analyses, comparison)
    m = view.facts_model
    assert m.rowCount() == len(comparison.figures) + len(comparison.dates)
    assert m.columnCount() == 4 + len(comparison.articles)
    for r in range(m.rowCount()):
        row = m.row_record(r)
        agree = m.data(m.index(r, 3))
        assert agree.startswith("≠") == row.disagree
        assert (m.data(m.index(r, 0), role=8) is not None) == row.disagree  # BackgroundRole tint
    troops = next(r for r in range(m.rowCount()) if m.row_record(r).about == "troops")
    cells = [m.data(m.index(troops, 4 + k)) for k in range(len(comparison.articles))]
    assert any("15,000" in c for c in cells) and any("11,000" in c for c in cells)


def test_selecting_a_figure_row_highlights_it_in_every_pane(qtbot, sample_analyses, comparison):
    view = _view(qtbot, sample_analyses, comparison)
    view.facts_table.selectRow(0)
    spans = view.facts_table.model().data(view.facts_table.model().index(0, 0), SPAN_ROLE)
    for p in view.panes:
        want = sorted((s, e) for a, s, e in spans if a == p.index)
        assert p.text.focus_spans() == want


def test_shared_claims_show_each_outlets_source(qtbot, sample_analyses, comparison):
    view = _view(qtbot, sample_analyses, comparison)
    m = view.claims_model
    assert m.rowCount() == len(comparison.shared_claims)
    first = comparison.shared_claims[0].spans[0]
    assert "KCNA" in m.data(m.index(0, first.article))


def test_only_checked_articles_get_a_pane(qtbot, sample_analyses, comparison):
    view = _view(qtbot, sample_analyses, comparison)
    assert len(view.panes) == 4  # the selected article and three others by default
    view.set_compared([2])
    assert [p.index for p in view.panes] == [0, 2]


def test_without_a_comparison_the_reason_is_shown(qtbot, sample_analyses):
    view = _view(qtbot, sample_analyses[:2], None)
    view.set_story(
        sample_analyses[:2], None, sample_analyses[0].id, "cross-article comparison is not available in this build"
    )
    assert "not available" in view.note.text()
    assert len(view.panes) == 2 and view.facts_model.rowCount() == 0


@pytest.mark.parametrize("lang_pair", [("hi", "en"), ("en", "hi")])
def test_alignment_after_emoji_and_crlf(qtbot, sample_analyses, comparison, lang_pair):
    """Offsets in the comparison go through the offset map too."""
    a_idx = next(i for i, a in enumerate(sample_analyses) if a.language.language == lang_pair[0])
    b_idx = next(i for i, a in enumerate(sample_analyses) if a.language.language == lang_pair[1] and i != a_idx)
    a, b = sample_analyses[a_idx], sample_analyses[b_idx]
    prefix = "😀 emoji line\r\n"
    a2 = replace(a, article=replace(a.article, text=prefix + a.text.replace("\n", "\r\n")))

    def shift(i: int) -> int:
        return len(prefix) + i + a.text[:i].count("\n")

    al = (
        next(x for x in comparison.alignments if x.a == a_idx and x.b == b_idx)
        if any(x.a == a_idx and x.b == b_idx for x in comparison.alignments)
        else next(x for x in comparison.alignments if x.b == a_idx and x.a == b_idx)
    )
    if al.a == a_idx:
        s, e, bs, be = al.a_start, al.a_end, al.b_start, al.b_end
    else:
        s, e, bs, be = al.b_start, al.b_end, al.a_start, al.a_end
    comp = replace(
        comparison,
        articles=comparison.articles[:0] + tuple(comparison.articles[i] for i in (a_idx, b_idx)),
        alignments=(Alignment(0, shift(s), shift(e), 1, bs, be, 0.9),),
        unique=(),
        figures=(),
        dates=(),
        shared_claims=(),
        contradictions=(),
        duplicates=(),
        frame_divergence=((0.0, 0.1), (0.1, 0.0)),
    )
    view = _view(qtbot, [a2, b], comp)
    view.select_passage(0, shift(s) + 1)
    own = [x for x in view.pane(0).text.extraSelections() if x.format.property(LAYER_PROPERTY) == "linked"]
    assert [x.cursor.selectedText() for x in own] == [a.text[s:e]]
