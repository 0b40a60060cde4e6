"""Codebooks in and out: Parallax JSON and the REFI-QDA codebook exchange format (.qdc).

A ``.qdc`` file is the XML that QDA tools (MAXQDA, NVivo, ATLAS.ti, QualCoder) read
and write for a code system: ``CodeBook > Codes > Code*`` with a guid, a name and a
description, nested codes, and optional ``Sets`` of codes.  A Parallax frame becomes
one codable ``Code``: its English name is the code's name, its English definition
the code's description, and what QDA tools have no place for (the frame id, the
Hindi name and definition, the cue terms) follows in the description on one line
``parallax: {json}``, so that a codebook exported here imports back unchanged, and a
researcher in a QDA tool still reads the definition first.  The codebook itself
(id, name, version, citation, description) travels as a ``Set`` holding every frame.

A codebook made in another tool imports too: every codable code becomes a frame
(its id made from its name), nested codes included; non-codable codes only group.
Malformed files fail with :class:`QdcError`, whose message names the file and what
is wrong; ``DOCTYPE`` declarations are refused (no entity tricks).
"""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from analysis import __version__
from analysis.framing.codebook import Codebook, CodebookError, codebook_from_dict, load_codebook

QDC_NS = "urn:QDA-XML:codebook:1.0"
MARK = "parallax: "
MAX_BYTES = 20 * 1024 * 1024
_GUID = re.compile(r"^(\{)?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?(1)\})$")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# colour-blind-safe colours (Okabe-Ito) for the codes, in frame order
_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


class QdcError(CodebookError):
    """A .qdc file that is not a readable REFI-QDA codebook."""


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "parallax:codebook:" + ":".join(parts))).upper()


def _clean(value: str, what: str) -> str:
    if _XML_BAD.search(value or ""):
        raise QdcError(f"{what} holds a control character that XML cannot carry")
    return value


# --- writing -----------------------------------------------------------------------------


def codebook_to_qdc(cb: Codebook) -> bytes:
    """The codebook as REFI-QDA codebook XML (UTF-8)."""
    root = ET.Element("CodeBook", {"xmlns": QDC_NS, "origin": f"Parallax {__version__}"})
    codes = ET.SubElement(root, "Codes")
    guids = []
    for i, f in enumerate(cb.frames):
        g = _guid(cb.id, f.id)
        guids.append(g)
        code = ET.SubElement(
            codes,
            "Code",
            {
                "guid": g,
                "name": _clean(f.name_en, f"frame {f.id}: name"),
                "isCodable": "true",
                "color": _COLOURS[i % len(_COLOURS)],
            },
        )
        extra = {
            "id": f.id,
            "name_hi": f.name_hi,
            "definition_hi": f.definition_hi,
            "cues_en": list(f.cues_en),
            "cues_hi": list(f.cues_hi),
        }
        text = (f.definition_en + "\n\n" if f.definition_en else "") + MARK + json.dumps(extra, ensure_ascii=False)
        ET.SubElement(code, "Description").text = _clean(text, f"frame {f.id}")
    sets = ET.SubElement(root, "Sets")
    s = ET.SubElement(sets, "Set", {"guid": _guid(cb.id), "name": _clean(cb.name, "codebook name")})
    meta = {"id": cb.id, "version": cb.version, "citation": cb.citation}
    desc = (cb.description + "\n\n" if cb.description else "") + MARK + json.dumps(meta, ensure_ascii=False)
    ET.SubElement(s, "Description").text = _clean(desc, "codebook description")
    for g in guids:
        ET.SubElement(s, "MemberCode", {"guid": g})
    ET.indent(root, space="  ")
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    )


def write_qdc(cb: Codebook, path: str | Path) -> Path:
    p = Path(path)
    tmp = p.with_name(p.name + ".part")
    tmp.write_bytes(codebook_to_qdc(cb))
    tmp.replace(p)
    return p


