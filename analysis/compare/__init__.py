"""Coverage comparison: stories, alignment, figures and dates across outlets,
contradictions, framing and sourcing side by side."""

from analysis.compare.grouping import group_articles
from analysis.compare.story import run_comparison

__all__ = ["group_articles", "run_comparison"]
