import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analysis.model import Article
from analysis.store import SCHEMA_VERSION, Store, StoreError, Story

ROOT = Path(__file__).resolve().parents[2]


def arts(n, lang="hi"):
    base = "समाचार संख्या {} का पाठ।" if lang == "hi" else "News item number {}."
    return [Article(text=base.format(i)) for i in range(n)]


def test_roundtrip_articles_hindi_and_english(tmp_path):
    with Store(tmp_path / "p.sqlite") as st:
        ids = st.add_articles(arts(3) + arts(2, "en"))
        assert st.count_articles() == 5
        got = st.article(ids[0])
        assert got.text == "समाचार संख्या 0 का पाठ।"
        assert st.article(ids[3]).text == "News item number 0."
        assert st.schema_version() == SCHEMA_VERSION


def test_cache_and_stories(tmp_path):
    with Store(tmp_path / "p.sqlite") as st:
        st.put("k1", {"id": "a", "text": "पाठ"})
        assert st.get("k1") == {"id": "a", "text": "पाठ"}
        assert st.get("nope") is None
        ids = st.add_articles(arts(4))
        st.set_stories([Story("s1", "one", tuple(ids[:2])), Story("s2", "two", tuple(ids[2:]))])
        st.merge_stories("s1", "s2")
        assert [s.article_ids for s in st.stories()] == [tuple(ids)]
        st.split_story("s1", ids[3:], "s3", "split")
        assert [len(s.article_ids) for s in st.stories()] == [3, 1]


def test_migrates_an_old_schema(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    from analysis.store import MIGRATIONS

    conn.executescript(MIGRATIONS[1])
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.commit()
    conn.close()
    with Store(path) as st:
        assert st.schema_version() == SCHEMA_VERSION
        st.conn.execute("SELECT coder FROM codings").fetchall()


def test_not_a_store_and_newer_store_are_refused(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a Parallax project"):
        Store(bad)
    newer = tmp_path / "newer.sqlite"
    with Store(newer) as st:
        st.conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="newer Parallax"):
        Store(newer)


@pytest.mark.slow
def test_killed_bulk_import_keeps_committed_batches(tmp_path):
    path = tmp_path / "kill.sqlite"
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from analysis.model import Article
        from analysis.store import Store
        st = Store({str(path)!r})
        def gen():
            for i in range(100000):
                if i % 10 == 0:
                    time.sleep(0.02)
                yield Article(text=f"लेख {{i}} का पाठ, article {{i}}")
        st.add_articles(gen(), batch_size=10, progress=lambda n: print(n, flush=True))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    committed = 0
    deadline = time.time() + 30
    while committed < 100 and time.time() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            committed = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert committed >= 100
    with Store(path) as st:
        assert st.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = st.count_articles()
        assert n >= committed and n % 10 == 0
        assert st.article(Article(text="लेख 5 का पाठ, article 5").with_default_id().id) is not None
