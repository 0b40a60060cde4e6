"""Alignment of the sample story against the hand-made expected_alignment.json."""

from __future__ import annotations

import json

from analysis.compare.expected import load_expected, score_alignment
from analysis.compare.story import run_comparison
from analysis.ingest import read_inputs
from analysis.pipeline import analyze_article
from analysis.samples import sample_paths, samples_dir


def main() -> None:
    paths = sample_paths()
    arts = [a for a in read_inputs([str(p) for p in paths])]
    names = [p.stem for p in paths]
    analyses = [analyze_article(a) for a in arts]
    comp = run_comparison(analyses)
    expected = load_expected(samples_dir() / "expected_alignment.json", {n: a.text for n, a in zip(names, arts)})
    print(json.dumps(score_alignment(comp, names, expected), indent=1))


if __name__ == "__main__":
    main()
