"""Import: files, folders, tables and standard input into :class:`Article` values.

Bad input never raises out of :func:`read_inputs`: each unreadable input becomes
an :class:`InputProblem` naming the file and the reason, and the other inputs are
still read.  ``Article.text`` is exactly the decoded input (a leading BOM is not
part of it; no other change).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis.model import Article

TEXT_EXTS = {".txt", ".md"}
HTML_EXTS = {".html", ".htm"}
TABLE_EXTS = {".csv", ".jsonl", ".json", ".xlsx"}
SUPPORTED_EXTS = TEXT_EXTS | HTML_EXTS | TABLE_EXTS
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_TABLE_BYTES = 1024 * 1024 * 1024
TABLE_FIELDS = ("id", "title", "outlet", "date", "url", "language")

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"MZ": "a Windows executable",
    b"SQLite format 3": "an SQLite database",
}


@dataclass(frozen=True)
class InputProblem:
    """One input that could not be read."""

    path: str
    reason: str

    def line(self) -> str:
        return f"parallax: {self.path}: {self.reason}"


class DecodeError(ValueError):
    pass


@dataclass(frozen=True)
class ImportOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_table_bytes: int = DEFAULT_MAX_TABLE_BYTES


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns ``(text, encoding)``.

    Order: BOM (UTF-8, UTF-16, UTF-32), strict UTF-8, BOM-less UTF-16 (by the
    pattern of NUL bytes), then a detected legacy 8-bit encoding.  Raises
    :class:`DecodeError` with a reason for binary or undecodable data."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"binary file ({what}), not text")
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
        (b"\xff\xfe", "utf-16", "utf-16"),
        (b"\xfe\xff", "utf-16", "utf-16"),
    )
    for bom, codec, name in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), f"{name} (BOM)"
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not {name}: {exc.reason}") from None
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        half = len(sample) / 2
        if odd > 0.3 * half and even < 0.05 * half:
            codec = "utf-16-le"
        elif even > 0.3 * half and odd < 0.05 * half:
            codec = "utf-16-be"
        else:
            raise DecodeError("binary file (contains NUL bytes), not text")
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            raise DecodeError("binary file (contains NUL bytes), not text") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _decode_legacy(data, first_bad)


def _decode_legacy(data: bytes, first_bad: int) -> tuple[str, str]:
    """Windows-1252 when it fits (the usual legacy encoding of English and Western
    text: few high bytes, all defined); otherwise charset-normalizer's best guess."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        high = sum(1 for b in data[:65536] if b >= 0x80)
        if high <= 0.05 * min(len(data), 65536):
            return text, "cp1252 (detected)"
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 512 * 1024]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise DecodeError(f"not valid UTF-8 (byte {first_bad}) and no other text encoding fits")
    enc = best.encoding
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(f"not valid UTF-8 (byte {first_bad}) and no other text encoding fits") from None
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 20000):
        raise DecodeError("binary file (control characters), not text")
    return text, f"{enc} (detected)"


def _check_text(text: str) -> None:
    if not text.strip():
        raise DecodeError("empty file (no text)")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > 0.01 * min(len(text), 20000) + 2:
        raise DecodeError("binary file (control characters), not text")


