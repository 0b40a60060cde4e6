"""The one offset map: Python indices <-> Qt positions, checked against Qt itself.

Every case is run in English and in Hindi; the spans sit after CRLF lines and after
an emoji (two UTF-16 units), where a naive mapping slides."""

from __future__ import annotations

import pytest

from desktop.offsets import OffsetMap, display_text
from desktop.viewdata import Mark
from desktop.views.textview import MarkedTextEdit

EMOJI = "\U0001f600"  # outside the Basic Multilingual Plane

CASES = {
    "en": (
        "Headline\r\nFirst line " + EMOJI + " smile.\r\nThe treaty was signed on June 19, 2024.\r\n",
        "June 19, 2024",
    ),
    "hi": (
        "शीर्षक\r\nपहली पंक्ति " + EMOJI + " मुस्कान।\r\nइस संधि पर 19 जून 2024 को हस्ताक्षर हुए।\r\n",
        "19 जून 2024",
    ),
}


def test_identity_when_nothing_to_map():
    m = OffsetMap("plain text, हिंदी भी")
    assert m.identity
    assert m.to_qt(5) == 5 and m.to_py(5) == 5


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_crlf_and_emoji_shift_qt_positions(lang):
    text, needle = CASES[lang]
    m = OffsetMap(text)
    start = text.index(needle)
    crlfs_before = text[:start].count("\r\n")
    astral_before = sum(1 for c in text[:start] if ord(c) > 0xFFFF)
    assert m.to_qt(start) == start - crlfs_before + astral_before
    assert m.to_py(m.to_qt(start)) == start
    assert m.qt_length == len(display_text(text).encode("utf-16-le")) // 2


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_round_trip_every_index(lang):
    text, _ = CASES[lang]
    m = OffsetMap(text)
    for i, c in enumerate(text):
        if c == "\n" and i and text[i - 1] == "\r":
            assert m.to_py(m.to_qt(i)) == i - 1  # the pair is one position: it maps to its '\r'
        else:
            assert m.to_py(m.to_qt(i)) == i


def test_position_inside_a_surrogate_pair_maps_to_the_character():
    text = "a" + EMOJI + "b"
    m = OffsetMap(text)
    assert m.to_qt(2) == 3
    assert m.to_py(2) == 1  # the second half of the emoji
    assert m.span_to_py(1, 2) == (1, 2)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_selected_text_equals_span_text(qtbot, lang):
    text, needle = CASES[lang]
    view = MarkedTextEdit()
    qtbot.addWidget(view)
    view.set_text(text)
    start = text.index(needle)
    assert view.select_span(start, start + len(needle)) == needle
    # a span that contains the emoji itself
    e = text.index(EMOJI)
    assert view.select_span(e - 1, e + 2) == text[e - 1 : e + 2]


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_marks_land_on_their_text_after_crlf_and_emoji(qtbot, lang):
    text, needle = CASES[lang]
    view = MarkedTextEdit()
    qtbot.addWidget(view)
    view.set_text(text)
    start = text.index(needle)
    view.set_marks([Mark(start, start + len(needle), "dates", "date", "tip")])
    (sel,) = view.extraSelections()
    assert sel.cursor.selectedText() == needle
    # hovering the middle of the mark finds it
    assert view.tips_at(start + 2) == ["tip"]
    assert view.tips_at(start - 2) == []


def test_lone_carriage_returns_count_as_line_breaks(qtbot):
    text = "one\rtwo " + EMOJI + "\rदो तीन"
    view = MarkedTextEdit()
    qtbot.addWidget(view)
    view.set_text(text)
    s = text.index("दो")
    assert view.select_span(s, s + 2) == "दो"
    assert view.document().toPlainText() == display_text(text)
