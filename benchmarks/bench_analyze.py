"""Foundation and per-feature costs: warm latency, cold start, throughput with --jobs 1/2,
peak memory, and the cost of each step on a ~3,000-character article.

    python -m benchmarks.bench_analyze [--n 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.samples import sample_paths
from benchmarks.common import ROOT, SEED, corpus, sample_articles, timed


def warm_latency() -> dict:
    from analysis.ingest import read_inputs
    from analysis.pipeline import analyze_article

    out = {}
    if SEED.exists():
        seed = next(read_inputs([str(SEED)]))
        analyze_article(seed)
        out["seed_warm"] = timed(lambda: analyze_article(seed))
    for a in sample_articles()[:2]:
        analyze_article(a)
        out[f"sample_{a.id}_warm"] = timed(lambda a=a: analyze_article(a))
    return out


def step_costs() -> dict:
    """Cost of off-topic detection and attribution on a ~3,000-character article."""
    from analysis.models import ModelSet
    from analysis.pipeline import Settings, analyze_article
    from analysis.segment import split_sentences, structure

    arts = sorted(sample_articles(), key=lambda a: abs(len(a.text) - 3000))
    a = arts[0]
    models = ModelSet.load()
    r = analyze_article(a)
    blocks = structure(a.text)
    rough = [(s, e, bi) for bi, b in enumerate(blocks) for s, e in split_sentences(a.text, b.start, b.end)]
    view = {i for i, s in enumerate(r.segments) if not s.off_topic}
    lang = r.language.language
    return {
        "article_chars": len(a.text),
        "offtopic": timed(lambda: models.offtopic.detect(a.text, blocks, rough, lang, None, Settings())),
        "attribution": timed(lambda: models.attribution.extract(a.text, lang, list(r.segments), list(r.sentences), view, [])),
        "framing": timed(lambda: models.framing.score(a.text, lang, list(r.segments), sorted(view), [])),
        "loaded_language": timed(lambda: models.loaded.find(a.text, lang, list(r.segments), list(r.sentences), view, [])),
        "whole_analysis": timed(lambda: analyze_article(a)),
    }


def cold_start(path: Path) -> dict:
    ts = []
    env = dict(os.environ, PARALLAX_DATA_DIR=tempfile.mkdtemp())
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis.cli", "analyze", str(path), "--format", "json", "--no-cache"], cwd=ROOT, env=env, capture_output=True, check=True)
        ts.append(time.perf_counter() - t0)
    return {"cold_start_s": round(min(ts), 3), "runs_s": [round(t, 3) for t in ts]}


def throughput(n: int) -> dict:
    arts, what = corpus(n)
    tmp = Path(tempfile.mkdtemp())
    table = tmp / "corpus.jsonl"
    with open(table, "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")
    out = {"articles": len(arts), "corpus": what}
    for jobs in (1, 2):
        env = dict(os.environ, PARALLAX_DATA_DIR=tempfile.mkdtemp())
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "analysis.cli", "analyze", str(table), "--format", "jsonl", "--out", str(tmp / f"out{jobs}.jsonl"), "--jobs", str(jobs), "--no-cache"],
            cwd=ROOT, env=env, capture_output=True, check=True,
        )
        dt = time.perf_counter() - t0
        out[f"jobs{jobs}_s"] = round(dt, 2)
        out[f"jobs{jobs}_articles_per_s"] = round(len(arts) / dt, 1)
    out["peak_rss_mb_children"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    a = ap.parse_args(argv)
    res = {"warm": warm_latency(), "steps": step_costs()}
    res["cold"] = cold_start(SEED if SEED.exists() else sample_paths()[0])
    res["throughput"] = throughput(a.n)
    print(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