def _sidecar_meta(path: Path) -> dict:
    side = path.with_name(path.stem + ".meta.json")
    if not side.is_file():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _read_bytes(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise DecodeError(f"too large ({size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB)")
    return path.read_bytes()


def article_from_text_bytes(data: bytes, path: str | None, meta: dict | None = None) -> Article:
    text, encoding = decode_bytes(data)
    _check_text(text)
    meta = meta or {}
    return Article(
        text=text,
        id=str(meta.get("id") or ""),
        path=path,
        title=_opt(meta.get("title")),
        outlet=_opt(meta.get("outlet")),
        date=_opt(meta.get("date")),
        url=_opt(meta.get("url")),
        language=_opt(meta.get("language")),
        sample=bool(meta.get("sample", False)),
        encoding=encoding,
    ).with_default_id()


def article_from_html_bytes(data: bytes, path: str | None) -> Article:
    import trafilatura

    html, encoding = decode_bytes(data)
    if not html.strip():
        raise DecodeError("empty file (no text)")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise DecodeError("no article text found in the HTML")
    return Article(
        text=text,
        path=path,
        title=_opt(getattr(doc, "title", None)),
        outlet=_opt(getattr(doc, "sitename", None)),
        date=_opt(getattr(doc, "date", None)),
        url=_opt(getattr(doc, "url", None)),
        encoding=encoding,
    ).with_default_id()


def _opt(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _rows_from_table(path: Path, data: bytes) -> Iterator[dict]:
    ext = path.suffix.lower()
    if ext == ".xlsx":
        yield from _rows_from_xlsx(data)
        return
    text, _enc = decode_bytes(data)
    if ext == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "text" not in [f.strip() for f in reader.fieldnames]:
            raise DecodeError("table has no 'text' column")
        for row in reader:
            yield {(k or "").strip(): v for k, v in row.items()}
    elif ext == ".jsonl":
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"__error__": f"line {i}: not JSON ({exc.msg})"}
                continue
            yield obj if isinstance(obj, dict) else {"__error__": f"line {i}: not a JSON object"}
    else:  # .json
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DecodeError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if isinstance(obj, dict) and isinstance(obj.get("articles"), list):
            obj = obj["articles"]
        if isinstance(obj, dict) and "text" in obj:
            obj = [obj]
        if not isinstance(obj, list):
            raise DecodeError("JSON must be an array of articles (objects with a 'text' field)")
        for item in obj:
            yield item if isinstance(item, dict) else {"__error__": "an entry is not an object"}


def _rows_from_xlsx(data: bytes) -> Iterator[dict]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DecodeError(f"not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header or "text" not in [str(h).strip() for h in header if h is not None]:
        wb.close()
        raise DecodeError("table has no 'text' column")
    names = [str(h).strip() if h is not None else "" for h in header]
    for values in rows:
        if values is None or all(v is None for v in values):
            continue
        yield {n: v for n, v in zip(names, values) if n}
    wb.close()


def articles_from_table(path: Path, data: bytes, opts: ImportOptions) -> Iterator[Article | InputProblem]:
    where = str(path)
    try:
        for i, row in enumerate(_rows_from_table(path, data)):
            if "__error__" in row:
                yield InputProblem(where, row["__error__"])
                continue
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                yield InputProblem(f"{where}#row{i + 1}", "empty text cell")
                continue
            if len(text.encode("utf-8")) > opts.max_bytes:
                yield InputProblem(f"{where}#row{i + 1}", "text cell over the size limit")
                continue
            meta = {k: _opt(row.get(k)) for k in TABLE_FIELDS}
            yield Article(
                text=text,
                id=meta["id"] or "",
                path=where,
                row=i,
                title=meta["title"],
                outlet=meta["outlet"],
                date=meta["date"],
                url=meta["url"],
                language=meta["language"],
            ).with_default_id()
    except DecodeError as exc:
        yield InputProblem(where, str(exc))


def read_file(path: Path, opts: ImportOptions = ImportOptions()) -> Iterator[Article | InputProblem]:
    where = str(path)
    ext = path.suffix.lower()
    try:
        if ext in TABLE_EXTS:
            data = _read_bytes(path, opts.max_table_bytes)
            if not data.strip():
                yield InputProblem(where, "empty file (no text)")
                return
            yield from articles_from_table(path, data, opts)
            return
        data = _read_bytes(path, opts.max_bytes)
        if ext in HTML_EXTS:
            yield article_from_html_bytes(data, where)
        else:
            yield article_from_text_bytes(data, where, _sidecar_meta(path))
    except DecodeError as exc:
        yield InputProblem(where, str(exc))
    except PermissionError:
        yield InputProblem(where, "permission denied")
    except IsADirectoryError:
        yield InputProblem(where, "is a directory")
    except OSError as exc:
        yield InputProblem(where, exc.strerror or exc.__class__.__name__)


def read_stdin(data: bytes, opts: ImportOptions = ImportOptions()) -> Iterator[Article | InputProblem]:
    if len(data) > opts.max_bytes:
        yield InputProblem("-", f"too large ({len(data) / 1048576:.1f} MB)")
        return
    try:
        head = data[:2048].lstrip().lower()
        if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
            yield article_from_html_bytes(data, "-")
        else:
            yield article_from_text_bytes(data, "-")
    except DecodeError as exc:
        yield InputProblem("-", str(exc))


def walk(folder: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            p = Path(root) / f
            if f.startswith(".") or f.endswith(".meta.json"):
                continue
            if p.suffix.lower() in SUPPORTED_EXTS:
                out.append(p)
    return out


def read_inputs(
    paths: Iterable[str], opts: ImportOptions = ImportOptions(), stdin: io.BufferedReader | None = None
) -> Iterator[Article | InputProblem]:
    """Every article of every input, in order; problems as :class:`InputProblem`."""
    import sys

    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stdin(stream.read(opts.max_bytes + 1), opts)
            continue
        p = Path(raw)
        if p.is_dir():
            files = walk(p)
            if not files:
                yield InputProblem(raw, "folder holds no .txt, .md, .html, .csv, .jsonl, .json or .xlsx files")
            for f in files:
                yield from read_file(f, opts)
        elif p.exists():
            if p.suffix.lower() not in SUPPORTED_EXTS and p.suffix:
                yield InputProblem(raw, f"unsupported file type '{p.suffix}' (use .txt, .md, .html, .csv, .jsonl, .json or .xlsx)")
                continue
            yield from read_file(p, opts)
        else:
            yield InputProblem(raw, "no such file or folder")
