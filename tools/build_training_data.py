"""Rebuild the generated training files from what the team wrote (``make data``).

resources/training/articles/{hi,en}/*.txt  ->  resources/training/offtopic/{lang}-NN.jsonl
(articles rendered with inserts taken from other articles; see analysis.offtopic.synth).
Deterministic: the same authored files always give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.datasets.articles import load_articles
from analysis.offtopic.synth import build_corpus
from analysis.resources import resource_path

MAX_FILE_BYTES = 1_500_000


def write_chunks(rows: list[dict], folder: Path, prefix: str) -> list[Path]:
    for old in folder.glob(f"{prefix}-*.jsonl"):
        old.unlink()
    paths, buf, size, n = [], [], 0, 1
    for r in rows:
        line = json.dumps(r, ensure_ascii=False) + "\n"
        if buf and size + len(line.encode()) > MAX_FILE_BYTES:
            p = folder / f"{prefix}-{n:02d}.jsonl"
            p.write_text("".join(buf), encoding="utf-8")
            paths.append(p)
            buf, size, n = [], 0, n + 1
        buf.append(line)
        size += len(line.encode())
    if buf:
        p = folder / f"{prefix}-{n:02d}.jsonl"
        p.write_text("".join(buf), encoding="utf-8")
        paths.append(p)
    return paths


def build_offtopic() -> list[Path]:
    arts = load_articles(resource_path("training", "articles"))
    rows = build_corpus(arts, variants=4)
    folder = resource_path("training", "offtopic")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for lang in ("hi", "en"):
        out += write_chunks([r for r in rows if r["lang"] == lang], folder, lang)
    return out


def build_attribution() -> list[Path]:
    from analysis.datasets.markup import load_passages

    folder = resource_path("training", "attribution", "jsonl")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for lang in ("hi", "en"):
        rows = [p.to_record() for p in load_passages(resource_path("training", "attribution", lang))]
        out += write_chunks(rows, folder, lang)
    return out


def build_framing() -> list[Path]:
    """resources/training/framing/{hi,en}/*.jsonl (pfc + sv labels) -> one contract file
    per codebook with ``labels``."""
    rows = []
    for f in sorted(resource_path("training", "framing").glob("*/*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    out = []
    for name, key in (("policy_frames", "pfc"), ("semetko_valkenburg", "sv")):
        p = resource_path("training", "framing", f"{name}.jsonl")
        p.write_text(
            "".join(json.dumps({"id": r["id"], "lang": r["lang"], "topic": r["topic"], "text": r["text"], "labels": r[key]}, ensure_ascii=False) + "\n" for r in rows),
            encoding="utf-8",
        )
        out.append(p)
    return out


def main() -> None:
    for p in build_offtopic() + build_attribution() + build_framing():
        print(p)


if __name__ == "__main__":
    main()
