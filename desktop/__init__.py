"""Parallax desktop app (PySide6): a thin layer over the ``analysis`` core."""
