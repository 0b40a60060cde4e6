"""Analyses held for an export: in memory while few, parked on disk when many.

The exporter reads the analyses twice (once to find the columns, once to write every
table).  A list of 10,000 analysis dicts would hold every text, sentence and entity in
memory at once, so past ``max_in_memory`` items ``SpooledAnalyses`` moves them to a
temporary JSONL file and from then on keeps one analysis in memory at a time (like
:class:`tempfile.SpooledTemporaryFile`, for analyses).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_MAX_IN_MEMORY = 2000  # about 100-200 MB of analysis dicts


class SpooledAnalyses:
    """A re-iterable collection of analysis dicts (each ``iter`` opens its own reader,
    so nested iteration is fine).  Close it (or use ``with``) to delete the file."""

    def __init__(
        self, items: Iterable[dict] = (), folder: str | None = None, max_in_memory: int = DEFAULT_MAX_IN_MEMORY
    ):
        self.folder = folder
        self.max_in_memory = max_in_memory
        self.path: Path | None = None
        self._memory: list[dict] | None = []
        self._fh = None
        self._n = 0
        for item in items:
            self.add(item)

    @property
    def on_disk(self) -> bool:
        return self._memory is None

    def add(self, analysis: dict) -> None:
        if self._memory is not None:
            self._memory.append(analysis)
            if len(self._memory) > self.max_in_memory:
                self._spill()
        else:
            self._fh.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        self._n += 1

    def _spill(self) -> None:
        fd, name = tempfile.mkstemp(prefix="parallax-export.", suffix=".jsonl", dir=self.folder)
        self.path = Path(name)
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        for item in self._memory or []:
            self._fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        self._memory = None

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[dict]:
        if self._memory is not None:
            yield from list(self._memory)
            return
        self._fh.flush()
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    def close(self) -> None:
        if self._fh is not None and not self._fh.closed:
            self._fh.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self._memory = []

    def __enter__(self) -> SpooledAnalyses:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
