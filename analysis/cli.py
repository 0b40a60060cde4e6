"""The ``parallax`` command line (see docs: the contract).  Bad input never produces a
traceback: each failed input gets one line on standard error naming it and the reason.

Exit status: 0 all inputs succeeded; 1 some failed and the rest were processed;
2 bad usage, or no input could be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from analysis import __version__


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit status 2, no traceback
        self.print_usage(sys.stderr)
        print(f"parallax: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="parallax", description="Compare how news coverage frames, sources and reports a story.")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--selftest", action="store_true", help="check that this installation works, then exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    g = sub.add_parser("gui", help="the desktop app (default)")
    g.add_argument("paths", nargs="*", metavar="PATH")
    g.add_argument("--screenshot", metavar="FILE")
    g.add_argument("--view", choices=("article", "compare", "dashboard"), default="article")

    a = sub.add_parser("analyze", help="analyse articles")
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--format", choices=("json", "jsonl", "text"), default="text")
    a.add_argument("--out", metavar="FILE")
    a.add_argument("--jobs", type=int, default=1, metavar="N")
    a.add_argument("--model-dir", metavar="DIR")
    a.add_argument("--include-off-topic", action="store_true")
    a.add_argument("--no-cache", action="store_true", help="do not read or write the analysis cache")
    a.add_argument("--max-mb", type=float, default=20.0, help="largest input file in MB (default 20)")

    gr = sub.add_parser("group", help="sort articles into stories")
    gr.add_argument("paths", nargs="+", metavar="PATH")
    gr.add_argument("--format", choices=("json", "text"), default="text")
    gr.add_argument("--model-dir", metavar="DIR")

    c = sub.add_parser("compare", help="compare articles of one story")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--format", choices=("json", "text"), default="text")
    c.add_argument("--xlsx", metavar="FILE")
    c.add_argument("--model-dir", metavar="DIR")
    c.add_argument("--keep-duplicates", action="store_true", help="do not collapse wire-copy duplicates")

    e = sub.add_parser("export", help="export analyses to Excel, CSV and JSON")
    e.add_argument("paths", nargs="+", metavar="PATH")
    e.add_argument("--xlsx", metavar="FILE", required=True)
    e.add_argument("--csv", metavar="DIR")
    e.add_argument("--json", metavar="FILE")
    e.add_argument("--model-dir", metavar="DIR")
    e.add_argument("--excel-safe", action="store_true", help="prefix risky cells in CSV so Excel shows them as text")
    e.add_argument("--jobs", type=int, default=1, metavar="N")
    e.add_argument("--include-off-topic", action="store_true")
    e.add_argument("--no-cache", action="store_true")
    e.add_argument("--max-mb", type=float, default=20.0)

    t = sub.add_parser("train", help="train a model from labelled data")
    t.add_argument("task", choices=("offtopic", "attribution", "framing", "loaded"))
    t.add_argument("--data", metavar="FILE", required=True)
    t.add_argument("--out", metavar="DIR")
    t.add_argument("--quick", action="store_true", help="fewer cross-validation rounds (for tests)")

    ev = sub.add_parser("evaluate", help="evaluate a model on labelled data")
    ev.add_argument("task", choices=("offtopic", "attribution", "framing", "loaded"))
    ev.add_argument("--data", metavar="FILE", required=True)
    ev.add_argument("--model-dir", metavar="DIR")

    ag = sub.add_parser("agree", help="agreement between two codings")
    ag.add_argument("task", choices=("offtopic", "attribution", "framing", "loaded"))
    ag.add_argument("coding_a", metavar="CODING_A")
    ag.add_argument("coding_b", metavar="CODING_B")
    ag.add_argument("--model-dir", metavar="DIR")
    ag.add_argument("--seed", type=int, default=0)
    ag.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples for the 95%% intervals")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"parallax {__version__}")
        return 0
    if args.selftest:
        print("parallax: the self-test runs from the installed app: 'parallax --selftest'", file=sys.stderr)
        return 2
    command = args.command or "gui"
    if command == "gui":
        return _gui(args if args.command else parser.parse_args(["gui"]))
    handler = {
        "analyze": cmd_analyze,
        "group": _lazy("analysis.compare.cli", "cmd_group"),
        "compare": _lazy("analysis.compare.cli", "cmd_compare"),
        "export": _lazy("analysis.export.cli", "cmd_export"),
        "train": _lazy("analysis.training.cli", "cmd_train"),
        "evaluate": _lazy("analysis.training.cli", "cmd_evaluate"),
        "agree": _lazy("analysis.coding.cli", "cmd_agree"),
    }[command]
    try:
        return handler(args)
    except UsageError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _lazy(module: str, name: str):
    def run(args):
        import importlib

        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("analysis"):
                print(f"parallax: '{args.command}' is not available in this version", file=sys.stderr)
                return 2
            raise
        return getattr(mod, name)(args)

    return run


def _gui(args) -> int:
    """Without the desktop package (``parallax`` starts it through ``desktop.launcher``),
    show the sample story's analysis on the terminal instead."""
    from analysis.samples import sample_paths

    print("parallax: the desktop app is not available here; showing the sample story's analysis", file=sys.stderr)
    paths = [str(p) for p in (args.paths or sample_paths())]
    return cmd_analyze(build_parser().parse_args(["analyze", "--format", "text", *paths]))


