"""Reading labelled data in the contract's formats: JSONL (one example per line),
CSV or XLSX with the same column names (``labels`` a ``;``-separated string and span
lists JSON strings in a cell), or a folder of such files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from analysis.models.io import data_sha256

DATA_EXTS = (".jsonl", ".csv", ".xlsx", ".json")


class DataError(ValueError):
    """Training/evaluation data that cannot be read; the message names file and reason."""


def data_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.suffix.lower() in DATA_EXTS)
        if not files:
            raise DataError(f"{p}: folder holds no .jsonl, .csv or .xlsx files")
        return files
    if not p.exists():
        raise DataError(f"{p}: no such file")
    if p.suffix.lower() not in DATA_EXTS:
        raise DataError(f"{p}: use .jsonl, .csv or .xlsx")
    return [p]


def _coerce(row: dict, where: str) -> dict:
    out = dict(row)
    for key in ("labels",):
        v = out.get(key)
        if key in out and v is None:
            out[key] = []  # an empty cell: no labels
        if isinstance(v, str):
            out[key] = [x.strip() for x in v.split(";") if x.strip()]
    for key in ("off_topic", "attributions"):
        v = out.get(key)
        if isinstance(v, str):
            try:
                out[key] = json.loads(v) if v.strip() else []
            except json.JSONDecodeError:
                raise DataError(f"{where}: column '{key}' is not a JSON list") from None
    return out


def read_examples(path: str | Path) -> tuple[list[dict], str]:
    """Examples of every data file under ``path`` and the data's sha256."""
    files = data_files(path)
    rows: list[dict] = []
    for f in files:
        rows.extend(_read_file(f))
    if not rows:
        raise DataError(f"{path}: no examples")
    return rows, data_sha256(files)


def _read_file(f: Path) -> list[dict]:
    ext = f.suffix.lower()
    out = []
    if ext == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(f, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise DataError(f"{f}: not a readable .xlsx workbook ({exc.__class__.__name__})") from None
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for i, vals in enumerate(rows, 2):
            if vals and any(v is not None for v in vals):
                out.append(_coerce({h: v for h, v in zip(header, vals) if h}, f"{f}:{i}"))
        wb.close()
        return out
    try:
        text = f.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{f}: not UTF-8 text") from None
    if ext == ".csv":
        for i, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), 2):
            out.append(_coerce(row, f"{f}:{i}"))
    elif ext == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"{f}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(obj, list):
            raise DataError(f"{f}: JSON data must be an array of examples")
        out = [_coerce(r, f"{f}[{i}]") for i, r in enumerate(obj)]
    else:
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.append(_coerce(json.loads(line), f"{f}:{i}"))
            except json.JSONDecodeError as exc:
                raise DataError(f"{f}:{i}: not JSON ({exc.msg})") from None
    for i, r in enumerate(out):
        if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not r["text"].strip():
            raise DataError(f"{f}: example {i + 1} has no 'text'")
    return out


def group_of(row: dict, i: int) -> str:
    """Cross-validation group: topic when given (folds never split a topic), else the id."""
    for key in ("topic", "group", "article", "id"):
        if row.get(key):
            return str(row[key])
    return hashlib.sha256(row["text"].encode()).hexdigest()[:12] if row.get("text") else str(i)
