"""Rebuild every shipped model in resources/models from resources/training (``make models``).

Each task trains through the same code as ``parallax train TASK --data ... --out resources/models``;
the model cards record the training data's sha256, which a test checks against
resources/training so a stale model cannot ship.
"""

from __future__ import annotations

import sys

from analysis.cli import main as cli_main
from analysis.resources import resource_path

SHIPPED = {
    "offtopic": ("training", "offtopic"),
    "attribution": ("training", "attribution", "jsonl"),
    "framing": ("training", "framing", "policy_frames.jsonl"),
    "loaded": ("training", "loaded"),
}


def main(argv: list[str]) -> int:
    tasks = argv or list(SHIPPED)
    out = str(resource_path("models"))
    for task in tasks:
        data = str(resource_path(*SHIPPED[task]))
        code = cli_main(["train", task, "--data", data, "--out", out])
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
