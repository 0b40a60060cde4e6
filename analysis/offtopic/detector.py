"""Off-topic detection (rules layer; the trained detector arrives with its issue)."""

from __future__ import annotations

from analysis.model import OffTopicSpan


class RuleOffTopic:
    """Credits found by segmentation become ``caption_credit`` spans."""

    def detect(self, text, blocks, sentences, lang, title, settings):
        spans = [
            OffTopicSpan(b.start, b.end, b.kind, 1.0, ("photo or image credit, not article text",))
            for b in blocks
            if b.kind == "caption_credit"
        ]
        return spans, {}


def load_offtopic(model_dir):
    return RuleOffTopic(), None
