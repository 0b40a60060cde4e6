"""Readable plain-text reports of analysis results (the CLI's ``--format text``)."""

from __future__ import annotations

import textwrap


def _clip(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def text_report(r: dict) -> str:
    text = r["text"]
    lines = []
    title = r.get("title") or _clip(text.split("\n", 1)[0], 80)
    head = f"{title}"
    meta = ", ".join(x for x in (r.get("outlet"), r.get("date"), r.get("path")) if x)
    lines.append(head)
    if meta:
        lines.append(f"  {meta}")
    if r.get("sample"):
        lines.append("  SAMPLE — fictional outlet, written for Parallax")
    lines.append(f"  language {r['language']} ({r['script']}), {len(r['segments'])} segments, {len(r['sentences'])} sentences")
    if r["off_topic"]:
        lines.append(f"Off-topic ({len(r['off_topic'])}):")
        for o in r["off_topic"]:
            lines.append(f"  [{o['kind']} {o['score']:.2f}] {_clip(text[o['start']:o['end']])}")
            for reason in o["reasons"]:
                lines.append(f"      - {reason}")
    prof = r.get("attribution_profile")
    if prof:
        lines.append(
            f"Sourcing: {prof['claims']} claims, {prof['attributed_share']:.0%} attributed, "
            f"state media {prof['state_media_share']:.0%}, anonymous {prof['anonymous_share']:.0%}, "
            f"{prof['distinct_sources']} distinct sources"
        )
        for a in r["attributions"]:
            src = a["canonical_source"] or a["source"] or "—"
            lines.append(f"  {a['source_type']:<22} {src:<28} cue '{a['cue']}'")
    frames = r.get("frames")
    if frames:
        top = sorted(frames["distribution"].items(), key=lambda kv: -kv[1])[:4]
        lines.append("Frames: " + ", ".join(f"{k} {v:.0%}" for k, v in top))
    if r.get("loaded_language"):
        lines.append(f"Loaded language: {len(r['loaded_language'])} spans, rate {r['loaded_language_rate']:.3f}")
        lines.append("  " + ", ".join(sorted({text[x['start']:x['end']] for x in r['loaded_language']})[:12]))
    rd = r.get("readability") or {}
    if rd.get("available"):
        keys = [k for k in ("words_per_sentence", "aksharas_per_word", "conjuncts_per_word", "syllables_per_word", "flesch_reading_ease", "long_sentence_share") if k in rd]
        lines.append("Readability: " + ", ".join(f"{k} {rd[k]}" for k in keys))
    elif rd:
        lines.append(f"Readability: not available ({rd.get('reason')})")
    if r["figures"]:
        lines.append("Figures:")
        for f in r["figures"]:
            q = f" ({f['qualifier']})" if f.get("qualifier") else ""
            unit = f" {f['unit']}" if f.get("unit") else ""
            lines.append(f"  {text[f['start']:f['end']]}{q} = {f['value']:g}{unit} [{f.get('about') or '?'}]")
    if r["dates"]:
        lines.append("Dates: " + ", ".join(f"{text[d['start']:d['end']]} = {d['value']}" for d in r["dates"]))
    if r["entities"]:
        names = []
        for e in r["entities"]:
            if e["canonical"] not in names:
                names.append(e["canonical"])
        lines.append("Entities: " + ", ".join(names))
    if r["inconsistencies"]:
        lines.append("Inconsistencies:")
        for i in r["inconsistencies"]:
            lines.extend(textwrap.wrap(f"- {i['explanation']}", 100, initial_indent="  ", subsequent_indent="    "))
    for s in r.get("skipped", []):
        lines.append(f"Skipped {s['feature']}: {s['reason']}")
    return "\n".join(lines)
