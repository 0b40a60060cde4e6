"""Codings: a researcher's judgement on a span (or a whole article), stored per coder.

A coding holds character offsets ``[start, end)`` into the article text as imported
and the sha256 of that text, so a coding is never applied to a text it was not made
on (a re-imported, edited article makes its codings *stale*, not silently wrong).
Values by task (``start``/``end`` None means the whole article)::

    offtopic     {"off_topic": bool, "kind": str | None}
    attribution  {"present": bool, "source_type", "source_subtype", "source_start",
                  "source_end", "canonical_source"}          (the span is the cue)
    framing      {"frames": [frame id, ...], "codebook": str}
    loaded       {"loaded": bool}
    memo         {}                                           (the text is in ``memo``)
    any task     {"reviewed": true} with no span: "I coded this article for this task"

``False`` values are codings too: "this is not off-topic" overrides the model's flag.
:class:`CodingStore` keeps codings in the project store's ``codings`` table (edits
are soft deletes, so the history stays); :class:`CodingSession` is one coder at work
on one article, with undo/redo and a queue of changes for autosave.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from analysis.model import OFF_TOPIC_KINDS, SOURCE_TYPES, Article
from analysis.store import Store

TASKS = ("offtopic", "attribution", "framing", "loaded")
MEMO = "memo"
ALL_TASKS = (*TASKS, MEMO)
MODEL_CODER = "model"  # reserved: stands for the model wherever a coder is named
MAX_CODER_CHARS = 80


class CodingError(ValueError):
    """A coding that cannot be stored: unknown task, span outside the text, bad value."""


@dataclass(frozen=True)
class Coding:
    uid: str
    coder: str
    article_id: str
    article_sha256: str
    task: str
    start: int | None
    end: int | None
    value: dict = field(default_factory=dict)
    memo: str | None = None
    created_at: float = 0.0
    modified_at: float = 0.0

    @property
    def span(self) -> tuple[int, int] | None:
        return (self.start, self.end) if self.start is not None and self.end is not None else None

    @property
    def is_review(self) -> bool:
        return self.span is None and bool(self.value.get("reviewed"))

    def is_stale(self, article: Article) -> bool:
        """True when the article's text is no longer the text this coding was made on."""
        return self.article_sha256 != article.sha256

    def positive(self) -> bool:
        """Does the coding assert something (a flag, a frame, an attribution)?"""
        v = self.value
        if self.task == "offtopic":
            return bool(v.get("off_topic"))
        if self.task == "attribution":
            return bool(v.get("present"))
        if self.task == "framing":
            return bool(v.get("frames"))
        if self.task == "loaded":
            return bool(v.get("loaded"))
        return False

    def label(self) -> str:
        """A short reading of the value for tables and tooltips."""
        v = self.value
        if self.is_review:
            return f"reviewed ({self.task})"
        if self.task == "offtopic":
            return (
                f"off-topic ({v['kind']})"
                if v.get("off_topic") and v.get("kind")
                else ("off-topic" if v.get("off_topic") else "not off-topic")
            )
        if self.task == "attribution":
            if not v.get("present"):
                return "not an attribution"
            return f"attribution: {v.get('source_type') or 'type not given'}"
        if self.task == "framing":
            return "frames: " + (", ".join(v.get("frames") or []) or "none")
        if self.task == "loaded":
            return "loaded" if v.get("loaded") else "not loaded"
        return "memo"

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "coder": self.coder,
            "article_id": self.article_id,
            "article_sha256": self.article_sha256,
            "task": self.task,
            "start": self.start,
            "end": self.end,
            "value": dict(self.value),
            "memo": self.memo,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
        }


def check_coder(name: str) -> str:
    """A coder name as stored: trimmed, not empty, not the reserved word ``model``."""
    n = (name or "").strip()
    if not n:
        raise CodingError("a coder needs a name")
    if len(n) > MAX_CODER_CHARS:
        raise CodingError(f"a coder name has at most {MAX_CODER_CHARS} characters")
    if n.lower() == MODEL_CODER:
        raise CodingError("'model' stands for the model; choose another coder name")
    return n


