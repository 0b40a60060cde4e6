"""The ``parallax`` command: the desktop app for ``parallax`` / ``parallax gui`` and
``--selftest``; every other command is the analysis core's command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--selftest" in argv[:1]:
        from desktop.selftest import run_selftest

        return run_selftest()
    if not argv or argv[0] == "gui":
        from analysis.cli import build_parser

        args = build_parser().parse_args(["gui", *argv[1:]] if argv else ["gui"])
        try:
            from desktop.app import run_app
        except ImportError as exc:  # PySide6 missing or broken: say so, do not crash
            print(f"parallax: cannot start the desktop app ({exc})", file=sys.stderr)
            from analysis.cli import _gui

            return _gui(args)
        return run_app(args)
    from analysis.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
