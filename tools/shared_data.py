"""Readers for the development-time evaluation data in ../shared/data (never copied into
the repository, never used for training).  Every function returns [] when the data is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def hindi_covid_stories(min_words: int = 60) -> list[dict]:
    """The day files split into stories at headline lines, duplicates dropped.

    A day file is blocks separated by blank lines; a block that is a single short line
    without a danda, followed by a body block, starts a new story."""
    rows = _jsonl(SHARED / "hindi_covid_news_5outlets" / "hindi_covid_news_daily.jsonl")
    out, seen = [], set()
    for r in rows:
        blocks = [b.strip() for b in re.split(r"\n\s*\n", r["text"]) if b.strip()]
        pieces: list[tuple[str, list[str]]] = []
        for b in blocks:
            one_line = "\n" not in b
            if one_line and len(b.split()) <= 30 and "।" not in b:
                pieces.append((b, []))
            elif pieces:
                pieces[-1][1].append(b)
        for title, story in pieces:
            body = "\n".join(story)
            key = re.sub(r"\s+", " ", body)[:400]
            if story and len(body.split()) >= min_words and key not in seen:
                seen.add(key)
                out.append({"outlet": r["outlet"], "date": r["date"], "title": title, "text": title + "\n" + body})
    return out


def extraction_pages() -> list[dict]:
    """Pages of the article-extraction benchmark as article-like texts: the blocks from the
    first to the last block of the gold article body, one per line, with the blocks that are
    not in the gold body inside that range as gold off-topic spans."""
    rows = _jsonl(SHARED / "article_extraction_benchmark" / "page_text_blocks.jsonl")
    out = []
    for r in rows:
        blocks = r["blocks"]
        idx = [i for i, b in enumerate(blocks) if b.get("in_gold_body")]
        if not idx:
            continue
        parts, spans, pos = [], [], 0
        for b in blocks[idx[0] : idx[-1] + 1]:
            t = " ".join(b["text"].split())
            if not t:
                continue
            if parts:
                parts.append("\n")
                pos += 1
            if not b.get("in_gold_body"):
                spans.append({"start": pos, "end": pos + len(t), "kind": "boilerplate"})
            parts.append(t)
            pos += len(t)
        text = "".join(parts)
        out.append({"id": r["id"], "title": r.get("html_title"), "text": text, "off_topic": spans, "lang": "en"})
    return out


def polnear(split: str = "dev") -> list[dict]:
    return [r for r in _jsonl(SHARED / "polnear_train_dev" / "polnear_train_dev.jsonl") if r.get("split") == split]


def climate_frames() -> list[dict]:
    """narrative_framing_climate as contract framing rows (labels = the five frames that
    are True), grouped by outlet (``topic`` = the outlet, for grouped folds)."""
    import csv

    path = SHARED / "narrative_framing_climate" / "articles_frames.csv"
    if not path.is_file():
        return []
    csv.field_size_limit(10**9)
    out = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            labels = [k.replace("frame_", "") for k in r if k.startswith("frame_") and r[k].strip().startswith("True")]
            if not r["text"].strip() or not any(r[k].strip() for k in r if k.startswith("frame_")):
                continue
            out.append({"id": r["id"], "text": r["text"], "labels": labels, "lang": "en", "topic": r["source"].lower().replace(" ", "")})
    return out


def polnear_records(split: str = "dev") -> list[dict]:
    """PolNeAR articles as contract attribution records: cue spans (the hull of a
    discontinuous cue) and source spans (hull) from the first annotator."""
    out = []
    for r in polnear(split):
        anns = r.get("attributions_by_annotator") or {}
        if not anns:
            continue
        atts = []
        for a in anns[sorted(anns)[0]]:
            cue = a.get("cue") or {}
            if not cue.get("spans"):
                continue
            cs = min(s[0] for s in cue["spans"])
            ce = max(s[1] for s in cue["spans"])
            rec = {"start": cs, "end": ce}
            src = a.get("source") or {}
            if src.get("spans"):
                rec["source_start"] = min(s[0] for s in src["spans"])
                rec["source_end"] = max(s[1] for s in src["spans"])
            atts.append(rec)
        out.append({"id": r.get("filename"), "text": r["text"], "attributions": atts, "lang": "en"})
    return out
