"""Foundation and per-feature costs: the foundation alone (warm latency on the seed and
cold start, the targets of the foundation issue), warm latency and cold start of the whole
analysis, throughput with --jobs 1/2, peak memory, and the cost of each step on a
~3,000-character article.

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


def foundation(article) -> tuple:
    """What the foundation issue computes, without any trained model: language, blocks,
    sentences, segments, dates, entities, figures, readability and contradictions."""
    from analysis.facts.consistency import find_inconsistencies
    from analysis.facts.dates import extract_dates
    from analysis.facts.entities import extract_entities
    from analysis.facts.figures import extract_figures
    from analysis.language import detect_language
    from analysis.pipeline import build_segments
    from analysis.readability import readability
    from analysis.segment import structure

    text = article.text
    lang = detect_language(text, article.language)
    blocks = structure(text, article.title)
    segments, sentences = build_segments(text, blocks, [], {})
    spans = [(s.start, s.end) for s in segments if not s.off_topic]
    dates = extract_dates(text, spans, article.date)
    entities = extract_entities(text, spans)
    figures = extract_figures(text, spans, [(d.start, d.end) for d in dates])
    read = readability(lang.language, [text[s.start : s.end] for s in sentences])
    found = find_inconsistencies(text, [(s.start, s.end) for s in sentences], entities, dates, figures)
    return lang, segments, sentences, dates, entities, figures, read, found


_FOUNDATION_CHILD = """
import sys
from analysis.ingest import read_inputs
from benchmarks.bench_analyze import foundation
art = next(read_inputs([sys.argv[1]]))
print(len(foundation(art)[2]))
"""


def foundation_costs(path: Path) -> dict:
    """Warm latency of the foundation on the seed, and the cold start of a process that
    reads one file and runs the foundation on it."""
    from analysis.ingest import read_inputs

    art = next(read_inputs([str(path)]))
    foundation(art)
    ts = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", _FOUNDATION_CHILD, str(path)], cwd=ROOT, capture_output=True, check=True)
        ts.append(time.perf_counter() - t0)
    return {"file": path.name, "warm": timed(lambda: foundation(art), repeat=50), "cold_start_s": round(min(ts), 3)}


def article_of_about(lang: str, chars: int = 3000):
    """A ~``chars``-character article in ``lang`` made of whole paragraphs of the sample
    story's articles in that language (one story, so nothing in it is off-topic)."""
    from analysis.model import Article

    arts = [a for a in sample_articles() if a.id.startswith(f"sample-{lang}")]
    head = arts[0].text.split("\n", 1)[0]
    paras = [p for a in arts for p in a.text.split("\n")[1:] if p.strip()]
    body: list[str] = []
    while paras and len(head) + sum(len(p) + 1 for p in body) < chars:
        body.append(paras.pop(0))
    return Article(text=head + "\n" + "\n".join(body) + "\n", title=head, language=lang).with_default_id()


def _steps_for(lang: str, models) -> dict:
    from analysis.pipeline import Settings, analyze_article
    from analysis.segment import split_sentences, structure

    a = article_of_about(lang)
    r = analyze_article(a)
    blocks = structure(a.text)
    rough = [(s, e, bi) for bi, b in enumerate(blocks) for s, e in split_sentences(a.text, b.start, b.end)]
    view = {i for i, s in enumerate(r.segments) if not s.off_topic}
    segs, sents = list(r.segments), list(r.sentences)
    return {
        "article_chars": len(a.text),
        "offtopic": timed(lambda: models.offtopic.detect(a.text, blocks, rough, lang, None, Settings())),
        "attribution": timed(lambda: models.attribution.extract(a.text, lang, segs, sents, view, [])),
        "framing": timed(lambda: models.framing.score(a.text, lang, segs, sorted(view), [])),
        "loaded_language": timed(lambda: models.loaded.find(a.text, lang, segs, sents, view, [])),
        "whole_analysis": timed(lambda: analyze_article(a)),
    }


def step_costs() -> dict:
    """Cost of each step on ~3,000-character articles, Hindi and English."""
    from analysis.models import ModelSet

    models = ModelSet.load()
    return {lang: _steps_for(lang, models) for lang in ("hi", "en")}


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
    res = {"foundation": foundation_costs(SEED if SEED.exists() else sample_paths()[0])}
    res |= {"warm": warm_latency(), "steps": step_costs()}
    res["cold"] = cold_start(SEED if SEED.exists() else sample_paths()[0])
    res["throughput"] = throughput(a.n)
    print(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
