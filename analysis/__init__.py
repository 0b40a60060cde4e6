"""Parallax analysis core: import, segmentation, off-topic inserts, attribution, framing,
facts, comparison and export.  Never imports Qt; the desktop app and the command line
are thin layers over this package."""

import os

# Analyses are small: a scikit-learn prediction on a few dozen rows is fastest on one
# thread, and OpenMP's thread hand-offs cost milliseconds per tree on a busy machine.
# Parallel work uses processes (``--jobs``); training raises the limit where it helps.
os.environ.setdefault("OMP_NUM_THREADS", "1")

__version__ = "0.1.0"
