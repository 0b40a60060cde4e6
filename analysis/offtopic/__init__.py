"""Off-topic inserts and non-body text: rules for credits and boilerplate, and the
trained :class:`OffTopicDetector` for inserted headlines and passages."""

from analysis.offtopic.detector import load_offtopic

__all__ = ["load_offtopic"]
