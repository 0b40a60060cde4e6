"""The loaded-language lexicons (resources/lexicons/loaded_{en,hi}.tsv)."""

from __future__ import annotations

from functools import lru_cache

from analysis.resources import resource_path


@lru_cache(maxsize=2)
def loaded_lexicon(lang: str) -> dict[str, tuple[str, int]]:
    """term -> (category, weight 1..3)."""
    path = resource_path("lexicons", f"loaded_{lang}.tsv")
    out = {}
    if not path.is_file():
        return out
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if i == 0 or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            try:
                out[parts[0].strip()] = (parts[1].strip(), int(parts[2]))
            except ValueError:
                continue
    return out


def loaded_terms() -> list[str]:
    return sorted(set(loaded_lexicon("en")) | set(loaded_lexicon("hi")))
