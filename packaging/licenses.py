"""THIRD_PARTY_LICENSES for the bundle, written from what the bundle actually ships.

A hand-kept list goes stale the day a dependency adds a dependency; this module
maps the modules PyInstaller collected back to their distributions
(``importlib.metadata``) and writes, for each, name, version, licence and the full
licence files the distribution carries.  Components that are not Python
distributions (the Python runtime, Qt's libraries inside PySide6, the Devanagari
font) get their notices from fixed places, listed in ``EXTRA_COMPONENTS``.

``build.spec`` loads this file by path (``packaging/`` is deliberately not a Python
package: it would shadow the ``packaging`` library) and calls :func:`write_licenses`
with the bundle's module names.  The bundle always carries its own freshly written
copy; the committed ``packaging/THIRD_PARTY_LICENSES`` is a Linux build's output,
kept for review and refreshed by ``packaging/release.sh``.
"""

from __future__ import annotations

import sys
import sysconfig
from collections.abc import Iterable
from importlib.metadata import Distribution, PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENCE_WORDS = ("LICENSE", "LICENCE", "COPYING", "NOTICE")
# Licence texts Debian keeps (the PySide6 wheels carry no licence file of their own).
COMMON_LICENSES = Path("/usr/share/common-licenses")

HEADER = """\
Parallax {version} - third-party software in this bundle
=========================================================

Parallax itself is released under the MIT licence.  This folder also contains the
software listed below, each under its own licence; the full texts follow the list.

Qt and PySide6 (LGPL-3.0).  The Qt libraries (PySide6/Qt/lib) and the PySide6 and
shiboken6 modules are used under the GNU Lesser General Public License version 3.
They are shipped as separate shared libraries, unmodified, exactly as published in
the PySide6-Essentials and shiboken6 wheels on PyPI; you may replace them with
your own build of the same version (copy it over the files in this folder).  The
source code of Qt and PySide6 is available from the Qt Project (qt.io) and as the
source distributions of those packages, at the versions listed below.

pyphen (GPL-2.0+ / LGPL-2.1+ / MPL-1.1, used under the LGPL-2.1+) and its
hyphenation dictionaries (each with the licence stated at its top, in
pyphen/dictionaries).

Noto Sans Devanagari (SIL Open Font License 1.1), in resources/fonts.

System libraries.  On Linux the bundle also carries shared libraries copied from
the build machine (listed under "System libraries" with the Debian package each
came from); each is under its own licence, printed from that package's copyright
file.
"""


def _dist_name(d: Distribution) -> str:
    return d.metadata["Name"]


def _licence_of(d: Distribution) -> str:
    m = d.metadata
    expr = m.get("License-Expression")
    if expr:
        return expr
    text = (m.get("License") or "").strip()
    if text and len(text) < 80 and "\n" not in text:
        return text
    classifiers = [c.split(" :: ")[-1] for c in (m.get_all("Classifier") or []) if c.startswith("License ::")]
    return "; ".join(classifiers) or "see the licence text below"


def _licence_files(d: Distribution) -> list[Path]:
    out = []
    for f in d.files or []:
        name = Path(str(f)).name.upper()
        if any(w in name for w in LICENCE_WORDS) and not str(f).endswith((".py", ".pyc")):
            p = Path(d.locate_file(f))
            if p.is_file():
                out.append(p)
    return out


def distributions_for(modules: Iterable[str]) -> list[Distribution]:
    """Installed distributions that provide any of ``modules`` (dotted names)."""
    owners = packages_distributions()
    names: set[str] = set()
    for mod in modules:
        top = mod.split(".", 1)[0]
        for dist in owners.get(top, ()):
            names.add(dist)
    out = {}
    for n in names:
        try:
            d = distribution(n)
        except PackageNotFoundError:
            continue
        key = _dist_name(d).lower()
        if key != "parallax":
            out[key] = d
    return [out[k] for k in sorted(out)]


def _python_licence() -> Path | None:
    for base in (sysconfig.get_paths()["stdlib"], sys.base_prefix):
        p = Path(base) / "LICENSE.txt"
        if p.is_file():
            return p
    return None


