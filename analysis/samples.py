"""The bundled sample story (``resources/samples``): fictional outlets, written for Parallax."""

from __future__ import annotations

from pathlib import Path

from analysis.resources import resource_path


def samples_dir() -> Path:
    return resource_path("samples")


def sample_paths() -> list[Path]:
    return sorted(p for p in samples_dir().glob("*.txt"))
