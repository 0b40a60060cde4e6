"""The model as one more coder: it codes the texts of a coding file (``model`` in
``parallax agree``), producing rows in the same training format as a human coder's.

Framing uses the model of the codebook the coder's labels belong to (a shipped
codebook's own model, or ``--model-dir``'s ``framing`` model when it was trained on
that codebook or on custom labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.models.io import ModelLoadError, load_model, model_folder


class ModelCoderError(RuntimeError):
    """No usable model for the task."""


def _framing_folder(labels: set[str], model_dir: str | None) -> Path:
    from analysis.models.io import CARD_FILE, MODEL_FILE
    from analysis.training.framing import known_codebook

    codebook, _ = known_codebook(sorted(labels)) if labels else ("policy_frames", None)
    codebook = codebook or "custom"
    if model_dir:
        p = Path(model_dir) / "framing"
        if (p / MODEL_FILE).is_file():
            import json

            try:
                card = json.loads((p / CARD_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                card = {}
            if card.get("codebook") in (codebook, "custom") or codebook == "custom":
                return p
    name = "framing" if codebook in ("policy_frames", "custom") else f"framing_{codebook}"
    return model_folder(name, model_dir)


def _load(task: str, folder: Path):
    import importlib

    mod = importlib.import_module(f"analysis.training.{task}")
    try:
        return load_model(folder, mod.ALLOWED_TYPES)
    except ModelLoadError as exc:
        raise ModelCoderError(str(exc)) from None


def model_rows(task: str, rows: Sequence[dict], model_dir: str | None = None) -> tuple[list[dict], dict]:
    """The model's coding of ``rows``' texts (ids kept) and the model's provenance."""
    if task in ("framing", "loaded"):
        labels = (
            {str(x) for r in rows for x in (r.get("labels") or []) if str(x).strip()} if task == "framing" else set()
        )
        folder = _framing_folder(labels, model_dir) if task == "framing" else model_folder("loaded", model_dir)
        loaded = _load(task, folder)
        model = loaded.model
        texts = [r["text"] for r in rows]
        P = model.predict_proba(texts) >= model.thresholds_ if texts else []
        names = list(model.labels)
        out = [_keep(r, labels=[names[j] for j in range(len(names)) if P[i][j]]) for i, r in enumerate(rows)]
        prov = {**loaded.provenance(), "codebook": loaded.card.get("codebook"), "folder": str(folder)}
        return out, prov
    if task == "offtopic":
        from analysis.offtopic.detector import _doc_units, _lang_of

        loaded = _load(task, model_folder("offtopic", model_dir))
        out = []
        for r in rows:
            text = r["text"]
            blocks, sentences, _ = _doc_units(text, r.get("title"))
            spans, _ = loaded.model.detect(text, blocks, sentences, r.get("lang") or _lang_of(text), r.get("title"))
            out.append(_keep(r, off_topic=[{"start": s.start, "end": s.end, "kind": s.kind} for s in spans]))
        return out, loaded.provenance()
    if task == "attribution":
        from analysis.training.attribution import predict_doc, validate

        loaded = _load(task, model_folder("attribution", model_dir))
        out = []
        for r, doc in zip(
            rows,
            validate(
                [{"text": r["text"], "lang": r.get("lang")} if r.get("lang") else {"text": r["text"]} for r in rows]
            ),
        ):
            atts = predict_doc(loaded.model, doc)
            out.append(
                _keep(r, attributions=[
                    {"start": a.start, "end": a.end, "source_type": a.source_type, "source_start": a.source_start, "source_end": a.source_end}
                    for a in atts
                ])
            )  # fmt: skip
        return out, loaded.provenance()
    raise ModelCoderError(f"unknown task {task!r}")


def _keep(row: dict, **coded) -> dict:
    """A row of the model's coding: the text and its identity, the model's values."""
    out = {k: row[k] for k in ("id", "text", "lang", "title", "group") if row.get(k) is not None}
    out.update(coded)
    return out
