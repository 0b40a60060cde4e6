"""Typed settings over ``QSettings``.

QSettings hands back strings from INI files ("true", "0.5"), so every value is read
through one typed accessor with a default and a valid range; a damaged settings
file falls back to defaults instead of breaking start-up.  The file lives in the
user data directory (``PARALLAX_DATA_DIR`` in tests), never in the system registry,
so tests and a portable install stay self-contained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from analysis.pipeline import Settings as CoreSettings
from analysis.store import default_data_dir

THEMES = ("light", "dark")


@dataclass(frozen=True)
class Preferences:
    """What the user chose in the settings dialog (values the core and views use)."""

    offtopic_threshold: float | None = None  # None: the off-topic model's own threshold
    include_off_topic: bool = False
    codebook: str = "policy_frames"
    font_size: int = 11
    theme: str = "light"
    model_dir: str = ""  # the user's trained models (tasks missing there use the shipped ones)

    def core(self) -> CoreSettings:
        return CoreSettings(
            include_off_topic=self.include_off_topic,
            offtopic_threshold=self.offtopic_threshold,
            codebook=self.codebook,
            model_dir=self.model_dir or None,
        )


def settings_path() -> Path:
    return default_data_dir() / "settings.ini"


class AppSettings:
    """Read and write :class:`Preferences` and window state."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    # typed accessors ----------------------------------------------------
    def _float(self, key: str, default: float, lo: float, hi: float) -> float:
        try:
            v = float(self._qs.value(key, default))
        except (TypeError, ValueError):
            return default
        return v if lo <= v <= hi else default

    def _threshold(self) -> float | None:
        """The user's off-topic threshold, or None (the model's own) when unset or unusable."""
        if not self._qs.contains("analysis/offtopic_threshold"):
            return None
        try:
            v = float(self._qs.value("analysis/offtopic_threshold"))
        except (TypeError, ValueError):
            return None
        return v if 0.05 <= v <= 0.95 else None

    def _int(self, key: str, default: int, lo: int, hi: int) -> int:
        try:
            v = int(float(self._qs.value(key, default)))
        except (TypeError, ValueError):
            return default
        return v if lo <= v <= hi else default

    def _bool(self, key: str, default: bool) -> bool:
        v = self._qs.value(key, default)
        if isinstance(v, bool):
            return v
        return str(v).strip().lower() in ("1", "true", "yes", "on")

    def _str(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        v = self._qs.value(key, default)
        v = v if isinstance(v, str) and v else default
        return v if allowed is None or v in allowed else default

    # preferences --------------------------------------------------------
    def preferences(self) -> Preferences:
        d = Preferences()
        return Preferences(
            offtopic_threshold=self._threshold(),
            include_off_topic=self._bool("analysis/include_off_topic", d.include_off_topic),
            codebook=self._str("analysis/codebook", d.codebook),
            font_size=self._int("view/font_size", d.font_size, 7, 32),
            theme=self._str("view/theme", d.theme, THEMES),
            model_dir=self._str("analysis/model_dir", ""),
        )

    def save_preferences(self, p: Preferences) -> None:
        if p.offtopic_threshold is None:
            self._qs.remove("analysis/offtopic_threshold")
        else:
            self._qs.setValue("analysis/offtopic_threshold", float(p.offtopic_threshold))
        self._qs.setValue("analysis/include_off_topic", bool(p.include_off_topic))
        self._qs.setValue("analysis/codebook", p.codebook)
        self._qs.setValue("view/font_size", int(p.font_size))
        self._qs.setValue("view/theme", p.theme if p.theme in THEMES else "light")
        self._qs.setValue("analysis/model_dir", p.model_dir)
        self._qs.sync()

    # window state and small memories -------------------------------------
    def bytes_value(self, key: str) -> QByteArray | None:
        v = self._qs.value(key)
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def set_bytes_value(self, key: str, value: QByteArray) -> None:
        self._qs.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        return self._str(key, default)

    def set_text(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
