"""One map between the core's offsets (Python ``str`` indices) and Qt text positions.

The core indexes ``Article.text`` exactly as imported.  Qt does not: a text document
counts UTF-16 code units (a character outside the Basic Multilingual Plane, such as
an emoji, takes two positions) and turns ``\\r\\n`` into one paragraph break.  If a
view highlighted ``[start, end)`` directly, every mark after the first emoji or CRLF
line would slide.  So every view shows :func:`display_text` and converts through
:class:`OffsetMap`, never by hand.

This module does not import Qt: it only knows the rules, and the tests check them
against a real ``QTextDocument``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right


def display_text(text: str) -> str:
    """The text as the views show it: ``\\r\\n`` and lone ``\\r`` become ``\\n``.

    Qt would do the same conversion itself; doing it here keeps the rule in one place
    that :class:`OffsetMap` mirrors exactly."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class OffsetMap:
    """Python index <-> Qt position for one text.

    ``to_qt`` is defined for every index ``0..len(text)`` (both ends of half-open
    spans); ``to_py`` returns the Python index of the character at (or containing) a
    Qt position.  A text with no CRLF and no astral character maps to itself and
    stores nothing."""

    def __init__(self, text: str):
        self.text = text
        self._py_len = len(text)
        if "\r" not in text and not any(ord(c) > 0xFFFF for c in text):
            self._qt: array | None = None
            self.qt_length = len(text)
            return
        table = array("l", [0] * (len(text) + 1))
        q = 0
        for i, c in enumerate(text):
            table[i] = q
            if c == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
                continue  # the pair becomes one position: the '\n' takes it
            q += 2 if ord(c) > 0xFFFF else 1
        table[len(text)] = q
        self._qt = table
        self.qt_length = q

    @property
    def identity(self) -> bool:
        return self._qt is None

    def to_qt(self, index: int) -> int:
        """Qt position of Python index ``index`` (clamped to the text)."""
        index = max(0, min(index, self._py_len))
        return index if self._qt is None else self._qt[index]

    def to_py(self, position: int) -> int:
        """Python index of the character at Qt position ``position`` (clamped).

        A position in the middle of a surrogate pair, or on the '\\n' of a CRLF pair,
        maps to the start of that character (the '\\r')."""
        position = max(0, min(position, self.qt_length))
        if self._qt is None:
            return position
        i = bisect_right(self._qt, position) - 1
        # several indices can share a position ('\r' and '\n' of a pair): take the first
        while i > 0 and self._qt[i - 1] == self._qt[i]:
            i -= 1
        return max(0, min(i, self._py_len))

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_py(self, start: int, end: int) -> tuple[int, int]:
        """Python span of a Qt selection; the end maps to the end of its character."""
        if self._qt is None:
            return self.to_py(start), self.to_py(end)
        s = self.to_py(start)
        e = self.to_py(end)
        if self.to_qt(e) < end:  # the end fell inside a character: include it
            e += 1
        return s, min(e, self._py_len)
