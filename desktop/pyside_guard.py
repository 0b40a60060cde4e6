"""A guard against a reference-count bug in PySide6 6.12.0 on Python 3.11.

With shiboken6 6.12.0, every call of a Python slot from a Qt signal drops one
reference to ``None`` (and ``Signal.emit`` one to ``True``/``False``) that it never
took.  On Python 3.11 these objects are not immortal, so after a few thousand timer
ticks the interpreter aborts with "Fatal Python error: none_dealloc".  PySide6
6.11.3 does not have the bug (measured: the reference counts stay put), and the
project should pin it; until then this guard gives the three singletons a huge
reference count, which is what Python 3.12 does for them anyway.  They are never
freed in any case, so this changes nothing else.
"""

from __future__ import annotations

import ctypes
import sys

BAD_SHIBOKEN = ("6.12.0",)


def shiboken_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("shiboken6")
    except PackageNotFoundError:
        return None


def needs_guard() -> bool:
    return sys.version_info < (3, 12) and shiboken_version() in BAD_SHIBOKEN


def guard_singletons() -> bool:
    """Make None, True and False effectively immortal when the bug is present."""
    if not needs_guard():
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40  # ob_refcnt is the first field
    return True
