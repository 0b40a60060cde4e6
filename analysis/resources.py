"""One way to reach ``resources/``, from the source tree and from a PyInstaller bundle."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


@lru_cache(maxsize=64)
def load_json(*parts: str):
    """A JSON resource, read once per process."""
    return json.loads(resource_path(*parts).read_text(encoding="utf-8"))


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows
