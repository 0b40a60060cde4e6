"""A smaller ICU data library for the Linux bundle.

Qt's libraries in the PySide6 wheels link ICU, and ICU's data library
(``libicudata.so.NN``, about 31 MB) holds every locale, every legacy-encoding
converter and the word dictionaries of Chinese, Japanese, Thai, Khmer, Lao and
Burmese.  Qt reads only a little of it in this app: core Unicode properties,
normalisation, and collation and locale data for the languages the interface
handles (English and Hindi).  This module rewrites the data package with only
those items and links it back into a shared library of the same name and symbol,
which cuts the bundle by about 26 MB.

The package format is ICU's "common data" (``CmnD``): a header, a table of
contents (count, then name offset / data offset pairs, relative to the table),
the names, and the items, each aligned to 16 bytes, in name order (ICU finds an
item by binary search).  Items are copied byte for byte.

Tools: ``objdump`` (which PyInstaller needs on Linux anyway), ``as`` and ``ld``
from binutils.  ``parallax --selftest`` checks collation through Qt afterwards.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

ALIGN = 16
# Locale-named items: a 2-3 letter language code, optionally followed by script,
# region or variant ("hi", "en_IN", "sr_Latn_BA").  Other names (pool, root,
# res_index, supplementalData, zoneinfo64, ...) are shared data and always kept.
_LOCALE = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")
# Whole kinds of item Qt does not use here: legacy-encoding converters (Python
# decodes files, not Qt), transliteration rules, and the dictionaries that segment
# scripts written without spaces.
_DROP_SUFFIXES = (".cnv", ".dict")
_DROP_FOLDERS = ("translit",)


class IcuTrimError(RuntimeError):
    """The data library is not in the expected form; the caller keeps the original."""


def keep_item(name: str, languages: tuple[str, ...]) -> bool:
    """Whether an item (``icudt73l/coll/hi.res``) stays in the trimmed package."""
    parts = name.split("/")
    leaf = parts[-1]
    if len(parts) > 2 and parts[1] in _DROP_FOLDERS:
        return False
    if leaf.endswith(_DROP_SUFFIXES):
        return False
    m = _LOCALE.match(leaf)
    if m:
        return m.group(1) in languages
    return True


def read_common_data(so_path: Path) -> tuple[str, bytes]:
    """(symbol name, bytes) of the common data embedded in ``libicudataNN``."""
    out = subprocess.run(["objdump", "-T", "-h", str(so_path)], capture_output=True, text=True, check=True).stdout
    sym = re.search(r"^([0-9a-f]+)\s+g\s+DO\s+(\S+)\s+([0-9a-f]+)\s+(?:\S+\s+)?(icudt\d+_dat)\s*$", out, re.M)
    if not sym:
        raise IcuTrimError(f"{so_path.name}: no icudtNN_dat symbol")
    vaddr, section, size, name = int(sym.group(1), 16), sym.group(2), int(sym.group(3), 16), sym.group(4)
    sec = re.search(rf"^\s*\d+\s+{re.escape(section)}\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", out, re.M)
    if not sec:
        raise IcuTrimError(f"{so_path.name}: section {section} not found")
    sec_vma, sec_off = int(sec.group(2), 16), int(sec.group(3), 16)
    raw = so_path.read_bytes()
    start = vaddr - sec_vma + sec_off
    return name, raw[start : start + size]


def parse(data: bytes) -> tuple[int, list[tuple[str, bytes]]]:
    """Header size and the (name, item bytes) list of a common data package."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD" or data[8] != 0:
        raise IcuTrimError("not a little-endian ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", data, toc)
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    names = []
    for name_off, _data_off in entries:
        s = toc + name_off
        names.append(data[s : data.index(b"\0", s)].decode("ascii"))
    starts = [toc + d for _n, d in entries] + [len(data)]
    return header_size, [(names[i], data[starts[i] : starts[i + 1]]) for i in range(count)]


def _pad(n: int) -> int:
    return (-n) % ALIGN


def build(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A common data package holding ``items`` (kept in their original order)."""
    count = len(items)
    names = b"".join(n.encode("ascii") + b"\0" for n, _b in items)
    toc_len = 4 + 8 * count
    data_start = toc_len + len(names)
    data_start += _pad(len(header) + data_start)
    name_offsets, data_offsets = [], []
    pos_name, pos_data = toc_len, data_start
    body = bytearray()
    for n, blob in items:
        name_offsets.append(pos_name)
        pos_name += len(n) + 1
        data_offsets.append(pos_data)
        chunk = blob + b"\0" * _pad(len(blob))
        body += chunk
        pos_data += len(chunk)
    toc = struct.pack("<I", count) + b"".join(struct.pack("<II", a, b) for a, b in zip(name_offsets, data_offsets))
    out = bytearray(header) + toc + names
    out += b"\0" * (len(header) + data_start - len(out))
    return bytes(out + body)


def link_library(symbol: str, data: bytes, soname: str, out: Path) -> None:
    """A shared library exporting ``symbol`` (16-byte aligned, read-only) = ``data``."""
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "icu.dat").write_bytes(data)
        (t / "icu.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "{t / "icu.dat"}"\n\t.size {symbol}, .-{symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", str(t / "icu.o"), str(t / "icu.s")], check=True, capture_output=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-o", str(out), str(t / "icu.o")], check=True, capture_output=True
        )


def tools_available() -> bool:
    return all(shutil.which(tool) for tool in ("objdump", "as", "ld"))


def trim_icu_data(src: Path, out: Path, languages: tuple[str, ...] = ("en", "hi")) -> tuple[int, int]:
    """Write the trimmed library to ``out``; returns (items kept, items before)."""
    symbol, data = read_common_data(src)
    header_size, items = parse(data)
    kept = [(n, b) for n, b in items if keep_item(n, languages)]
    new = build(data[:header_size], kept)
    if [n for n, _b in parse(new)[1]] != [n for n, _b in kept]:
        raise IcuTrimError("the rebuilt package does not read back")
    out.parent.mkdir(parents=True, exist_ok=True)
    link_library(symbol, new, src.name, out)
    if read_common_data(out)[1][: len(new)] != new:
        raise IcuTrimError("the linked library does not hold the rebuilt package")
    return len(kept), len(items)
