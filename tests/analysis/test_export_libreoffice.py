"""A real spreadsheet client opens the workbook: LibreOffice (headless) converts every
sheet to CSV, and the text it saw must be the text we wrote, never a formula result.

LibreOffice is installed by ``.ci/run`` (tools/sysdeps.sh); where ``soffice`` is
absent this test says so and skips."""

from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from analysis.export import write_workbook
from tests.analysis.test_export_fixtures import HI_TEXT, comparison, english_analysis, hindi_analysis

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# CSV filter: comma, double quote, UTF-8 (76), from row 1, ..., last token -1 = every sheet to its own file
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _convert(xlsx, outdir, profile, target=ALL_SHEETS_CSV):
    cmd = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(xlsx),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def _sheet(outdir, stem, sheet):
    with open(outdir / f"{stem}-{sheet}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_libreoffice_opens_the_workbook_and_sees_the_same_text(tmp_path):
    hi, en = hindi_analysis(), english_analysis()
    en["title"] = "=1+1"
    en["outlet"] = "-2+3"
    out = write_workbook([hi, en], tmp_path / "story.xlsx", comparison=comparison(hi, en))
    r = _convert(out, tmp_path / "csv", tmp_path / "profile")
    assert r.returncode == 0, r.stderr
    summary = _sheet(tmp_path / "csv", "story", "Summary")
    assert [row["article_id"] for row in summary] == ["hi-border-1", "en-border-1"]
    assert summary[1]["title"] == "=1+1" and summary[1]["outlet"] == "-2+3", "text must not be evaluated as a formula"
    assert summary[0]["outlet"] == "सीमा समाचार (काल्पनिक)"
    sents = [row for row in _sheet(tmp_path / "csv", "story", "Sentences") if row["article_id"] == "hi-border-1"]
    assert [row["text"] for row in sents] == [HI_TEXT[s["start"] : s["end"]] for s in hi["sentences"]]
    assert sents[1]["is_claim"] == "TRUE" and int(sents[1]["start"]) == hi["sentences"][1]["start"]
    matrix = _sheet(tmp_path / "csv", "story", "Facts_matrix")
    assert float(next(m for m in matrix if m["about"] == "troops")["a2_en_border_1"]) == 1500.0
    assert {p.name.split("-", 1)[1] for p in (tmp_path / "csv").iterdir()} >= {
        "Variables.csv",
        "Provenance.csv",
        "Framing.csv",
    }


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_libreoffice_prints_the_workbook_to_pdf(tmp_path):
    hi, en = hindi_analysis(), english_analysis()
    out = write_workbook([hi, en], tmp_path / "story.xlsx", comparison=comparison(hi, en))
    r = _convert(out, tmp_path, tmp_path / "profile", target="pdf")
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "story.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
