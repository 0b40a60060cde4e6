"""Analyses parked in a temporary JSONL file and read back one at a time.

The exporter reads the analyses once per table; a list of 10,000 analysis dicts would
hold every text, sentence and entity in memory at once.  ``SpooledAnalyses`` keeps
one analysis in memory at a time instead, at the price of parsing JSON per table.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


class SpooledAnalyses:
    """A re-iterable collection of analysis dicts stored on disk (each ``iter`` opens
    its own reader, so nested iteration is fine).  Close it (or use ``with``) to
    delete the file."""

    def __init__(self, items: Iterable[dict] = (), folder: str | None = None):
        fd, name = tempfile.mkstemp(prefix="parallax-export.", suffix=".jsonl", dir=folder)
        self.path = Path(name)
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        self._n = 0
        for item in items:
            self.add(item)

    def add(self, analysis: dict) -> None:
        self._fh.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        self._n += 1

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[dict]:
        if not self._fh.closed:
            self._fh.flush()
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> SpooledAnalyses:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
