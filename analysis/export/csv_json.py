"""CSV and JSON versions of the export's tables (the same tables as the workbook).

CSV: one ``<table>.csv`` per table in a folder, UTF-8 with a byte-order mark (without
it Excel reads Hindi as mojibake), RFC 4180 quoting, ``TRUE``/``FALSE`` for booleans,
ISO 8601 dates, full-precision numbers.  Text is verbatim unless ``excel_safe`` asks
for risky cells to be prefixed (see :mod:`analysis.export.cells`).

JSON: one document ``{"schema": "parallax.export/1", "tables": {key: {"columns": [...],
"rows": [{column: value}, ...]}}}``, streamed row by row so a large library never
sits in memory as one object.

Both read the analyses once (plus the first pass that finds the columns), like the
workbook writer.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

from analysis.export.atomic import atomic_path
from analysis.export.cells import CellPolicy, ExportOptions
from analysis.export.meta_tables import EXPORT_SCHEMA
from analysis.export.tables import ExportContext, build_tables, stream_rows

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
    coding=None,
) -> list[Path]:
    """Write one CSV file per table into ``folder`` (created if missing); returns the
    files.  The analyses are read once; every file is replaced atomically, and all
    only once every table is complete (a cancel leaves the old files as they were)."""
    ctx = ExportContext(analyses, comparison, stories, options, coding)
    policy = CellPolicy.for_format("csv", ctx.options)
    ctx.policies = [policy]
    out_dir = Path(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build_tables(ctx)
    targets = [out_dir / f"{t.key}.csv" for t in tables]
    truncs = [t.index("truncated") if "truncated" in t.names else None for t in tables]
    with ExitStack() as stack:
        temps = [stack.enter_context(atomic_path(p)) for p in targets]
        files = [stack.enter_context(open(tmp, "w", encoding="utf-8-sig", newline="")) for tmp in temps]
        writers = [csv.writer(fh, lineterminator="\r\n") for fh in files]
        for w, t in zip(writers, tables):
            w.writerow(t.names)
        for i, row in stream_rows(ctx, tables, _article_progress(progress, ctx)):
            writers[i].writerow([_csv_value(v) for v in policy.row(row, truncs[i])])
        for fh in files:
            fh.close()
    if progress:
        progress(1.0, f"wrote {len(targets)} CSV files")
    return targets


def write_json(
    analyses: Iterable[dict],
    path: str | os.PathLike,
    comparison: dict | None = None,
    stories: list[dict] | dict | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    coding=None,
) -> Path:
    """Write every table into one JSON document at ``path`` (atomically).  The rows of
    each table are parked in a file of their own while the analyses are read (once),
    then joined in table order."""
    ctx = ExportContext(analyses, comparison, stories, options, coding)
    policy = CellPolicy.for_format("json", ctx.options)
    ctx.policies = [policy]
    tables = build_tables(ctx)
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise FileNotFoundError(f"{parent}: folder does not exist")

    def dump(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False)

    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.work-", dir=parent))
    try:
        parts = [work / f"{t.key}.jsonl" for t in tables]
        truncs = [t.index("truncated") if "truncated" in t.names else None for t in tables]
        names = [t.names for t in tables]
        with ExitStack() as stack:
            files = [stack.enter_context(open(p, "w", encoding="utf-8", newline="\n")) for p in parts]
            for i, row in stream_rows(ctx, tables, _article_progress(progress, ctx)):
                vals = policy.row(row, truncs[i])
                files[i].write(dump({k: _json_value(v) for k, v in zip(names[i], vals)}) + "\n")
        with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write('{"schema": ' + dump(EXPORT_SCHEMA) + ',\n "tables": {')
            for i, table in enumerate(tables):
                meta = {
                    "sheet": table.sheet,
                    "description": table.description,
                    "columns": [
                        {"name": c.name, "type": c.type, "unit": c.unit, "allowed": c.allowed, "meaning": c.meaning}
                        for c in table.columns
                    ],
                }
                fh.write(("," if i else "") + "\n  " + dump(table.key) + ": " + dump(meta)[:-1] + ', "rows": [')
                with open(parts[i], encoding="utf-8") as rows:
                    for n, line in enumerate(rows):
                        fh.write(("," if n else "") + "\n   " + line.rstrip("\n"))
                fh.write("]}")
            fh.write("\n }\n}\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if progress:
        progress(1.0, f"wrote {target.name}")
    return target


def _article_progress(progress: Progress | None, ctx: ExportContext):
    n = max(ctx.n_articles, 1)

    def report(done: int) -> None:
        if progress and (done % 50 == 0 or done == n):
            progress(0.95 * done / n, f"writing rows ({done:,} of {n:,} articles)")

    return report
