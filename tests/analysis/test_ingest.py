import io
import json

import pytest
from openpyxl import Workbook

from analysis.ingest import ImportOptions, InputProblem, decode_bytes, read_inputs

HI = "उत्तर कोरिया के नेता ने कहा कि वह रूस का समर्थन करेगा।\nदूसरी पंक्ति।\n"
EN = "Kim Jong-un said North Korea would back Russia.\r\nSecond line.\r\n"


def read(paths, **kw):
    return list(read_inputs([str(p) for p in paths], ImportOptions(**kw)))


def test_utf8_text_is_exact_hindi_and_english(tmp_path):
    (tmp_path / "hi.txt").write_bytes(HI.encode("utf-8"))
    (tmp_path / "en.txt").write_bytes(EN.encode("utf-8"))
    hi, en = read([tmp_path / "hi.txt", tmp_path / "en.txt"])
    assert hi.text == HI and en.text == EN  # CRLF kept, nothing trimmed
    assert hi.id == hi.sha256[:12]


@pytest.mark.parametrize(
    "data,encoding",
    [
        (b"\xef\xbb\xbf" + HI.encode("utf-8"), "utf-8 (BOM)"),
        (HI.encode("utf-16"), "utf-16 (BOM)"),
        (EN.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_bom_and_utf16(data, encoding):
    text, enc = decode_bytes(data)
    assert text in (HI, EN)
    assert enc == encoding


def test_legacy_8bit_fallback():
    raw = "Café owners in Zürich said the naïve plan would fail, according to the mayor’s office.".encode("cp1252")
    text, enc = decode_bytes(raw)
    assert "Zürich" in text and "naïve" in text
    assert "detected" in enc


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("pic.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "binary"),
        ("nul.txt", b"abc\x00\x01\x02\xff\xfe\x00" * 40, "binary"),
        ("bad.json", b"{not json", "not valid JSON"),
        ("notext.csv", b"title,outlet\nA,B\n", "no 'text' column"),
        ("broken.xlsx", b"PK\x03\x04garbage", "xlsx"),
    ],
)
def test_bad_files_become_one_line_problems(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    (item,) = read([p])
    assert isinstance(item, InputProblem)
    assert reason in item.reason
    assert str(p) in item.line() and "\n" not in item.line()


def test_oversize_is_refused_and_others_still_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 3000)
    ok = tmp_path / "ok.txt"
    ok.write_text(HI, encoding="utf-8")
    items = read([big, ok, tmp_path / "missing.txt"], max_bytes=2000)
    assert isinstance(items[0], InputProblem) and "too large" in items[0].reason
    assert items[1].text == HI
    assert isinstance(items[2], InputProblem) and "no such file" in items[2].reason


def test_html_keeps_title_date_site(tmp_path):
    html = """<html><head><title>T</title><meta property="og:site_name" content="Meridian Post">
    <meta name="date" content="2025-06-05"></head><body><article><h1>Kim pledges support to Russia</h1>
    <p>Kim Jong-un said on Thursday that his country would support Russia without conditions in the war.</p>
    <p>यह बयान उत्तर कोरिया की सरकारी समाचार एजेंसी ने गुरुवार को जारी किया। इसके बाद प्रतिक्रियाएं आईं।</p>
    </article></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    (a,) = read([p])
    assert a.title == "Kim pledges support to Russia"
    assert a.outlet == "Meridian Post" and a.date == "2025-06-05"
    assert "सरकारी समाचार एजेंसी" in a.text


def test_tables_csv_jsonl_json_xlsx(tmp_path):
    rows = [{"id": "a1", "title": "T1", "outlet": "O", "text": HI}, {"id": "a2", "text": EN, "language": "en"}]
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    (tmp_path / "t.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    buf = io.StringIO()
    import csv

    w = csv.DictWriter(buf, ["id", "title", "outlet", "text", "language"])
    w.writeheader()
    w.writerows(rows)
    (tmp_path / "t.csv").write_text(buf.getvalue(), encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "title", "text", "language"])
    ws.append(["a1", "T1", HI, None])
    ws.append(["a2", None, EN, "en"])
    wb.save(tmp_path / "t.xlsx")
    for name in ("t.jsonl", "t.json", "t.csv", "t.xlsx"):
        a1, a2 = read([tmp_path / name])
        assert (a1.id, a1.text, a1.row) == ("a1", HI, 0), name
        assert (a2.id, a2.text, a2.language) == ("a2", EN, "en"), name


def test_table_rows_without_text_are_reported(tmp_path):
    p = tmp_path / "t.jsonl"
    p.write_text('{"id": "x", "text": ""}\n{"id": "y", "text": "Some text here."}\nnot json\n', encoding="utf-8")
    items = read([p])
    assert isinstance(items[0], InputProblem) and "row1" in items[0].path
    assert items[1].id == "y"
    assert isinstance(items[2], InputProblem) and "line 3" in items[2].reason


def test_directory_is_walked_recursively_and_sidecar_metadata_read(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "a.md").write_text(HI, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "शीर्षक", "outlet": "Sample Outlet", "sample": true}', encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    items = read([tmp_path])
    assert [i.text for i in items] == [HI, EN]
    assert items[0].title == "शीर्षक" and items[0].sample is True


def test_stdin_bytes():
    items = list(read_inputs(["-"], stdin=io.BytesIO(HI.encode("utf-16"))))
    assert items[0].text == HI and items[0].path == "-"
