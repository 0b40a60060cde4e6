"""Readable text report of a comparison (``parallax compare --format text``)."""

from __future__ import annotations

from analysis.model import Analysis, Comparison


def _clip(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def comparison_report(c: Comparison, analyses: list[Analysis]) -> str:
    def name(i):
        a = c.articles[i]
        return f"[{i + 1}] {a.outlet or a.path or a.id} ({a.language})"

    lines = ["Articles:"]
    lines += [f"  {name(i)} {a.title or ''}" for i, a in enumerate(c.articles)]
    if c.duplicates:
        lines.append("Near-duplicates (wire copy): " + ", ".join(f"{i + 1}~{j + 1} ({s:.0%})" for i, j, s in c.duplicates))
    lines.append(f"Shared claims: {len(c.shared_claims)}")
    for sc in c.shared_claims[:30]:
        first = sc.spans[0]
        lines.append(f"  - {_clip(analyses[first.article].text[first.start:first.end])}")
        for s in sc.spans:
            lines.append(f"      {name(s.article)}: source {s.source or s.source_type or 'none given'}")
    lines.append(f"Reported by one article only: {len(c.unique)} passages")
    lines.append("Figures:")
    for g in c.figures:
        flag = "DISAGREE" if g.disagree else "agree"
        vals = "; ".join(f"{name(v.article)} {v.value:g}{' ' + v.qualifier_kind if v.qualifier_kind else ''}{' (' + v.source + ')' if v.source else ''}" for v in g.values)
        lines.append(f"  {g.about}: {flag}: {vals}")
    lines.append("Dates:")
    for g in c.dates:
        if g.about == "other":
            continue
        lines.append(f"  {g.about}: {'DISAGREE' if g.disagree else 'agree'}: " + "; ".join(f"{name(v.article)} {v.value}" for v in g.values))
    if c.contradictions:
        lines.append("Contradictions:")
        lines += [f"  - {x.explanation}" for x in c.contradictions]
    if c.frames:
        lines.append("Framing (top frames):")
        for i, d in c.frames:
            top = sorted(d.items(), key=lambda kv: -kv[1])[:3]
            lines.append(f"  {name(i)}: " + ", ".join(f"{k} {v:.0%}" for k, v in top))
    lines.append("Sourcing:")
    for i, p in c.attribution:
        if p:
            lines.append(f"  {name(i)}: attributed {p.attributed_share:.0%}, state media {p.state_media_share:.0%}, anonymous {p.anonymous_share:.0%}, types {p.by_type}")
    return "\n".join(lines)
