"""Application-level behaviour: bundled font, settings, crash log, screenshots."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QImage, QTextLayout

from desktop.settings import AppSettings, Preferences
from desktop.theme import UI_FAMILY, app_font

ROOT = Path(__file__).resolve().parents[2]


def _glyph_runs(text: str):
    layout = QTextLayout(text, app_font(12))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return layout.glyphRuns()


def test_devanagari_comes_from_the_bundled_font(fonts):
    assert UI_FAMILY in fonts
    assert QFontDatabase.WritingSystem.Devanagari in QFontDatabase.writingSystems(UI_FAMILY)
    runs = _glyph_runs("क्षत्रिय")
    assert {r.rawFont().familyName() for r in runs} == {UI_FAMILY}
    # shaped: the conjuncts become fewer glyphs than code points
    assert sum(len(r.glyphIndexes()) for r in runs) < len("क्षत्रिय")


def test_latin_comes_from_the_bundled_font_too(fonts):
    assert {r.rawFont().familyName() for r in _glyph_runs("Kim Jong-un")} == {UI_FAMILY}


def test_settings_round_trip(tmp_path):
    path = tmp_path / "settings.ini"
    prefs = Preferences(
        offtopic_threshold=0.35,
        include_off_topic=True,
        codebook="semetko_valkenburg",
        font_size=14,
        theme="dark",
        model_dir="/data/models",
    )
    AppSettings(path).save_preferences(prefs)
    assert AppSettings(path).preferences() == prefs
    core = prefs.core()
    assert core.offtopic_threshold == 0.35 and core.include_off_topic and core.model_dir == "/data/models"
    assert Preferences().core().model_dir is None  # the shipped models by default


def test_damaged_settings_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.ini"
    path.write_text(
        "[analysis]\nofftopic_threshold=banana\ninclude_off_topic=maybe\n[view]\nfont_size=400\ntheme=purple\n",
        encoding="utf-8",
    )
    p = AppSettings(path).preferences()
    assert p == Preferences(include_off_topic=False)


def test_crash_handler_writes_a_log_and_says_where(capsys, monkeypatch):
    import threading

    from desktop.app import crash_log_dir, install_crash_handler

    monkeypatch.setenv("PARALLAX_NO_DIALOGS", "1")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    before = set(crash_log_dir().glob("crash-*.log")) if crash_log_dir().exists() else set()
    install_crash_handler()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    new = set(crash_log_dir().glob("crash-*.log")) - before
    assert len(new) == 1
    log = new.pop()
    body = log.read_text(encoding="utf-8")
    assert "RuntimeError: boom in a slot" in body and "Parallax" in body
    err = capsys.readouterr().err
    assert str(log) in err and "unexpected error" in err


def _png_pixels(path: Path) -> bytes:
    img = QImage(str(path))
    assert not img.isNull()
    return hashlib.sha256(bytes(img.constBits())).digest()


def test_screenshot_writes_three_different_pictures(tmp_path):
    from desktop.app import screenshot

    outs = {}
    for view in ("article", "compare", "dashboard"):
        out = tmp_path / f"{view}.png"
        assert screenshot(str(out), view, []) == 0
        img = QImage(str(out))
        assert img.width() >= 1200 and img.height() >= 800
        outs[view] = _png_pixels(out)
    assert len(set(outs.values())) == 3


def test_screenshot_of_seed_beside_english_sample(tmp_path, seed_path):
    from analysis.samples import sample_paths
    from desktop.app import screenshot

    english = next(p for p in sample_paths() if "english-wire" in p.name)
    out = tmp_path / "seed.png"
    assert screenshot(str(out), "compare", [str(seed_path), str(english)]) == 0
    assert QImage(str(out)).width() >= 1200


@pytest.mark.slow
def test_parallax_gui_screenshot_command(tmp_path):
    out = tmp_path / "cli.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-m", "desktop.launcher", "gui", "--screenshot", str(out), "--view", "dashboard"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert out.exists() and QImage(str(out)).width() >= 1200
    assert "Traceback" not in r.stderr


def test_screenshot_of_unreadable_input_fails_cleanly(tmp_path, capsys):
    from desktop.app import screenshot

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.4")
    assert screenshot(str(tmp_path / "x.png"), "article", [str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.txt" in err and "PDF" in err


def test_offtopic_threshold_unset_means_the_models_own(tmp_path):
    s = AppSettings(tmp_path / "settings.ini")
    assert s.preferences().offtopic_threshold is None and Preferences().core().offtopic_threshold is None
    s.save_preferences(Preferences(offtopic_threshold=0.6))
    assert AppSettings(tmp_path / "settings.ini").preferences().offtopic_threshold == 0.6
    s.save_preferences(Preferences(offtopic_threshold=None))
    assert AppSettings(tmp_path / "settings.ini").preferences().offtopic_threshold is None
