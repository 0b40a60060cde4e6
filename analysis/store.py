"""The project store: one SQLite file (WAL) holding articles, cached analyses and stories.

Every write runs in a transaction; a bulk import commits in batches so that a
crash loses at most the batch in flight and the file always opens.  The schema
carries a version and migrates forward on open.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.model import Article

SCHEMA_VERSION = 3

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        text TEXT NOT NULL,
        path TEXT, row INTEGER, title TEXT, outlet TEXT, date TEXT, url TEXT, language TEXT,
        sample INTEGER NOT NULL DEFAULT 0,
        added_at REAL NOT NULL
    );
    CREATE INDEX articles_sha ON articles(sha256);
    CREATE TABLE analyses (
        cache_key TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE stories (id TEXT PRIMARY KEY, label TEXT NOT NULL, created_at REAL NOT NULL);
    CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (story_id, article_id)
    );
    """,
    2: """
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        coder TEXT NOT NULL,
        article_id TEXT NOT NULL,
        article_sha256 TEXT NOT NULL,
        task TEXT NOT NULL,
        start INTEGER, end INTEGER,
        value TEXT NOT NULL,
        memo TEXT,
        created_at REAL NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX codings_article ON codings(article_id, coder);
    """,
    # 3: codings get an id the app makes before saving (undo/redo and autosave refer
    # to it) and the time of their last change; older rows get one from their row id.
    3: """
    ALTER TABLE codings ADD COLUMN uid TEXT;
    ALTER TABLE codings ADD COLUMN modified_at REAL;
    UPDATE codings SET uid = 'row' || id, modified_at = created_at WHERE uid IS NULL;
    CREATE UNIQUE INDEX codings_uid ON codings(uid);
    """,
}


def default_data_dir() -> Path:
    env = os.environ.get("PARALLAX_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("parallax", appauthor=False))


def default_store_path() -> Path:
    return default_data_dir() / "parallax.sqlite"


class StoreError(RuntimeError):
    """The store file cannot be opened or is from a newer Parallax."""


@dataclass(frozen=True)
class Story:
    id: str
    label: str
    article_ids: tuple[str, ...]


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a Parallax project file ({exc})") from None
        self._migrate()

    @classmethod
    def default(cls) -> Store:
        return cls(default_store_path())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        try:
            current = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a Parallax project file ({exc})") from None
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer Parallax (schema {current} > {SCHEMA_VERSION})")
        for v in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction() as c:
                for stmt in MIGRATIONS[v].split(";"):
                    if stmt.strip():
                        c.execute(stmt)
                c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(v),))

    # articles -----------------------------------------------------------
    def add_articles(
        self,
        articles: Iterable[Article],
        batch_size: int = 50,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Insert (or update) articles, committing every ``batch_size``; returns their ids."""
        ids: list[str] = []
        batch: list[Article] = []

        def flush():
            with self.transaction() as c:
                for a in batch:
                    c.execute(
                        "INSERT OR REPLACE INTO articles(id, sha256, text, path, row, title, outlet, date, url, language, sample, added_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (a.id, a.sha256, a.text, a.path, a.row, a.title, a.outlet, a.date, a.url, a.language, int(a.sample), time.time()),
                    )
            batch.clear()

        for a in articles:
            a = a.with_default_id()
            batch.append(a)
            ids.append(a.id)
            if len(batch) >= batch_size:
                flush()
                if progress:
                    progress(len(ids))
        if batch:
            flush()
            if progress:
                progress(len(ids))
        return ids

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            "SELECT id, text, path, row, title, outlet, date, url, language, sample FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def articles(self) -> list[Article]:
        rows = self.conn.execute(
            "SELECT id, text, path, row, title, outlet, date, url, language, sample FROM articles ORDER BY added_at, id"
        ).fetchall()
        return [_article(r) for r in rows]

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def remove_articles(self, ids: Iterable[str]) -> None:
        with self.transaction() as c:
            c.executemany("DELETE FROM articles WHERE id=?", [(i,) for i in ids])

    # analysis cache ------------------------------------------------------
    def get(self, key: str) -> dict | None:
        row = self.conn.execute("SELECT result FROM analyses WHERE cache_key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, result: dict) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO analyses(cache_key, sha256, result, created_at) VALUES (?,?,?,?)",
                (key, result.get("id", ""), json.dumps(result, ensure_ascii=False), time.time()),
            )

    # stories -------------------------------------------------------------
    def set_stories(self, stories: Iterable[Story]) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM story_articles")
            c.execute("DELETE FROM stories")
            for s in stories:
                c.execute("INSERT INTO stories(id, label, created_at) VALUES (?,?,?)", (s.id, s.label, time.time()))
                for pos, aid in enumerate(s.article_ids):
                    c.execute("INSERT INTO story_articles(story_id, article_id, position) VALUES (?,?,?)", (s.id, aid, pos))

    def stories(self) -> list[Story]:
        out = []
        for sid, label in self.conn.execute("SELECT id, label FROM stories ORDER BY created_at, id").fetchall():
            ids = [r[0] for r in self.conn.execute("SELECT article_id FROM story_articles WHERE story_id=? ORDER BY position", (sid,))]
            out.append(Story(sid, label, tuple(ids)))
        return out

    def merge_stories(self, keep: str, other: str) -> None:
        with self.transaction() as c:
            n = c.execute("SELECT COALESCE(MAX(position), -1) FROM story_articles WHERE story_id=?", (keep,)).fetchone()[0]
            rows = c.execute("SELECT article_id FROM story_articles WHERE story_id=? ORDER BY position", (other,)).fetchall()
            for i, (aid,) in enumerate(rows):
                c.execute("INSERT OR IGNORE INTO story_articles(story_id, article_id, position) VALUES (?,?,?)", (keep, aid, n + 1 + i))
            c.execute("DELETE FROM stories WHERE id=?", (other,))

    def split_story(self, story_id: str, article_ids: Iterable[str], new_id: str, label: str) -> None:
        ids = list(article_ids)
        with self.transaction() as c:
            c.execute("INSERT INTO stories(id, label, created_at) VALUES (?,?,?)", (new_id, label, time.time()))
            for pos, aid in enumerate(ids):
                c.execute("DELETE FROM story_articles WHERE story_id=? AND article_id=?", (story_id, aid))
                c.execute("INSERT INTO story_articles(story_id, article_id, position) VALUES (?,?,?)", (new_id, aid, pos))


def _article(r) -> Article:
    return Article(
        id=r[0], text=r[1], path=r[2], row=r[3], title=r[4], outlet=r[5], date=r[6], url=r[7], language=r[8], sample=bool(r[9])
    )