def _icu_licence() -> Path | None:
    """ICU's licence as Debian records it (the PySide6 wheels carry ICU without one)."""
    found = sorted(Path("/usr/share/doc").glob("libicu[0-9]*/copyright"))
    return found[-1] if found else None


EXTRA_COMPONENTS = (
    ("Python", lambda: sys.version.split()[0], "PSF-2.0", _python_licence),
    ("Noto Sans Devanagari (font)", lambda: "variable", "OFL-1.1", lambda: ROOT / "resources" / "fonts" / "OFL.txt"),
    (
        "Qt 6 libraries (in PySide6)",
        lambda: _version_or("PySide6-Essentials"),
        "LGPL-3.0-only",
        lambda: COMMON_LICENSES / "LGPL-3",
    ),
    ("ICU (in PySide6/Qt/lib; data trimmed)", lambda: "73", "Unicode-3.0 (ICU)", _icu_licence),
    ("GNU GPL v3 text (LGPL-3.0 builds on it)", lambda: "3", "GPL-3.0", lambda: COMMON_LICENSES / "GPL-3"),
)


def _version_or(name: str) -> str:
    try:
        return distribution(name).version
    except PackageNotFoundError:
        return "unknown"


def system_packages(binaries: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Debian package -> library names, for binaries copied from the build system
    (``(name in bundle, source path)`` pairs); empty where dpkg is not available."""
    import shutil
    import subprocess

    if not shutil.which("dpkg-query"):
        return {}
    out: dict[str, list[str]] = {}
    for dest, src in binaries:
        if "/" in dest.replace("\\", "/") or not src.startswith(("/usr/", "/lib")):
            continue
        real = str(Path(src).resolve())
        owner = None
        for candidate in (src, real, real.replace("/usr/lib/", "/lib/", 1), src.replace("/lib/", "/usr/lib/", 1)):
            res = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            if res.returncode == 0 and res.stdout:
                owner = res.stdout.split(":", 1)[0].strip()
                break
        out.setdefault(owner or "(unknown package)", []).append(dest)
    return dict(sorted(out.items()))


def _system_section(packages: dict[str, list[str]]) -> list[str]:
    if not packages:
        return []
    parts = ["", "System libraries", "----------------", ""]
    for pkg, libs in packages.items():
        parts.append(f"{pkg:<44} {', '.join(sorted(libs))}")
    for pkg in packages:
        copyright_file = Path("/usr/share/doc") / pkg / "copyright"
        if copyright_file.is_file():
            parts.append(f"\n==== {pkg} (Debian package; its copyright file) ====\n")
            parts.append(copyright_file.read_text(encoding="utf-8", errors="replace").rstrip() + "\n")
    return parts


def render(dists: list[Distribution], version: str, packages: dict[str, list[str]] | None = None) -> str:
    parts = [HEADER.format(version=version), "", "Components", "----------", ""]
    extras = []
    for name, ver, lic, path_of in EXTRA_COMPONENTS:
        path = path_of()
        parts.append(f"{name:<44} {ver():<14} {lic}")
        extras.append((name, path))
    for d in dists:
        parts.append(f"{_dist_name(d):<44} {d.version:<14} {_licence_of(d)}")
    parts.append("")
    for name, path in extras:
        parts.append(f"\n==== {name} ====\n")
        parts.append(
            path.read_text(encoding="utf-8", errors="replace")
            if path and path.is_file()
            else "(licence text not found on the build machine)"
        )
    for d in dists:
        files = _licence_files(d)
        parts.append(f"\n==== {_dist_name(d)} {d.version} ({_licence_of(d)}) ====\n")
        if not files:
            parts.append("(the distribution carries no licence file; its licence is named above)")
        for f in files:
            parts.append(f"--- {f.name} ---")
            parts.append(f.read_text(encoding="utf-8", errors="replace").rstrip() + "\n")
    parts += _system_section(packages or {})
    return "\n".join(parts).rstrip() + "\n"


def write_licenses(
    modules: Iterable[str], out: Path, version: str, binaries: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """Write the notice file for a bundle holding ``modules`` (and the system
    ``binaries``, as ``(name in bundle, source path)``); returns the distribution names."""
    dists = distributions_for(modules)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(dists, version, system_packages(binaries)), encoding="utf-8")
    return [_dist_name(d) for d in dists]
