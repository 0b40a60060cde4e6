"""The main window's views: library, article, comparison, dashboard (PySide6 widgets)."""
