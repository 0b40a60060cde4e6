"""The two tables that make an export citable: Variables (what every column means) and
Provenance (which app, models, codebook, settings and input files produced it).

Analyses in one export may come from different runs (a cache filled by an older model,
a custom ``--model-dir``), so provenance is listed per distinct analysis provenance,
and each Summary row names its ``provenance_id``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import sys
from collections.abc import Iterator
from pathlib import Path

from analysis import __version__
from analysis.export.columns import INTEGER, MIXED, STRING, TEXT, Column, RowSource, Table, after_all
from analysis.export.tables import ExportContext, provenance_id

EXPORT_SCHEMA = "parallax.export/1"


def variables(tables: list[Table]) -> Table:
    cols = (
        Column(
            "sheet", STRING, "Sheet name in the workbook (a sheet past Excel's row limit continues on <sheet>_2, ...)."
        ),
        Column("table", STRING, "Name of the same table in CSV (<table>.csv) and JSON (tables.<table>)."),
        Column("position", INTEGER, "Column position in the sheet (1 = column A)."),
        Column("column", STRING, "Column name (ASCII snake_case)."),
        Column(
            "type",
            STRING,
            "Value type.",
            allowed="text, string, integer, number, share, score, boolean, date, number_or_text",
        ),
        Column("unit", STRING, "Unit of the values."),
        Column("allowed_values", STRING, "Values the column may take, when it is a closed set."),
        Column("meaning", STRING, "What the column means."),
        Column("sheet_description", STRING, "What one row of the sheet is."),
    )
    holder: list[Table] = []

    def rows() -> Iterator[list]:
        for t in [*tables, *holder]:
            for i, c in enumerate(t.columns, 1):
                yield [t.sheet, t.key, i, c.name, c.type, c.unit or None, c.allowed or None, c.meaning, t.description]

    table = Table(
        "variables",
        "Variables",
        "One row per column of every sheet: meaning, type, unit, allowed values.",
        cols,
        after_all(rows),
    )
    holder.append(table)
    return table


def _flatten(prefix: str, value, out: list[tuple[str, object]], depth: int = 0) -> None:
    if isinstance(value, dict) and depth < 4:
        for k in sorted(value, key=str):
            _flatten(f"{prefix}.{k}" if prefix else str(k), value[k], out, depth + 1)
    elif isinstance(value, list | tuple):
        out.append(
            (
                prefix,
                "; ".join(str(v) for v in value)
                if all(not isinstance(v, dict | list) for v in value)
                else json.dumps(value, ensure_ascii=False, default=str),
            )
        )
    elif isinstance(value, dict):
        out.append((prefix, json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)))
    else:
        out.append((prefix, value))


def file_sha256(path: str | None) -> str | None:
    """sha256 of an input file's bytes (None when it is gone, or standard input)."""
    if not path or path == "-":
        return None
    p = Path(path)
    try:
        if not p.is_file():
            return None
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def model_card(task: str, sha256: str | None, model_dir: str | None) -> dict | None:
    """The model card of the model that was used: only a card whose sha256 matches the
    hash recorded in the analysis, so metrics of another model are never reported."""
    from analysis.resources import resource_path

    if not sha256:
        return None
    places = [Path(model_dir) / task / "card.json"] if model_dir else []
    places.append(resource_path("models", task, "card.json"))
    for p in places:
        try:
            card = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(card, dict) and card.get("sha256") == sha256:
            return card
    return None


def codebook_info(codebook_id: str) -> list[tuple[str, object]]:
    from analysis.resources import resource_path

    p = resource_path("codebooks", f"{codebook_id}.json")
    try:
        raw = p.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return [("file", "not found among the shipped codebooks (a researcher's own codebook)")]
    return [
        ("name", data.get("name")),
        ("version", data.get("version")),
        ("citation", data.get("citation")),
        ("frames", len(data.get("frames") or [])),
        ("file", f"resources/codebooks/{p.name}"),
        ("sha256", hashlib.sha256(raw).hexdigest()),
    ]


