"""Off-topic inserts and non-body text: rules for credits and boilerplate, and the
trained :class:`OffTopicDetector` for inserted headlines and passages.

The detector module pulls in scikit-learn (about two seconds to import), so it is loaded
only when asked for: the comparison code uses the light feature helpers alone."""

__all__ = ["load_offtopic"]


def __getattr__(name: str):
    if name == "load_offtopic":
        from analysis.offtopic.detector import load_offtopic

        return load_offtopic
    raise AttributeError(f"module 'analysis.offtopic' has no attribute {name!r}")
