"""Frame codebooks as data files (JSON).

A codebook file::

    {"id": "policy_frames", "name": "...", "version": "1", "citation": "...",
     "description": "...",
     "frames": [{"id": "economic", "name_en": "Economic", "name_hi": "आर्थिक",
                 "definition_en": "...", "definition_hi": "...",
                 "cues_en": ["budget", ...], "cues_hi": ["बजट", ...]}, ...]}

Definitions are written by this project in its own words; ``citation`` names the
codebook the frames follow.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class CodebookError(ValueError):
    """A codebook file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class Frame:
    id: str
    name_en: str
    name_hi: str
    definition_en: str
    definition_hi: str
    cues_en: tuple[str, ...]
    cues_hi: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_hi if lang == "hi" and self.name_hi else self.name_en

    def cues(self, lang: str) -> tuple[str, ...]:
        return self.cues_hi if lang == "hi" else self.cues_en


@dataclass(frozen=True)
class Codebook:
    id: str
    name: str
    version: str
    citation: str
    description: str
    frames: tuple[Frame, ...]

    @property
    def frame_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frames)

    def frame(self, frame_id: str) -> Frame:
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(frame_id)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "citation": self.citation,
            "description": self.description,
            "frames": [
                {
                    "id": f.id,
                    "name_en": f.name_en,
                    "name_hi": f.name_hi,
                    "definition_en": f.definition_en,
                    "definition_hi": f.definition_hi,
                    "cues_en": list(f.cues_en),
                    "cues_hi": list(f.cues_hi),
                }
                for f in self.frames
            ],
        }


def _str_list(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CodebookError(f"{where} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def codebook_from_dict(data: dict, where: str = "codebook") -> Codebook:
    if not isinstance(data, dict):
        raise CodebookError(f"{where}: the top level must be an object")
    cid = data.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise CodebookError(f"{where}: 'id' must be lower-case letters, digits and _")
    raw_frames = data.get("frames")
    if not isinstance(raw_frames, list) or len(raw_frames) < 2:
        raise CodebookError(f"{where}: 'frames' must list at least two frames")
    frames = []
    seen = set()
    for i, fr in enumerate(raw_frames):
        fw = f"{where}: frame {i + 1}"
        if not isinstance(fr, dict):
            raise CodebookError(f"{fw} must be an object")
        fid = fr.get("id")
        if not isinstance(fid, str) or not _ID.match(fid):
            raise CodebookError(f"{fw}: 'id' must be lower-case letters, digits and _")
        if fid in seen:
            raise CodebookError(f"{fw}: duplicate id {fid!r}")
        seen.add(fid)
        name_en = fr.get("name_en")
        if not isinstance(name_en, str) or not name_en.strip():
            raise CodebookError(f"{fw} ({fid}): 'name_en' is required")
        frames.append(
            Frame(
                id=fid,
                name_en=name_en.strip(),
                name_hi=str(fr.get("name_hi") or "").strip(),
                definition_en=str(fr.get("definition_en") or "").strip(),
                definition_hi=str(fr.get("definition_hi") or "").strip(),
                cues_en=_str_list(fr.get("cues_en"), f"{fw} ({fid}): 'cues_en'"),
                cues_hi=_str_list(fr.get("cues_hi"), f"{fw} ({fid}): 'cues_hi'"),
            )
        )
    return Codebook(
        id=cid,
        name=str(data.get("name") or cid),
        version=str(data.get("version") or "1"),
        citation=str(data.get("citation") or ""),
        description=str(data.get("description") or ""),
        frames=tuple(frames),
    )


def load_codebook(path: str | Path) -> Codebook:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError(f"{p}: no such codebook file") from None
    except UnicodeDecodeError:
        raise CodebookError(f"{p}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CodebookError(f"{p}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return codebook_from_dict(data, str(p))
