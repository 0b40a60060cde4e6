"""Codings: values, the store (migration 3, soft deletes), sessions with undo/redo."""

from __future__ import annotations

import sqlite3

import pytest

from analysis.coding.codings import CodingError, CodingSession, CodingStore, check_coder, new_coding
from analysis.model import Article
from analysis.store import MIGRATIONS, Store

HI = Article("केसीएनए के अनुसार किम ने शोइगू से मुलाकात की। देखें VIDEO: सड़क हादसा।", id="hi1")
EN = Article("KCNA said Kim met Shoigu. WATCH: road accident in Punjab.", id="en1")


def span(article: Article, needle: str) -> tuple[int, int]:
    i = article.text.index(needle)
    return i, i + len(needle)


@pytest.mark.parametrize(
    "art, cue, insert", [(HI, "के अनुसार", "देखें VIDEO: सड़क हादसा।"), (EN, "said", "WATCH: road accident in Punjab.")]
)
def test_values_are_checked_and_normalised(art, cue, insert):
    s, e = span(art, insert)
    c = new_coding("Asha", art, "offtopic", s, e, {"off_topic": True, "kind": "promo_headline"})
    assert c.value == {"off_topic": True, "kind": "promo_headline"} and c.article_sha256 == art.sha256
    assert art.text[c.start : c.end] == insert
    assert c.label() == "off-topic (promo_headline)"
    cs, ce = span(art, cue)
    a = new_coding("Asha", art, "attribution", cs, ce, {"source_type": "state_media"})
    assert a.value["present"] is True and a.positive()
    with pytest.raises(CodingError, match="outside the text"):
        new_coding("Asha", art, "loaded", 0, len(art.text) + 1)
    with pytest.raises(CodingError, match="unknown source type"):
        new_coding("Asha", art, "attribution", cs, ce, {"source_type": "rumour"})
    with pytest.raises(CodingError, match="needs a span"):
        new_coding("Asha", art, "loaded", value={"loaded": True})
    with pytest.raises(CodingError, match="unknown off-topic kind"):
        new_coding("Asha", art, "offtopic", s, e, {"kind": "advert"})
    with pytest.raises(CodingError, match="memo needs some text"):
        new_coding("Asha", art, "memo", s, e)
    review = new_coding("Asha", art, "offtopic", value={"reviewed": True})
    assert review.is_review and review.span is None


def test_coder_names():
    assert check_coder("  रीना ") == "रीना"
    for bad in ("", "   ", "Model", "x" * 81):
        with pytest.raises(CodingError):
            check_coder(bad)


def test_store_round_trip_soft_delete_and_queries(tmp_path):
    with CodingStore.open(tmp_path / "p.sqlite") as cs:
        s, e = span(HI, "के अनुसार")
        a = new_coding(
            "Asha",
            HI,
            "attribution",
            s,
            e,
            {"source_type": "state_media", "source_start": 0, "source_end": 6},
            memo="एजेंसी का हवाला",
        )
        b = new_coding("Ben", EN, "loaded", *span(EN, "road accident"), {"loaded": False})
        cs.save([("put", a), ("put", b)])
        assert cs.codings(article_id="hi1") == [a]  # Devanagari memo and value survive exactly
        assert cs.coders() == ["Asha", "Ben"]
        assert cs.coded_articles(task="loaded") == ["en1"]
        cs.delete(a)
        assert cs.codings(article_id="hi1") == []
        assert len(cs.codings(article_id="hi1", include_deleted=True)) == 1
        cs.put(a)  # putting it back undeletes it
        assert cs.codings(coder="Asha") == [a]


def test_migration_3_keeps_old_codings(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[1] + MIGRATIONS[2])
    conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    conn.execute(
        "INSERT INTO codings(coder, article_id, article_sha256, task, start, end, value, memo, created_at)"
        " VALUES ('Asha', 'hi1', ?, 'loaded', 0, 6, '{\"loaded\": true}', NULL, 100.0)",
        (HI.sha256,),
    )
    conn.commit()
    conn.close()
    with CodingStore(Store(path), own=True) as cs:
        old = cs.codings()
        assert len(old) == 1 and old[0].uid == "row1" and old[0].modified_at == 100.0
        assert old[0].value == {"loaded": True}


def test_session_undo_redo_and_pending_changes():
    t = iter(range(100, 200))
    sess = CodingSession("Asha", HI, clock=lambda: float(next(t)))
    s, e = span(HI, "देखें VIDEO: सड़क हादसा।")
    c1 = sess.add("offtopic", s, e, {"off_topic": True})
    c2 = sess.set("offtopic", s, e, {"off_topic": True, "kind": "promo_headline"})  # same span: an edit
    assert [c.uid for c in sess.codings()] == [c2.uid] and c2.uid != c1.uid and c2.created_at == c1.created_at
    m = sess.add("memo", s, e, memo="प्रोमो बीच में चिपका है")
    assert [c.task for c in sess.codings()] == ["offtopic", "memo"]
    assert sess.undo() and sess.undo()
    assert [c.value for c in sess.codings()] == [{"off_topic": True, "kind": None}]
    assert sess.redo()
    assert sess.codings("offtopic")[0].value["kind"] == "promo_headline"
    sess.remove(c2.uid)
    assert not sess.can_redo()  # a new change clears redo
    assert sess.codings() == []
    assert sess.undo() and sess.codings() == [c2]
    ops = sess.take_pending()
    # add, edit (delete+put), add memo, undo memo, undo edit, redo edit, remove, undo remove
    assert [k for k, _ in ops] == [
        "put",
        "delete",
        "put",
        "put",
        "delete",
        "delete",
        "put",
        "delete",
        "put",
        "delete",
        "put",
    ]
    assert not sess.dirty
    sess.requeue(ops[:2])
    assert sess.dirty and sess.take_pending() == ops[:2]
    assert m.uid not in {c.uid for c in sess.codings()}


def test_session_replays_into_the_store(tmp_path):
    sess = CodingSession("Ben", EN)
    c = sess.add("loaded", *span(EN, "road accident"), {"loaded": True})
    sess.edit(c.uid, {"loaded": False})
    sess.undo()
    with CodingStore.open(tmp_path / "p.sqlite") as cs:
        cs.save(sess.take_pending())
        got = cs.codings()
        assert got == [c]  # after undo the store holds exactly what the session shows
        again = CodingSession("Ben", EN, cs.codings())
        assert again.codings() == [c]


def test_stale_codings_are_kept_but_not_offered():
    c = new_coding("Asha", EN, "loaded", 0, 4, {"loaded": True})
    edited = Article(EN.text + " Updated.", id="en1")
    sess = CodingSession("Asha", edited, [c])
    assert sess.codings() == [] and sess.stale() == [c]
    assert c.is_stale(edited)
