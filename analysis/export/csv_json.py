"""CSV and JSON versions of the export's tables (the same tables as the workbook).

CSV: one ``<table>.csv`` per table in a folder, UTF-8 with a byte-order mark (without
it Excel reads Hindi as mojibake), RFC 4180 quoting, ``TRUE``/``FALSE`` for booleans,
ISO 8601 dates, full-precision numbers.  Text is verbatim unless ``excel_safe`` asks
for risky cells to be prefixed (see :mod:`analysis.export.cells`).

JSON: one document ``{"schema": "parallax.export/1", "tables": {key: {"columns": [...],
"rows": [{column: value}, ...]}}}``, streamed row by row so a large library never
sits in memory as one object.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from analysis.export.atomic import atomic_path
from analysis.export.cells import CellPolicy, ExportOptions
from analysis.export.meta_tables import EXPORT_SCHEMA
from analysis.export.tables import ExportContext, build_tables

Progress = Callable[[float, str], None]


def _csv_value(v):
    if v is None:
        return ""
    if v is True:
        return "TRUE"
    if v is False:
        return "FALSE"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    return v


def _json_value(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def write_csv(
    analyses: Iterable[dict],
    folder: str | os.PathLike,
    comparison: dict | None = None,
    stories: list[dict] | dict | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one CSV file per table into ``folder`` (created if missing); returns the
    files.  Each file is replaced atomically."""
    ctx = ExportContext(analyses, comparison, stories, options)
    policy = CellPolicy.for_format("csv", ctx.options)
    ctx.policies = [policy]
    out_dir = Path(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build_tables(ctx)
    written = []
    for i, table in enumerate(tables):
        if progress:
            progress(i / len(tables), f"writing {table.key}.csv")
        trunc = table.index("truncated") if "truncated" in table.names else None
        target = out_dir / f"{table.key}.csv"
        with atomic_path(target) as tmp:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh, lineterminator="\r\n")
                w.writerow(table.names)
                for row in table.rows():
                    w.writerow([_csv_value(v) for v in policy.row(row, trunc)])
        written.append(target)
    if progress:
        progress(1.0, f"wrote {len(written)} CSV files")
    return written


def write_json(
    analyses: Iterable[dict],
    path: str | os.PathLike,
    comparison: dict | None = None,
    stories: list[dict] | dict | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write every table into one JSON document at ``path`` (atomically)."""
    ctx = ExportContext(analyses, comparison, stories, options)
    policy = CellPolicy.for_format("json", ctx.options)
    ctx.policies = [policy]
    tables = build_tables(ctx)
    target = Path(path)

    def dump(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False)

    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write('{"schema": ' + dump(EXPORT_SCHEMA) + ',\n "tables": {')
            for i, table in enumerate(tables):
                if progress:
                    progress(i / len(tables), f"writing {table.key}")
                trunc = table.index("truncated") if "truncated" in table.names else None
                meta = {
                    "sheet": table.sheet,
                    "description": table.description,
                    "columns": [
                        {"name": c.name, "type": c.type, "unit": c.unit, "allowed": c.allowed, "meaning": c.meaning}
                        for c in table.columns
                    ],
                }
                fh.write(("," if i else "") + "\n  " + dump(table.key) + ": " + dump(meta)[:-1] + ', "rows": [')
                names = table.names
                for n, row in enumerate(table.rows()):
                    vals = policy.row(row, trunc)
                    fh.write(("," if n else "") + "\n   " + dump({k: _json_value(v) for k, v in zip(names, vals)}))
                fh.write("]}")
            fh.write("\n }\n}\n")
    if progress:
        progress(1.0, f"wrote {target.name}")
    return target
