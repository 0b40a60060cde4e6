"""Rebuild every shipped model in resources/models from resources/training (``make models``).

Each model trains through the same code as ``parallax train TASK --data ...``; the model
cards record the training data's sha256, which a test checks against resources/training
so that a stale model cannot ship.
"""

from __future__ import annotations

import sys

from analysis.resources import resource_path
from analysis.training.cli import train_to

# folder in resources/models -> (task, data under resources/)
SHIPPED = {
    "offtopic": ("offtopic", ("training", "offtopic")),
    "attribution": ("attribution", ("training", "attribution", "jsonl")),
    "framing": ("framing", ("training", "framing", "policy_frames.jsonl")),
    "framing_semetko_valkenburg": ("framing", ("training", "framing", "semetko_valkenburg.jsonl")),
    "loaded": ("loaded", ("training", "loaded")),
}


def main(argv: list[str]) -> int:
    names = argv or list(SHIPPED)
    for name in names:
        task, data = SHIPPED[name]
        card = train_to(task, str(resource_path(*data)), resource_path("models", name), progress=lambda f, m, name=name: print(f"{name}: {m}", file=sys.stderr))
        print(name, card["id"], card.get("cv", {}).get("metrics", {}).get("all", card.get("cv", {}).get("metrics", {})).get("f1"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
