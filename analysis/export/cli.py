"""``parallax export PATH ... --xlsx FILE [--csv DIR] [--json FILE]`` and the
``compare --xlsx`` hook.

Inputs are read and analysed exactly as ``parallax analyze`` does (same cache), then
parked on disk (:class:`SpooledAnalyses`) so a large corpus is exported with bounded
memory.  Exit statuses follow the contract: 0 all inputs exported, 1 some inputs
failed, 2 bad usage, no readable input, or an output that could not be written.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from analysis.export.cells import ExportOptions
from analysis.export.csv_json import write_csv, write_json
from analysis.export.spool import SpooledAnalyses
from analysis.export.xlsx import write_workbook


def _check_outputs(args) -> None:
    from analysis.cli import UsageError

    for label, value in (("--xlsx", args.xlsx), ("--json", getattr(args, "json", None))):
        if not value:
            continue
        p = Path(value)
        if p.is_dir():
            raise UsageError(f"{value}: {label} names a folder, not a file")
        if not (p.parent if str(p.parent) else Path(".")).is_dir():
            raise UsageError(f"{value}: the folder {p.parent} does not exist")
    if not str(args.xlsx).lower().endswith(".xlsx"):
        raise UsageError(f"{args.xlsx}: --xlsx must name an .xlsx file")
    csv_dir = getattr(args, "csv", None)
    if csv_dir and Path(csv_dir).exists() and not Path(csv_dir).is_dir():
        raise UsageError(f"{csv_dir}: --csv must name a folder")
    model_dir = getattr(args, "model_dir", None)
    if model_dir and not Path(model_dir).is_dir():
        raise UsageError(f"{model_dir}: --model-dir is not a folder")


def _write_problem(target, exc: OSError) -> None:
    reason = exc.strerror or str(exc)
    print(f"parallax: {exc.filename or target}: cannot write ({reason})", file=sys.stderr)


def cmd_export(args) -> int:
    """Analyse the inputs (cached) and write the workbook, and CSV / JSON when asked."""
    from analysis.batch import run_batch
    from analysis.cli import UsageError, exit_status, read_articles
    from analysis.pipeline import Settings
    from analysis.store import Store, StoreError

    _check_outputs(args)
    jobs = getattr(args, "jobs", None)
    jobs = 1 if jobs is None else jobs
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    max_mb = getattr(args, "max_mb", None)
    articles, problems = read_articles(args.paths, int(max_mb * 1024 * 1024) if max_mb else None)
    if not articles:
        return 2
    # flags the export parser may or may not have (same meaning as for analyze)
    settings = Settings(
        include_off_topic=bool(getattr(args, "include_off_topic", False)), model_dir=getattr(args, "model_dir", None)
    )
    cache = None
    if not getattr(args, "no_cache", False):
        try:
            cache = Store.default()
        except (StoreError, OSError) as exc:
            print(f"parallax: analysis cache unavailable ({exc}); continuing without it", file=sys.stderr)
    t0 = time.monotonic()

    def progress(done, total):
        if total and total > 1 and time.monotonic() - t0 > 2.0 and (done == total or done % 50 == 0):
            print(f"parallax: analysed {done}/{total}", file=sys.stderr)

    options = ExportOptions(
        excel_safe=bool(getattr(args, "excel_safe", False)),
        model_dir=settings.model_dir,
        settings={
            "command": "export",
            "inputs": len(args.paths),
            "model_dir": "custom" if settings.model_dir else "shipped",
        },
    )
    with SpooledAnalyses() as spool:
        try:
            for item in run_batch(articles, settings, jobs=jobs, cache=cache, progress=progress, total=len(articles)):
                spool.add(item.result)
        finally:
            if cache is not None:
                cache.close()
        for target, write in (
            (args.xlsx, lambda t: write_workbook(spool, t, options=options)),
            (getattr(args, "csv", None), lambda t: write_csv(spool, t, options=options)),
            (getattr(args, "json", None), lambda t: write_json(spool, t, options=options)),
        ):
            if not target:
                continue
            try:
                write(target)
            except OSError as exc:
                _write_problem(target, exc)
                return 2
            print(target)
        n = len(spool)
    return exit_status(n, len(problems))


def export_comparison(analyses: list[dict], comparison: dict, xlsx_path, stories: list[dict] | None = None) -> int:
    """The ``parallax compare --xlsx FILE`` hook: the story's analyses and its
    comparison in one workbook.  Returns 0, or 2 after one line on standard error when
    the file cannot be written."""
    options = ExportOptions(settings={"command": "compare"})
    try:
        write_workbook(analyses, xlsx_path, comparison=comparison, stories=stories, options=options)
    except OSError as exc:
        _write_problem(xlsx_path, exc)
        return 2
    return 0