def _export_libraries() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("openpyxl", "lxml"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def provenance(ctx: ExportContext) -> Table:
    cols = (
        Column(
            "section", STRING, "Group of the entry.", allowed="export, writer, analysis, model, codebook, input_file"
        ),
        Column("name", STRING, "What the entry records (dotted for nested values, e.g. settings.include_off_topic)."),
        Column("value", MIXED, "The recorded value."),
        Column(
            "provenance_id",
            STRING,
            "For analysis and model entries: the provenance they belong to (Summary.provenance_id).",
        ),
        Column("article_id", STRING, "For input files: the article read from the file."),
        Column("detail", TEXT, "Further detail (input file path, model-card source)."),
    )
    opts = ctx.options

    def source() -> RowSource:
        # gathered while the analyses pass by; written after all of them, when the
        # writer's counts (cells cut, characters replaced) are known too
        variants: dict[str, list] = {}
        inputs: list[list] = []
        hashes: dict[str | None, str | None] = {}

        def article(a: dict) -> tuple:
            pid = provenance_id(a.get("provenance"))
            variants.setdefault(pid, [a.get("provenance") or {}, 0])[1] += 1
            path = a.get("path")
            if path not in hashes:
                hashes[path] = file_sha256(path)
            text_hash = hashlib.sha256((a.get("text") or "").encode("utf-8")).hexdigest()
            where = f"{path} row {a['row']}" if a.get("row") is not None else path
            inputs.append(["input_file", "file_sha256", hashes[path], None, a.get("id"), where])
            inputs.append(["input_file", "text_sha256", text_hash, None, a.get("id"), where])
            return ()

        def tail() -> Iterator[list]:
            yield from _export_rows(ctx)
            codebooks = set(ctx.codebooks)
            for pid, (prov, n) in variants.items():
                yield ["analysis", "articles", n, pid, None, None]
                flat: list[tuple[str, object]] = []
                _flatten("", {k: v for k, v in prov.items() if k != "models"}, flat)
                for name, value in flat:
                    yield ["analysis", name, value, pid, None, None]
                if prov.get("codebook"):
                    codebooks.add(prov["codebook"])
                yield from _model_rows(prov.get("models") or {}, pid, opts.model_dir)
            for cb in sorted(codebooks):
                for name, value in codebook_info(cb):
                    yield ["codebook", f"{cb}.{name}", value, None, None, None]
            yield from inputs

        return RowSource(article=article, tail=tail)

    return Table(
        "provenance",
        "Provenance",
        "What produced this export: app, models with hashes and metrics, codebook, settings, input files.",
        cols,
        source,
        analyses=ctx.each,
    )


def _export_rows(ctx: ExportContext) -> Iterator[list]:
    opts = ctx.options
    when = opts.exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    export = [
        ("schema", EXPORT_SCHEMA),
        ("app_version", __version__),
        ("exported_at", when.isoformat()),
        ("platform", platform.platform()),
        ("python", sys.version.split()[0]),
        ("articles", ctx.n_articles),
        ("comparison", "given" if ctx.comparison else "none (comparison sheets have headers only)"),
        ("excel_safe", opts.excel_safe),
        ("max_rows_per_sheet", opts.max_rows_per_sheet),
        *[(f"library.{k}", v) for k, v in _export_libraries().items()],
        *[(f"settings.{k}", v) for k, v in sorted(opts.settings.items())],
    ]
    for name, value in export:
        yield ["export", name, value, None, None, None]
    for pol in ctx.policies:
        for name, value in pol.summary().items():
            yield ["writer", name, value, None, None, _writer_detail(name)]
        for name, value in getattr(pol, "notes", []):
            yield ["writer", name, value, None, None, None]


def _model_rows(models: dict, pid: str, model_dir: str | None) -> Iterator[list]:
    if not models:
        yield ["model", "none", "no trained model was recorded for this analysis", pid, None, None]
    for task in sorted(models):
        m = models[task] or {}
        flat: list[tuple[str, object]] = []
        _flatten(task, m, flat)
        for name, value in flat:
            yield ["model", name, value, pid, None, None]
        card = model_card(task, m.get("sha256"), model_dir)
        if card:
            for name, value in card_metrics(task, card):
                yield ["model", name, value, pid, None, "model card"]


# model-card fields worth citing; metrics may sit at the top, under cv or a held-out set
_CARD_SCALARS = ("task", "n_examples", "n_train", "threshold", "training_data", "trained_at", "train_seconds")
_CARD_METRICS = (("metrics",), ("cv", "metrics"), ("held_out",), ("evaluation",), ("eval",))


def card_metrics(task: str, card: dict) -> list[tuple[str, object]]:
    """``(name, value)`` rows of a model card: its size and settings, then every
    metric it reports (cross-validated and held-out), flattened."""
    out: list[tuple[str, object]] = [
        (f"{task}.{k}", card[k]) for k in _CARD_SCALARS if k in card and not isinstance(card[k], dict | list)
    ]
    if isinstance(card.get("cv"), dict):
        out += [(f"{task}.cv.{k}", v) for k, v in card["cv"].items() if not isinstance(v, dict | list)]
    for path in _CARD_METRICS:
        node = card
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            _flatten(f"{task}.{'.'.join(path)}", node, out)
    return out


def _writer_detail(name: str) -> str | None:
    return {
        "cells_truncated": "cells cut at Excel's 32,767-character limit (their rows have truncated = true)",
        "characters_replaced": "control characters XML cannot hold, replaced one for one by U+FFFD (offsets unchanged)",
        "cells_prefixed": "cells starting with = + - @ tab or CR given a leading apostrophe (CSV --excel-safe only)",
        "excel_safe": "true: risky CSV cells were prefixed with an apostrophe; false: text is verbatim",
    }.get(name)
