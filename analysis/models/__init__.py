"""The trained models and rule components an analysis uses, loaded once per process."""

from analysis.models.registry import ModelSet

__all__ = ["ModelSet"]
