"""The core never imports Qt or the desktop app (checked in a clean interpreter)."""

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_analysis_module_imports_without_qt():
    import analysis

    names = sorted(m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.") if not m.name.endswith("__main__"))
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}:\n"
        "    importlib.import_module(n)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'desktop')]\n"
        "print(len(bad)); print(bad)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "0", r.stdout
    assert len(names) > 10


def test_comparison_does_not_pull_in_scikit_learn():
    """Showing a cached story's comparison must not pay scikit-learn's two-second import:
    the comparison and its feature helpers stay light, the models load later."""
    code = "import sys, analysis.compare, analysis.offtopic.features; print('sklearn' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
    r = subprocess.run(
        [sys.executable, "-c", "from analysis.offtopic import load_offtopic; print(callable(load_offtopic))"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert r.stdout.strip() == "True", r.stderr


def test_import_linter_contract():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        pytest.skip("import-linter is not installed")
    r = subprocess.run([exe], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr


def test_version_matches_pyproject():
    import tomllib

    import analysis

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["version"] == analysis.__version__


def test_network_is_disabled_in_tests():
    import socket

    with pytest.raises(Exception, match="(?i)socket"):
        socket.create_connection(("127.0.0.1", 9), timeout=0.5)