def _opt_int(v, what: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise CodingError(f"{what} must be a whole number")
    return v


def check_value(
    task: str, value: dict | None, start: int | None = None, end: int | None = None, text_len: int | None = None
) -> dict:
    """The value normalised for ``task``; raises :class:`CodingError` saying what is wrong."""
    if task not in ALL_TASKS:
        raise CodingError(f"unknown coding task {task!r} (one of {', '.join(ALL_TASKS)})")
    if (start is None) != (end is None):
        raise CodingError("a span needs both start and end")
    if start is not None:
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end:
            raise CodingError(f"span [{start}, {end}) is empty or negative")
        if text_len is not None and end > text_len:
            raise CodingError(f"span [{start}, {end}) is outside the text ({text_len} characters)")
    v = dict(value or {})
    if v.get("reviewed"):
        if start is not None:
            raise CodingError("a 'reviewed' mark is for the whole article (no span)")
        return {"reviewed": True}
    if task == MEMO:
        return {}
    if start is None and task in ("offtopic", "attribution", "loaded"):
        raise CodingError(f"a {task} coding needs a span")
    if task == "offtopic":
        kind = v.get("kind")
        if kind is not None and kind not in OFF_TOPIC_KINDS:
            raise CodingError(f"unknown off-topic kind {kind!r}")
        return {"off_topic": bool(v.get("off_topic", True)), "kind": kind if v.get("off_topic", True) else None}
    if task == "attribution":
        st = v.get("source_type")
        if st is not None and st not in SOURCE_TYPES:
            raise CodingError(f"unknown source type {st!r}")
        ss, se = _opt_int(v.get("source_start"), "source_start"), _opt_int(v.get("source_end"), "source_end")
        if (ss is None) != (se is None) or (ss is not None and not 0 <= ss < se):
            raise CodingError("the source span needs a start before its end")
        if ss is not None and text_len is not None and se > text_len:
            raise CodingError("the source span is outside the text")
        out = {"present": bool(v.get("present", True))}
        if out["present"]:
            out.update(
                source_type=st,
                source_subtype=v.get("source_subtype") or None,
                source_start=ss,
                source_end=se,
                canonical_source=(v.get("canonical_source") or None),
            )
        return out
    if task == "framing":
        frames = v.get("frames") or []
        if isinstance(frames, str):
            frames = [f for f in frames.split(";") if f.strip()]
        if not isinstance(frames, list) or not all(isinstance(f, str) and f.strip() for f in frames):
            raise CodingError("frames must be a list of frame ids")
        return {"frames": sorted({f.strip() for f in frames}), "codebook": str(v.get("codebook") or "")}
    return {"loaded": bool(v.get("loaded", True))}


def new_uid() -> str:
    return uuid.uuid4().hex


def new_coding(
    coder: str,
    article: Article,
    task: str,
    start: int | None = None,
    end: int | None = None,
    value: dict | None = None,
    memo: str | None = None,
    now: float | None = None,
) -> Coding:
    """A checked coding of ``article`` (offsets into ``article.text``)."""
    coder = check_coder(coder)
    article = article.with_default_id()
    v = check_value(task, value, start, end, len(article.text))
    if task == MEMO and not (memo or "").strip():
        raise CodingError("a memo needs some text")
    t = time.time() if now is None else now
    return Coding(new_uid(), coder, article.id, article.sha256, task, start, end, v, (memo or None), t, t)


# --- the project store ------------------------------------------------------------

Op = tuple[str, Coding]  # ("put" | "delete", coding)
_COLS = 'uid, coder, article_id, article_sha256, task, "start", "end", value, memo, created_at, modified_at'


def _row(r) -> Coding:
    return Coding(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7] or "{}"), r[8], r[9] or 0.0, r[10] or r[9] or 0.0
    )


