"""The command line as researchers script it (contract: exit statuses, JSON shape)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[2]
HI = "सरकार ने सोमवार को कहा कि लगभग 1,500 किसानों को मुआवजा मिलेगा। विपक्ष ने इसका विरोध किया।\nमंत्री ने बताया कि योजना जून 2024 में शुरू हुई थी।\n"
EN = "The ministry said on Monday that about 1,500 farmers would be paid. The opposition objected.\n"


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def two_files(tmp_path):
    (tmp_path / "hi.txt").write_text(HI, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return tmp_path / "hi.txt", tmp_path / "en.txt"


def test_json_one_object_for_one_article(two_files, capsys):
    code, out, _ = run(["analyze", str(two_files[0]), "--format", "json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["schema"] == "parallax.analysis/1"
    assert d["text"] == HI and d["language"] == "hi" and d["script"] == "Devanagari"
    for key in ("segments", "sentences", "off_topic", "attributions", "attribution_profile", "frames", "loaded_language",
                "loaded_language_rate", "readability", "figures", "dates", "entities", "inconsistencies", "with_inserts",
                "skipped", "provenance", "timing_ms", "id", "path", "title", "outlet", "date", "url"):
        assert key in d, key
    assert d["provenance"]["app_version"]
    for s in d["sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(d["text"])


def test_json_array_for_several_and_jsonl(two_files, capsys):
    code, out, _ = run(["analyze", *map(str, two_files), "--format", "json"], capsys)
    assert code == 0 and [d["language"] for d in json.loads(out)] == ["hi", "en"]
    code, out, _ = run(["analyze", *map(str, two_files), "--format", "jsonl"], capsys)
    assert [json.loads(line)["language"] for line in out.splitlines()] == ["hi", "en"]


def test_two_runs_identical_apart_from_timing(two_files, capsys):
    outs = []
    for extra in ([], ["--no-cache"]):
        _, out, _ = run(["analyze", str(two_files[0]), "--format", "json", *extra], capsys)
        d = json.loads(out)
        d.pop("timing_ms")
        outs.append(d)
    assert outs[0] == outs[1]


def test_exit_status_some_failed(two_files, tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run(["analyze", str(two_files[0]), str(bad), "--format", "jsonl"], capsys)
    assert code == 1
    assert len(out.splitlines()) == 1
    assert err.strip().splitlines() == [f"parallax: {bad}: empty file (no text)"]


def test_exit_status_nothing_readable(tmp_path, capsys):
    code, _, err = run(["analyze", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "no such file" in err and "Traceback" not in err


def test_bad_usage_is_status_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "--format", "xml", "x.txt"])
    assert exc.value.code == 2


def test_jobs_and_resume(two_files, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    code, _, _ = run(["analyze", *map(str, two_files), "--jobs", "2", "--out", str(out), "--no-cache"], capsys)
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["language"] for x in lines] == ["hi", "en"]
    # simulate an interruption: keep the first result and half of the second line
    out.write_text(lines[0] + "\n" + lines[1][: len(lines[1]) // 2], encoding="utf-8")
    code, _, _ = run(["analyze", *map(str, two_files), "--out", str(out)], capsys)
    assert code == 0
    again = out.read_text(encoding="utf-8").splitlines()
    assert len(again) == 2 and json.loads(again[0]) == json.loads(lines[0])
    assert json.loads(again[1])["language"] == "en"


def test_stdin_and_text_report(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": io.BytesIO(EN.encode())})())
    code, out, _ = run(["analyze", "-"], capsys)
    assert code == 0 and "language en" in out and "1,500" in out


def test_version_and_no_traceback_in_subprocess(tmp_path):
    r = subprocess.run([sys.executable, "-m", "analysis.cli", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith("parallax ")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    r = subprocess.run([sys.executable, "-m", "analysis.cli", "analyze", str(junk)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr and str(junk) in r.stderr


@pytest.mark.parametrize(
    "data,codec",
    [
        ("The café owner said the naïve plan had failed.\n".encode("cp1252"), "cp1252"),
        ("सरकार ने सोमवार को कहा कि योजना जून में शुरू होगी।\n".encode(), None),
    ],
    ids=["en-cp1252", "hi-utf8"],
)
def test_a_guessed_legacy_encoding_is_reported(tmp_path, capsys, data, codec):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    code, out, err = run(["analyze", str(path), "--format", "json", "--no-cache"], capsys)
    assert code == 0 and json.loads(out)["text"] == data.decode(codec or "utf-8")
    if codec:
        assert f"{path}: not UTF-8; read as {codec}" in err
    else:
        assert "not UTF-8" not in err
