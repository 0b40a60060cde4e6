"""Saving and loading models: ``skops`` files with a JSON model card beside them.

Layout of a model folder (shipped: ``resources/models/<task>/``; trained by a
researcher: ``<--out>/<task>/``)::

    model.skops   the estimator (skops format, never plain pickle)
    card.json     id, task, sha256 of model.skops, training-data sha256, library
                  versions, cross-validated metrics, training unit, codebook...

Loading refuses any type outside the task's allow-list and says which; a
scikit-learn version different from the one that trained the model is reported.
"""

from __future__ import annotations

import hashlib
import json
import platform
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis.resources import resource_path

MODEL_FILE = "model.skops"
CARD_FILE = "card.json"


class ModelLoadError(RuntimeError):
    """A model file is missing, tampered with, or contains types we do not trust."""


@dataclass
class LoadedModel:
    model: object
    card: dict
    warnings: list[str] = field(default_factory=list)

    def provenance(self) -> dict:
        out = {"id": self.card.get("id"), "sha256": self.card.get("sha256"), "training_data_sha256": self.card.get("training_data_sha256")}
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def data_sha256(paths: list[Path]) -> str:
    """Hash of training data: the files' bytes in sorted path order (names excluded)."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.as_posix()):
        h.update(file_sha256(p).encode())
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("scikit-learn", "numpy", "scipy", "skops"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "unknown"
    return out


def save_model(model: object, folder: Path, card: dict) -> dict:
    import skops.io as sio

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MODEL_FILE
    tmp = folder / (MODEL_FILE + ".part")
    sio.dump(model, tmp, compression=zipfile.ZIP_DEFLATED)
    tmp.replace(path)
    card = dict(card)
    card["sha256"] = file_sha256(path)
    card["libraries"] = library_versions()
    card.setdefault("id", f"{card.get('task', 'model')}-{card['sha256'][:12]}")
    (folder / CARD_FILE).write_text(json.dumps(card, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return card


def load_model(folder: Path, allowed: tuple[str, ...]) -> LoadedModel:
    import skops.io as sio

    path = folder / MODEL_FILE
    card_path = folder / CARD_FILE
    if not path.is_file():
        raise ModelLoadError(f"{path}: no model file")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"{card_path}: missing or unreadable model card ({exc.__class__.__name__})") from None
    digest = file_sha256(path)
    if card.get("sha256") and card["sha256"] != digest:
        raise ModelLoadError(f"{path}: file does not match its model card (sha256 differs): refusing a modified model")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # skops raises several types for a corrupt file
        raise ModelLoadError(f"{path}: not a readable skops model ({exc.__class__.__name__})") from None
    bad = [t for t in untrusted if t not in allowed]
    if bad:
        raise ModelLoadError(f"{path}: refusing to load untrusted types: {', '.join(sorted(bad))}")
    try:
        model = sio.load(path, trusted=[t for t in untrusted if t in allowed])
    except Exception as exc:
        raise ModelLoadError(f"{path}: could not load the model ({exc.__class__.__name__}: {exc})") from None
    warnings = []
    trained = (card.get("libraries") or {}).get("scikit-learn")
    now = library_versions()["scikit-learn"]
    if trained and trained != now:
        warnings.append(f"model trained with scikit-learn {trained}, running {now}: retrain with 'parallax train' if results look wrong")
    return LoadedModel(model, card, warnings)


def model_folder(task: str, model_dir: str | None) -> Path:
    """``model_dir/task`` when it exists there, else the shipped model."""
    if model_dir:
        p = Path(model_dir) / task
        if (p / MODEL_FILE).is_file():
            return p
    return resource_path("models", task)