class CodingStore:
    """Codings in the project store.  Each :meth:`save` is one transaction, so an
    autosave either lands whole or not at all."""

    def __init__(self, store: Store, own: bool = False):
        self.store = store
        self._own = own

    @classmethod
    def open(cls, path) -> CodingStore:
        return cls(Store(path), own=True)

    def close(self) -> None:
        if self._own:
            self.store.close()

    def __enter__(self) -> CodingStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def save(self, ops: Iterable[Op], now: float | None = None) -> int:
        """Apply ``("put", coding)`` and ``("delete", coding)`` in order; returns how many."""
        t = time.time() if now is None else now
        n = 0
        with self.store.transaction() as c:
            for kind, cd in ops:
                if kind == "put":
                    c.execute(
                        f"INSERT INTO codings({_COLS}, deleted) VALUES (?,?,?,?,?,?,?,?,?,?,?,0)"
                        " ON CONFLICT(uid) DO UPDATE SET coder=excluded.coder, article_id=excluded.article_id,"
                        " article_sha256=excluded.article_sha256, task=excluded.task, \"start\"=excluded.\"start\","
                        " \"end\"=excluded.\"end\", value=excluded.value, memo=excluded.memo,"
                        " modified_at=excluded.modified_at, deleted=0",
                        (cd.uid, cd.coder, cd.article_id, cd.article_sha256, cd.task, cd.start, cd.end,
                         json.dumps(cd.value, ensure_ascii=False, sort_keys=True), cd.memo, cd.created_at, cd.modified_at),
                    )  # fmt: skip
                elif kind == "delete":
                    c.execute("UPDATE codings SET deleted=1, modified_at=? WHERE uid=?", (t, cd.uid))
                else:
                    raise CodingError(f"unknown store operation {kind!r}")
                n += 1
        return n

    def put(self, coding: Coding) -> None:
        self.save([("put", coding)])

    def delete(self, coding: Coding) -> None:
        self.save([("delete", coding)])

    def codings(
        self,
        article_id: str | None = None,
        coder: str | None = None,
        task: str | None = None,
        include_deleted: bool = False,
    ) -> list[Coding]:
        where, args = [], []
        for col, val in (("article_id", article_id), ("coder", coder), ("task", task)):
            if val is not None:
                where.append(f"{col}=?")
                args.append(val)
        if not include_deleted:
            where.append("deleted=0")
        sql = f"SELECT {_COLS} FROM codings" + (" WHERE " + " AND ".join(where) if where else "")
        sql += ' ORDER BY article_id, coder, COALESCE("start", -1), "end", created_at, uid'
        return [_row(r) for r in self.store.conn.execute(sql, args).fetchall()]

    def coders(self) -> list[str]:
        rows = self.store.conn.execute("SELECT DISTINCT coder FROM codings WHERE deleted=0 ORDER BY coder").fetchall()
        return [r[0] for r in rows]

    def coded_articles(self, coder: str | None = None, task: str | None = None) -> list[str]:
        sql, args = "SELECT DISTINCT article_id FROM codings WHERE deleted=0", []
        if coder is not None:
            sql += " AND coder=?"
            args.append(coder)
        if task is not None:
            sql += " AND task=?"
            args.append(task)
        return [r[0] for r in self.store.conn.execute(sql + " ORDER BY article_id", args).fetchall()]


# --- one coder at work on one article ---------------------------------------------------


@dataclass(frozen=True)
class _Step:
    removed: tuple[Coding, ...]
    added: tuple[Coding, ...]
    label: str

    def inverse(self) -> _Step:
        return _Step(self.added, self.removed, self.label)


