"""A document's text as escaped HTML with its facts' sentences marked, one of them in focus."""
from __future__ import annotations

import html
from typing import Iterable, Mapping

#: Swedish names of the fact types that have sentences.
FACT_TYPES = {
    "https://samkarta.se/ns#Attendance": "närvaro", "https://samkarta.se/ns#AgendaItem": "ärende",
    "https://samkarta.se/ns#Decision": "beslut", "https://samkarta.se/ns#Mandate": "uppdrag",
    "https://samkarta.se/ns#Reference": "hänvisning", "http://www.w3.org/ns/org#Membership": "roll",
}
COLORS = {"beslut": "#fde2e1", "uppdrag": "#d5f0ec", "hänvisning": "#e6e0f3", "ärende": "#fff1cc",
          "närvaro": "#e3ecf7", "roll": "#f3e6d8"}

STYLE = """<style>
  body { font-family: sans-serif; font-size: 14px; line-height: 1.5; margin: 0 6px; color: #222; }
  .dokumenttext { white-space: pre-wrap; }
  mark { border-radius: 3px; padding: 0 1px; }
  mark.fokus { outline: 3px solid #d62728; background: #ffe08a !important; }
  .utdrag { margin: 0 0 10px 0; padding: 4px 6px; border-left: 3px solid #ccc; }
</style>"""
_SCROLL = """<script>
  var target = document.getElementById("fokus");
  if (target) { target.scrollIntoView({block: "center"}); }
</script>"""


def kind(type_iri: str | None) -> str:
    return FACT_TYPES.get(type_iri or "", "uppgift")


def _mark(text: str, kinds: list[str], focus: bool, anchor: bool | None = None) -> str:
    label = ", ".join(sorted(set(kinds)))
    color = COLORS.get(kinds[0], "#eeeeee")
    anchor = focus if anchor is None else anchor
    attrs = (' id="fokus"' if anchor else "") + (' class="fokus"' if focus else "")
    return (f'<mark{attrs} title="{html.escape(label)}" style="background:{color}">'
            f"{html.escape(text)}</mark>")


def highlighted(text: str, spans: Iterable[Mapping], focus: int | None = None) -> str:
    """The text with every span (start, end, type) marked; spans overlapping `focus` (a start offset) are in focus.

    Overlapping spans are cut into segments, each marked once with every kind that covers it.
    """
    spans = [s for s in spans if s.get("start") is not None and 0 <= s["start"] < s["end"] <= len(text)]
    focus_span = next((s for s in spans if s["start"] == focus), None)
    bounds = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    parts = []
    first_focus = True
    for a, b in zip(bounds, bounds[1:]):
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        piece = text[a:b]
        if not covering:
            parts.append(html.escape(piece))
            continue
        in_focus = focus_span is not None and focus_span["start"] <= a and b <= focus_span["end"]
        parts.append(_mark(piece, [kind(s.get("type")) for s in covering], in_focus, in_focus and first_focus))
        first_focus = first_focus and not in_focus
    return f'<div class="dokumenttext">{"".join(parts)}</div>'


def excerpts(spans: Iterable[Mapping], focus: int | None = None) -> str:
    """Without the document's text: every fact's sentence in text order, the one at `focus` marked."""
    rows = []
    done_focus = False
    for s in spans:
        is_focus = s.get("start") == focus and not done_focus
        done_focus = done_focus or is_focus
        rows.append(f'<p class="utdrag">{_mark(str(s.get("quote") or ""), [kind(s.get("type"))], is_focus)}'
                    f' <small>({html.escape(kind(s.get("type")))}, tecken {int(s["start"])})</small></p>')
    return "".join(rows)


def page(body: str) -> str:
    """A whole HTML page for an iframe: the marked text, scrolled to the sentence in focus."""
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{STYLE}</head><body>{body}{_SCROLL}</body></html>"
