"""The bundled sample story (``resources/samples/story``): fictional outlets, written for
Parallax.  ``resources/samples`` also holds its README and the hand-made alignment."""

from __future__ import annotations

from pathlib import Path

from analysis.resources import resource_path


def samples_dir() -> Path:
    return resource_path("samples")


def story_dir() -> Path:
    return resource_path("samples", "story")


def sample_paths() -> list[Path]:
    return sorted(story_dir().glob("*.txt"))
