"""Test set-up shared by every test: offscreen Qt, a private data folder, no network.

Sockets are disabled for the whole run (pytest-socket, see pyproject), so a library
that tries to download something at run time fails the tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "shoigu-pyongyang-hi.txt"
sys.path.insert(0, str(ROOT))

# urllib3 (pulled in by trafilatura) opens a local IPv6 socket once at import time to
# probe the stack; import it before sockets are disabled so that probe is not reported.
import urllib3  # noqa: E402,F401


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("parallax-data")
    os.environ["PARALLAX_DATA_DIR"] = str(d)
    yield d


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return SEED.read_bytes().decode("utf-8")


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return SEED


@pytest.fixture
def shared_data() -> Path:
    d = SHARED / "data"
    if not d.is_dir():
        pytest.skip("../shared/data is not present")
    return d
