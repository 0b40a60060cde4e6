"""``parallax group`` and ``parallax compare`` (contract: parallax.stories/1, parallax.comparison/1)."""

from __future__ import annotations

import json
import sys

from analysis.cli import exit_status, read_articles
from analysis.model import Comparison

STORIES_SCHEMA = "parallax.stories/1"
COMPARISON_SCHEMA = "parallax.comparison/1"


def analyse_inputs(args):
    """Articles of the inputs analysed (cached) as result values, and the problems."""
    from analysis.batch import run_batch
    from analysis.pipeline import Settings
    from analysis.serialize import analysis_from_dict
    from analysis.store import Store, StoreError

    articles, problems = read_articles(args.paths)
    if not articles:
        return [], [], problems
    settings = Settings(model_dir=getattr(args, "model_dir", None))
    try:
        cache = Store.default()
    except (StoreError, OSError):
        cache = None
    try:
        dicts = [item.result for item in run_batch(articles, settings, cache=cache)]
    finally:
        if cache is not None:
            cache.close()
    return [analysis_from_dict(d) for d in dicts], dicts, problems


def comparison_dict(c: Comparison) -> dict:
    def nan(x):
        return None if x != x else x

    return {
        "schema": COMPARISON_SCHEMA,
        "articles": [{"id": a.id, "path": a.path, "outlet": a.outlet, "language": a.language, "title": a.title} for a in c.articles],
        "alignments": [{"a": x.a, "a_start": x.a_start, "a_end": x.a_end, "b": x.b, "b_start": x.b_start, "b_end": x.b_end, "score": x.score} for x in c.alignments],
        "unique": [{"article": u.article, "start": u.start, "end": u.end, "best_score": u.best_score} for u in c.unique],
        "duplicates": [list(d) for d in c.duplicates],
        "figures": [
            {
                "about": g.about,
                "unit": g.unit,
                "disagree": g.disagree,
                "values": [{"article": v.article, "start": v.start, "end": v.end, "value": v.value, "qualifier_kind": v.qualifier_kind, "source": v.source} for v in g.values],
            }
            for g in c.figures
        ],
        "dates": [
            {"about": g.about, "disagree": g.disagree, "values": [{"article": v.article, "start": v.start, "end": v.end, "value": v.value} for v in g.values]}
            for g in c.dates
        ],
        "contradictions": [
            {"kind": x.kind, "explanation": x.explanation, "spans": [{"article": s.article, "start": s.start, "end": s.end} for s in x.spans]} for x in c.contradictions
        ],
        "frames": [{"article": i, "distribution": d} for i, d in c.frames],
        "frame_divergence": [[nan(v) for v in row] for row in c.frame_divergence],
        "attribution": [{"article": i, "profile": _profile(p)} for i, p in c.attribution],
        "shared_claims": [
            {"spans": [{"article": s.article, "start": s.start, "end": s.end, "source_type": s.source_type, "source": s.source} for s in sc.spans]}
            for sc in c.shared_claims
        ],
    }


def _profile(p):
    from analysis.serialize import _profile as prof

    return prof(p)


def cmd_compare(args) -> int:
    from analysis.compare.story import run_comparison

    analyses, dicts, problems = analyse_inputs(args)
    if not analyses:
        return 2
    comp = run_comparison(analyses, collapse_duplicates=not getattr(args, "keep_duplicates", False))
    d = comparison_dict(comp)
    if args.xlsx:
        from analysis.export.cli import export_comparison

        status = export_comparison(dicts, d, args.xlsx)
        if status:
            return status
    if args.format == "json":
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    else:
        from analysis.compare.report import comparison_report

        sys.stdout.write(comparison_report(comp, analyses) + "\n")
    return exit_status(len(analyses), len(problems))


def cmd_group(args) -> int:
    from analysis.compare.grouping import group_articles, story_label

    analyses, _dicts, problems = analyse_inputs(args)
    if not analyses:
        return 2
    groups = group_articles(analyses)
    stories = []
    for k, members in enumerate(groups):
        stories.append(
            {
                "id": f"story-{k + 1}",
                "label": story_label([analyses[i] for i in members]),
                "articles": [{"id": analyses[i].id, "path": analyses[i].article.path, "row": analyses[i].article.row} for i in members],
            }
        )
    if args.format == "json":
        sys.stdout.write(json.dumps({"schema": STORIES_SCHEMA, "stories": stories}, ensure_ascii=False, indent=1) + "\n")
    else:
        for s in stories:
            print(f"{s['id']}: {s['label']} ({len(s['articles'])} articles)")
            for a in s["articles"]:
                print(f"  {a['path']}{'#row' + str(a['row'] + 1) if a['row'] is not None else ''}")
    return exit_status(len(analyses), len(problems))