def read_articles(paths, max_bytes: int | None = None):
    """Articles and problems of the given inputs; prints each problem to stderr."""
    from analysis.ingest import ImportOptions, InputProblem, read_inputs

    opts = ImportOptions(max_bytes=max_bytes) if max_bytes else ImportOptions()
    arts, problems = [], []
    for item in read_inputs(paths, opts):
        if isinstance(item, InputProblem):
            problems.append(item)
            print(item.line(), file=sys.stderr)
        else:
            arts.append(item)
            if (item.encoding or "").endswith("(detected)"):
                # a guessed legacy encoding can be wrong: say so rather than read silently
                where = f"{item.path}:{item.row}" if getattr(item, "row", None) else item.path
                print(f"parallax: {where}: not UTF-8; read as {item.encoding.split(' ')[0]} (a guess: check the text)", file=sys.stderr)
    return arts, problems


def exit_status(n_ok: int, n_failed: int) -> int:
    if n_ok == 0:
        return 2
    return 1 if n_failed else 0


def _resume_done(out: Path) -> set[tuple]:
    """Keys of results already in an interrupted ``--out`` JSONL file; a torn last line
    is cut off so that appending continues cleanly."""
    if not out.exists():
        return set()
    data = out.read_bytes()
    done, good_end = set(), 0
    pos = 0
    for line in data.split(b"\n"):
        end = pos + len(line) + 1
        if line.strip():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                break
            done.add((obj.get("path"), obj.get("row"), obj.get("id")))
            good_end = min(end, len(data))
        pos = end
    if good_end < len(data):
        with open(out, "r+b") as fh:
            fh.truncate(good_end)
            if good_end and not data[:good_end].endswith(b"\n"):
                fh.seek(good_end)
                fh.write(b"\n")
    return done


def cmd_analyze(args) -> int:
    from analysis.batch import run_batch
    from analysis.pipeline import Settings
    from analysis.serialize import dumps
    from analysis.store import Store, StoreError

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.model_dir and not Path(args.model_dir).is_dir():
        raise UsageError(f"{args.model_dir}: --model-dir is not a folder")
    articles, problems = read_articles(args.paths, int(args.max_mb * 1024 * 1024))
    if not articles:
        return 2
    settings = Settings(include_off_topic=args.include_off_topic, model_dir=args.model_dir)
    out_path = Path(args.out) if args.out else None
    fmt = args.format
    if out_path and out_path.suffix == ".jsonl" and fmt == "text":
        fmt = "jsonl"
    resume = set()
    if out_path and fmt == "jsonl":
        resume = _resume_done(out_path)
        articles = [a for a in articles if (a.path, a.row, a.id) not in resume]
    cache = None
    if not args.no_cache:
        try:
            cache = Store.default()
        except (StoreError, OSError) as exc:
            print(f"parallax: analysis cache unavailable ({exc}); continuing without it", file=sys.stderr)
    total = len(articles)
    t0 = time.monotonic()
    last = [t0]

    def progress(done, tot):
        now = time.monotonic()
        if tot and tot > 1 and (now - last[0] > 1.0 or done == tot) and now - t0 > 2.0:
            print(f"parallax: analysed {done}/{tot}", file=sys.stderr)
            last[0] = now

    results = []
    sink = None
    if out_path and fmt == "jsonl":
        sink = open(out_path, "a", encoding="utf-8")
    elif fmt == "jsonl":
        sink = sys.stdout
    try:
        for item in run_batch(articles, settings, jobs=args.jobs, cache=cache, progress=progress, total=total):
            if sink is not None:
                sink.write(dumps(item.result, pretty=False) + "\n")
                sink.flush()
            else:
                results.append(item.result)
    finally:
        if sink is not None and sink is not sys.stdout:
            sink.close()
        if cache is not None:
            cache.close()
    if sink is None:
        if fmt == "json":
            body = dumps(results[0] if len(results) == 1 else results)
        else:
            from analysis.report import text_report

            body = "\n\n".join(text_report(r) for r in results)
        if out_path:
            tmp = out_path.with_name(out_path.name + ".part")
            tmp.write_text(body + "\n", encoding="utf-8")
            os.replace(tmp, out_path)
        else:
            sys.stdout.write(body + "\n")
    return exit_status(len(results) or total, len(problems))


if __name__ == "__main__":
    sys.exit(main())
