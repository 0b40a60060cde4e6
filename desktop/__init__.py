"""Parallax desktop app (PySide6): a thin layer over the ``analysis`` core."""

from desktop.pyside_guard import guard_singletons as _guard_singletons

# Before any Qt signal reaches Python code (see desktop/pyside_guard.py).
_guard_singletons()
