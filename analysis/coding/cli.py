"""``parallax agree TASK CODING_A CODING_B [--model-dir DIR] [--seed N]``.

CODING_A and CODING_B are files in the contract's training formats for TASK (JSONL,
CSV or XLSX) coding the same texts.  The word ``model`` in place of one of them
means "the model codes the other file's texts" (``--model-dir``, else the shipped
model).  Prints one JSON object (``parallax.agreement/1``); exit status 2 with one
line on standard error when a file cannot be read or compared.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.coding.agree_tasks import AgreementError, agree
from analysis.coding.agreement import N_BOOT
from analysis.coding.codings import MODEL_CODER
from analysis.coding.model_coder import ModelCoderError, model_rows
from analysis.training.data import DataError, read_examples


def check_rows(task: str, rows: list[dict], where: str) -> list[dict]:
    """Rows with the fields the task needs; raises :class:`DataError` naming the row."""
    out = []
    for i, r in enumerate(rows, 1):
        r = dict(r)
        if task in ("framing", "loaded"):
            labs = r.get("labels")
            labs = [] if labs is None else labs
            if not isinstance(labs, list) or not all(isinstance(x, str) for x in labs):
                raise DataError(f"{where}: example {i}: 'labels' must be a list of labels")
            if task == "loaded" and any(x != "loaded" for x in labs):
                raise DataError(f"{where}: example {i}: 'labels' must be [\"loaded\"] or []")
            r["labels"] = labs
        else:
            key = "off_topic" if task == "offtopic" else "attributions"
            spans = r.get(key) or []
            if not isinstance(spans, list):
                raise DataError(f"{where}: example {i}: '{key}' must be a list of spans")
            for s in spans:
                try:
                    ok = isinstance(s, dict) and 0 <= int(s["start"]) < int(s["end"]) <= len(r["text"])
                except (KeyError, TypeError, ValueError):
                    ok = False
                if not ok:
                    raise DataError(f"{where}: example {i}: span {s!r} is not inside the text")
            r[key] = spans
        out.append(r)
    return out


def _coder_name(arg: str) -> str:
    return MODEL_CODER if arg.strip().lower() == MODEL_CODER else Path(arg).stem


def cmd_agree(args) -> int:
    from analysis.cli import UsageError

    a_model = args.coding_a.strip().lower() == MODEL_CODER
    b_model = args.coding_b.strip().lower() == MODEL_CODER
    if a_model and b_model:
        raise UsageError("at most one of CODING_A and CODING_B can be 'model'")
    if args.model_dir and not Path(args.model_dir).is_dir():
        raise UsageError(f"{args.model_dir}: --model-dir is not a folder")
    rows: dict[str, list[dict]] = {}
    for side, arg, is_model in (("a", args.coding_a, a_model), ("b", args.coding_b, b_model)):
        if is_model:
            continue
        try:
            got, _digest = read_examples(arg)
            rows[side] = check_rows(args.task, got, arg)
        except DataError as exc:
            print(f"parallax: {exc}", file=sys.stderr)
            return 2
    model_info = None
    if a_model or b_model:
        other = rows["b" if a_model else "a"]
        try:
            coded, model_info = model_rows(args.task, other, args.model_dir)
        except ModelCoderError as exc:
            print(f"parallax: {exc}", file=sys.stderr)
            return 2
        rows["a" if a_model else "b"] = coded
    seed = getattr(args, "seed", 0) or 0
    n_boot = getattr(args, "bootstrap", None) or N_BOOT
    try:
        report = agree(
            args.task,
            rows["a"],
            rows["b"],
            _coder_name(args.coding_a),
            _coder_name(args.coding_b),
            n_boot=n_boot,
            seed=seed,
        )
    except AgreementError as exc:
        print(f"parallax: {args.coding_a} vs {args.coding_b}: {exc}", file=sys.stderr)
        return 2
    if model_info is not None:
        report["model"] = model_info
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0
