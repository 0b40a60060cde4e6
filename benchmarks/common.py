"""Shared helpers for the benchmark scripts: corpora and timing."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from analysis.ingest import read_inputs
from analysis.model import Article
from analysis.samples import sample_paths

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "shoigu-pyongyang-hi.txt"


def sample_articles() -> list[Article]:
    return [a for a in read_inputs([str(p) for p in sample_paths()])]


def corpus(n: int) -> tuple[list[Article], str]:
    """``n`` real-ish articles: stories split out of the shared Hindi COVID corpus when
    present, else the sample story with shuffled paragraphs (distinct texts)."""
    try:
        from tools.shared_data import hindi_covid_stories

        stories = hindi_covid_stories()
    except Exception:  # the shared data is optional
        stories = []
    if len(stories) >= n:
        return [Article(text=s["text"], title=s["title"], outlet=s["outlet"]).with_default_id() for s in stories[:n]], "hindi_covid_5outlets stories"
    base = sample_articles()
    rnd = random.Random(0)
    out = []
    while len(out) < n:
        a = base[len(out) % len(base)]
        lines = a.text.split("\n")
        body = lines[1:]
        rnd.shuffle(body)
        out.append(Article(text="\n".join([lines[0]] + body) + f"\n({len(out)})", title=a.title).with_default_id())
    return out, "sample story, paragraphs shuffled"


def timed(fn, repeat: int = 20) -> dict:
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(ts), 2), "p90_ms": round(sorted(ts)[int(0.9 * (len(ts) - 1))], 2)}