class CodingSession:
    """One coder's codings of one article while they code.

    Every change applies at once, goes on the undo stack (a new change clears the redo
    stack) and is queued for the store: :meth:`take_pending` hands the queue to an
    autosave job, :meth:`requeue` puts it back when the save failed.  An edit is a
    removal plus an addition under a new uid, so the store keeps the old version."""

    def __init__(
        self, coder: str, article: Article, codings: Iterable[Coding] = (), clock: Callable[[], float] = time.time
    ):
        self.coder = check_coder(coder)
        self.article = article.with_default_id()
        self.clock = clock
        mine = [c for c in codings if c.coder == self.coder and c.article_id == self.article.id]
        self._live: dict[str, Coding] = {c.uid: c for c in mine}
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._pending: list[Op] = []

    # reading ------------------------------------------------------------------------
    def codings(self, task: str | None = None, include_stale: bool = False) -> list[Coding]:
        out = [
            c
            for c in self._live.values()
            if (task is None or c.task == task) and (include_stale or not c.is_stale(self.article))
        ]
        return sorted(out, key=lambda c: (c.start if c.start is not None else -1, c.end or -1, c.created_at, c.uid))

    def stale(self) -> list[Coding]:
        return [c for c in self._live.values() if c.is_stale(self.article)]

    def get(self, uid: str) -> Coding | None:
        return self._live.get(uid)

    def at(self, index: int, task: str | None = None) -> list[Coding]:
        """Codings whose span covers the character at ``index``."""
        return [c for c in self.codings(task) if c.span and c.start <= index < c.end]

    def find(self, task: str, start: int | None, end: int | None) -> Coding | None:
        for c in self.codings(task):
            if c.start == start and c.end == end and not c.is_review:
                return c
        return None

    # changing -----------------------------------------------------------------------
    def add(
        self,
        task: str,
        start: int | None = None,
        end: int | None = None,
        value: dict | None = None,
        memo: str | None = None,
    ) -> Coding:
        c = new_coding(self.coder, self.article, task, start, end, value, memo, now=self.clock())
        self._do(_Step((), (c,), f"add {c.label()}"))
        return c

    def set(
        self, task: str, start: int | None, end: int | None, value: dict | None = None, memo: str | None = None
    ) -> Coding:
        """Code a span: replaces this coder's coding of the same task and span, if any
        (a "reviewed" mark that exists already is kept as it is)."""
        if value and value.get("reviewed"):
            done = next((c for c in self.codings(task) if c.is_review), None)
            return done if done is not None else self.add(task, None, None, value, memo)
        old = self.find(task, start, end) if task != MEMO else None
        if old is None:
            return self.add(task, start, end, value, memo)
        return self.edit(old.uid, value=value, memo=memo if memo is not None else old.memo)

    def edit(self, uid: str, value: dict | None = None, memo: str | None = None, clear_memo: bool = False) -> Coding:
        old = self._require(uid)
        v = check_value(old.task, value if value is not None else old.value, old.start, old.end, len(self.article.text))
        new_memo = None if clear_memo else (memo if memo is not None else old.memo)
        now = self.clock()
        new = replace(old, uid=new_uid(), value=v, memo=new_memo or None, modified_at=now)
        self._do(_Step((old,), (new,), f"edit {old.label()}"))
        return new

    def remove(self, uid: str) -> Coding:
        old = self._require(uid)
        self._do(_Step((old,), (), f"remove {old.label()}"))
        return old

    def _require(self, uid: str) -> Coding:
        c = self._live.get(uid)
        if c is None:
            raise CodingError(f"no coding {uid} in this session")
        return c

    def _apply(self, step: _Step) -> None:
        for c in step.removed:
            self._live.pop(c.uid, None)
            self._pending.append(("delete", c))
        for c in step.added:
            self._live[c.uid] = c
            self._pending.append(("put", c))

    def _do(self, step: _Step) -> None:
        self._apply(step)
        self._undo.append(step)
        self._redo.clear()

    # undo / redo --------------------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def undo(self) -> bool:
        if not self._undo:
            return False
        step = self._undo.pop()
        self._apply(step.inverse())
        self._redo.append(step)
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        step = self._redo.pop()
        self._apply(step)
        self._undo.append(step)
        return True

    # autosave -----------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return bool(self._pending)

    def take_pending(self) -> list[Op]:
        ops, self._pending = self._pending, []
        return ops

    def requeue(self, ops: Sequence[Op]) -> None:
        """Put back changes whose save failed (before anything queued since)."""
        self._pending = list(ops) + self._pending
