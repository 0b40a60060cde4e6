"""Export analyses to an Excel workbook, CSV files and JSON that researchers can
analyse and cite: one row per article, segment, sentence, attribution, figure; typed
values; join keys; a Variables sheet; provenance; text that never becomes a formula.

Every sheet's rows are built once, in :mod:`analysis.export.tables`, from the
contract's dicts (``parallax.analysis/1``, ``parallax.comparison/1``); the writers
only format them.  Nothing here reads widgets or imports Qt.
"""

from analysis.export.cells import ExportOptions
from analysis.export.csv_json import write_csv, write_json
from analysis.export.spool import SpooledAnalyses
from analysis.export.xlsx import write_workbook

__all__ = ["ExportOptions", "SpooledAnalyses", "write_csv", "write_json", "write_workbook"]
