"""Development-time checks against ../shared/data (prints figures; skips what is absent).

    python -m tools.eval_shared offtopic [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import random

from tools import shared_data


def offtopic(model_dir: str | None, show: int) -> dict:
    from analysis.offtopic.detector import _doc_units, _lang_of
    from analysis.offtopic.metrics import score_offtopic
    from analysis.training.cli import load_task_model

    model = load_task_model("offtopic", model_dir).model
    out = {}
    stories = shared_data.hindi_covid_stories()
    if stories:
        flagged = []
        for s in stories:
            blocks, sentences, _ = _doc_units(s["text"], s["title"])
            spans, _ = model.detect(s["text"], blocks, sentences, "hi", s["title"])
            if spans:
                flagged.append((s, spans))
        out["hindi_covid"] = {"stories": len(stories), "flagged": len(flagged), "flag_rate": round(len(flagged) / len(stories), 4)}
        rnd = random.Random(0)
        for s, spans in rnd.sample(flagged, min(show, len(flagged))):
            for sp in spans:
                print(f"[covid {s['outlet']} {s['date']}] {sp.kind} {sp.score:.2f}: {s['text'][sp.start:sp.end][:140]!r}")
    pages = shared_data.extraction_pages()
    if pages:
        pairs = []
        for p in pages:
            blocks, sentences, _ = _doc_units(p["text"], p.get("title"))
            spans, _ = model.detect(p["text"], blocks, sentences, _lang_of(p["text"]), p.get("title"))
            pairs.append(([(x.start, x.end) for x in spans], [(g["start"], g["end"]) for g in p["off_topic"]]))
        out["extraction_benchmark"] = score_offtopic(pairs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=("offtopic",))
    ap.add_argument("--model-dir")
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    print(json.dumps(globals()[a.task](a.model_dir, a.show), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
