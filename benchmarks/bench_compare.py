"""Comparison and grouping at scale.

* compare a story of 50 analysed articles (target < 2 s);
* group 1,000 and 10,000 analysed articles (targets < 5 s and < 60 s), and the growth
  from 1,000 to 10,000 (should be about n log n, never all pairs of sentences);
* ``parallax group`` end to end on 1,000 raw files.

Analysed articles come from the sample story, the project's own training articles and,
when present, stories split out of ../shared/data/hindi_covid_news_5outlets.  Larger
libraries reuse them with a random subset of paragraphs left out per copy (so copies
differ), without re-running the analysis.

    python -m benchmarks.bench_compare [--max 10000]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, sample_articles


def base_analyses(limit: int = 1500):
    from analysis.datasets.articles import load_articles
    from analysis.model import Article
    from analysis.resources import resource_path

    arts = list(sample_articles())
    for a in load_articles(resource_path("training", "articles")):
        arts.append(Article(text=a.title + "\n" + "\n".join(a.paragraphs), title=a.title).with_default_id())
    try:
        from tools.shared_data import hindi_covid_stories

        for s in hindi_covid_stories():
            arts.append(Article(text=s["text"], title=s["title"], outlet=s["outlet"]).with_default_id())
    except Exception:  # optional data
        pass
    arts = arts[:limit]
    t0 = time.perf_counter()
    from analysis.batch import run_batch
    from analysis.serialize import analysis_from_dict
    from analysis.store import Store

    with Store(Path(tempfile.gettempdir()) / "parallax-bench-cache.sqlite") as cache:
        out = [analysis_from_dict(item.result) for item in run_batch(arts, cache=cache, jobs=2)]
    return out, time.perf_counter() - t0


def variants(base, n: int, seed: int = 0):
    """``n`` analyses: the base ones, then copies with some paragraphs left out."""
    rnd = random.Random(seed)
    out = list(base[:n])
    k = 0
    while len(out) < n:
        a = base[k % len(base)]
        k += 1
        segs = tuple(dataclasses.replace(s, off_topic=s.off_topic or (s.kind == "paragraph" and rnd.random() < 0.3)) for s in a.segments)
        art = dataclasses.replace(a.article, id=f"{a.id}-v{k}")
        out.append(dataclasses.replace(a, segments=segs, article=art))
    return out


def time_it(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return round(time.perf_counter() - t0, 3)


def main(argv=None) -> dict:
    from analysis.compare import group_articles, run_comparison

    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=int, default=10000)
    a = ap.parse_args(argv)
    base, analyse_s = base_analyses()
    res = {"base_articles": len(base), "analyse_base_s": round(analyse_s, 1)}
    story = variants(base[:5], 50)
    res["compare_50_s"] = time_it(lambda: run_comparison(story))
    for n in (1000, a.max):
        lib = variants(base, n)
        res[f"group_{n}_s"] = time_it(lambda lib=lib: group_articles(lib))
    if f"group_{a.max}_s" in res and res["group_1000_s"]:
        res["growth_10x"] = round(res[f"group_{a.max}_s"] / res["group_1000_s"], 2)
    # end to end on raw files
    tmp = Path(tempfile.mkdtemp())
    for i, an in enumerate(variants(base, 1000)):
        (tmp / f"a{i:04d}.txt").write_text(an.text, encoding="utf-8")
    env = dict(os.environ, PARALLAX_DATA_DIR=tempfile.mkdtemp())
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis.cli", "group", str(tmp), "--format", "json"], cwd=ROOT, env=env, capture_output=True, check=True)
    res["group_1000_raw_files_end_to_end_s"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