def write_codebook_json(cb: Codebook, path: str | Path) -> Path:
    p = Path(path)
    tmp = p.with_name(p.name + ".part")
    tmp.write_text(json.dumps(cb.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(p)
    return p


# --- reading -----------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _split(desc: str) -> tuple[str, dict]:
    """``(free text, parallax data)`` of a description."""
    lines = desc.split("\n")
    for k in range(len(lines) - 1, -1, -1):
        if lines[k].startswith(MARK):
            try:
                data = json.loads(lines[k][len(MARK) :])
            except json.JSONDecodeError:
                break
            if isinstance(data, dict):
                return "\n".join(lines[:k] + lines[k + 1 :]).strip(), data
            break
    return desc.strip(), {}


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if s and not s[0].isalpha():
        s = "c_" + s
    return s[:40].rstrip("_")


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _text(el: ET.Element, name: str) -> str:
    d = _children(el, name)
    return (d[0].text or "") if d else ""


def codebook_from_qdc(data: bytes, where: str = "codebook.qdc") -> Codebook:
    """Read REFI-QDA codebook XML; raises :class:`QdcError` saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise QdcError(f"{where}: larger than {MAX_BYTES // (1024 * 1024)} MB; not a codebook")
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise QdcError(f"{where}: a DOCTYPE or ENTITY declaration is not allowed in a codebook file")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        raise QdcError(f"{where}: not well-formed XML (line {line}, column {col + 1})") from None
    if _local(root.tag) == "Project":  # a .qde project: use its code system
        inner = _children(root, "CodeBook")
        if not inner:
            raise QdcError(f"{where}: a REFI-QDA project without a CodeBook")
        root = inner[0]
    if _local(root.tag) != "CodeBook":
        raise QdcError(
            f"{where}: not a REFI-QDA codebook (the root element is <{_local(root.tag)}>, expected <CodeBook>)"
        )
    if _ns(root.tag) not in ("", QDC_NS, "urn:QDA-XML:project:1.0"):
        raise QdcError(f"{where}: unknown namespace {_ns(root.tag)!r} (expected {QDC_NS})")
    codes_el = _children(root, "Codes")
    if not codes_el:
        raise QdcError(f"{where}: the codebook has no <Codes> element")
    frames: list[dict] = []
    seen_guids: set[str] = set()
    counter = [0]

    def walk(parent: ET.Element, path: list[str]) -> None:
        for code in _children(parent, "Code"):
            counter[0] += 1
            n = counter[0]
            name = (code.get("name") or "").strip()
            guid = code.get("guid") or ""
            if not name:
                raise QdcError(f"{where}: code {n} has no name")
            if not _GUID.match(guid):
                raise QdcError(f"{where}: code {n} ({name}) has no valid guid")
            if guid.upper() in seen_guids:
                raise QdcError(f"{where}: code {n} ({name}) repeats the guid {guid}")
            seen_guids.add(guid.upper())
            codable = (code.get("isCodable") or "true").strip().lower()
            if codable not in ("true", "false", "1", "0"):
                raise QdcError(f"{where}: code {n} ({name}) has isCodable={code.get('isCodable')!r}")
            if codable in ("true", "1"):
                free, extra = _split(_text(code, "Description"))
                frames.append(
                    {
                        "id": extra.get("id") or "",
                        "name_en": name if not path or extra else " / ".join([*path, name]),
                        "name_hi": extra.get("name_hi", ""),
                        "definition_en": free,
                        "definition_hi": extra.get("definition_hi", ""),
                        "cues_en": extra.get("cues_en"),
                        "cues_hi": extra.get("cues_hi"),
                    }
                )
            walk(code, [*path, name])

    walk(codes_el[0], [])
    _give_ids(frames)
    meta: dict = {}
    set_name = ""
    set_desc = ""
    for sets in _children(root, "Sets"):
        for s in _children(sets, "Set"):
            free, extra = _split(_text(s, "Description"))
            if extra.get("id"):
                meta, set_name, set_desc = extra, (s.get("name") or ""), free
                break
    stem = Path(where).stem
    data_dict = {
        "id": meta.get("id") or _slug(stem) or "imported_codebook",
        "name": set_name or stem,
        "version": meta.get("version") or "1",
        "citation": meta.get("citation") if meta else f"imported from {root.get('origin') or 'a REFI-QDA codebook'}",
        "description": set_desc,
        "frames": frames,
    }
    try:
        return codebook_from_dict(data_dict, where)
    except QdcError:
        raise
    except CodebookError as exc:
        raise QdcError(str(exc)) from None


def _give_ids(frames: list[dict]) -> None:
    """Frames from another tool get ids from their names (unique, snake_case)."""
    taken = {f["id"] for f in frames if f["id"]}
    for i, f in enumerate(frames):
        if f["id"]:
            continue
        base = _slug(f["name_en"]) or f"code_{i + 1}"
        cand, k = base, 2
        while cand in taken:
            cand, k = f"{base}_{k}", k + 1
        f["id"] = cand
        taken.add(cand)


def read_qdc(path: str | Path) -> Codebook:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise QdcError(f"{p}: no such codebook file") from None
    except OSError as exc:
        raise QdcError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return codebook_from_qdc(data, str(p))


def read_codebook(path: str | Path) -> Codebook:
    """A codebook from ``.json`` (Parallax) or ``.qdc`` (REFI-QDA), by the file's suffix."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".qdc":
        return read_qdc(p)
    if suffix == ".json":
        return load_codebook(p)
    raise CodebookError(f"{p}: a codebook is a .json or .qdc file")


def write_codebook(cb: Codebook, path: str | Path) -> Path:
    p = Path(path)
    if p.suffix.lower() == ".qdc":
        return write_qdc(cb, p)
    if p.suffix.lower() == ".json":
        return write_codebook_json(cb, p)
    raise CodebookError(f"{p}: save a codebook as .json or .qdc")


# --- the researcher's own codebooks ---------------------------------------------------------


def user_codebook_dir() -> Path:
    from analysis.store import default_data_dir

    return default_data_dir() / "codebooks"


def save_user_codebook(cb: Codebook, folder: Path | None = None) -> Path:
    """Save into the user's codebook folder as ``<id>.json`` (never into resources/)."""
    d = folder or user_codebook_dir()
    d.mkdir(parents=True, exist_ok=True)
    return write_codebook_json(cb, d / f"{cb.id}.json")


def list_codebooks(folder: Path | None = None) -> list[tuple[str, str, Path, bool]]:
    """``(id, name, path, shipped)`` of the shipped codebooks and the user's own (a user
    codebook with a shipped id is listed too, after the shipped one)."""
    from analysis.resources import resource_path

    out = []
    for shipped, d in ((True, resource_path("codebooks")), (False, folder or user_codebook_dir())):
        if not d.is_dir():
            continue
        for p in sorted(d.glob("*.json")):
            try:
                cb = load_codebook(p)
            except CodebookError:
                continue
            out.append((cb.id, cb.name, p, shipped))
    return out


def find_codebook(ref: str, folder: Path | None = None) -> Codebook:
    """A codebook by file path, or by id (the user's own first, then the shipped one)."""
    if ref.lower().endswith((".json", ".qdc")) and Path(ref).exists():
        return read_codebook(ref)
    matches = [p for cid, _, p, shipped in sorted(list_codebooks(folder), key=lambda x: x[3]) if cid == ref]
    if not matches:
        raise CodebookError(f"no codebook with id {ref!r}")
    return load_codebook(matches[0])
