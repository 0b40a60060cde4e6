"""Parallax analysis core: import, segmentation, off-topic inserts, attribution, framing,
facts, comparison and export.  Never imports Qt; the desktop app and the command line
are thin layers over this package."""

__version__ = "0.1.0"
