"""The network picture: filters on the networkx graph and a self-contained pyvis/vis-network HTML page (no CDN)."""
from __future__ import annotations

import html
import json
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

import networkx as nx
from pyvis.network import Network


@dataclass(frozen=True)
class NodeStyle:
    """How one node type is drawn and named in the legend."""
    label: str    # Swedish, shown in the legend and the type filter
    color: str
    shape: str    # vis-network shape
    symbol: str   # the same shape as a character, for the legend


STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("Person", "#4C78A8", "dot", "●"),
    "body": NodeStyle("Organ/grupp", "#F58518", "square", "■"),
    "agreement": NodeStyle("Överenskommelse", "#54A24B", "diamond", "◆"),
    "meeting": NodeStyle("Möte", "#B279A2", "triangle", "▲"),
    "decision": NodeStyle("Beslut", "#E45756", "star", "★"),
    "mandate": NodeStyle("Uppdrag", "#2A9D8F", "hexagon", "⬢"),
}
OTHER = NodeStyle("Övrigt", "#9D9D9D", "dot", "●")
#: Types shown before the user chooses: decisions and mandates are many, so they are opt-in.
DEFAULT_TYPES = ("person", "body", "agreement", "meeting")

#: Most nodes drawn at once: vis-network stays responsive, and the page stays small, below this.
MAX_DRAWN = 400
SCALE = 1000          # networkx layout coordinates (about -1..1) -> vis pixels, at most


def spread(count: int) -> float:
    """Pixels per layout unit for `count` drawn nodes: few nodes sit close, so the fitted view keeps labels legible."""
    return float(min(SCALE, max(250, 90 * math.sqrt(max(count, 1)))))

LABEL_LIMIT = 28      # characters of a label drawn on the canvas; the tooltip has the whole name
TOOLTIP_LINES = 8

_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": True, "keyboard": False},
    "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "smooth": False,
              "color": {"color": "#B8B8B8", "highlight": "#555555", "hover": "#555555"}},
}

# vis-network shows a string title as plain text: this turns our escaped HTML titles into elements first.
_TITLES_TO_ELEMENTS = """
                  [nodes, edges].forEach(function (set) {
                      set.forEach(function (item) {
                          if (typeof item.title === "string") {
                              var box = document.createElement("div");
                              box.innerHTML = item.title;
                              set.update({id: item.id, title: box});
                          }
                      });
                  });
"""
_EXTRA_STYLE = """<style>
  body { margin: 0; font-family: sans-serif; overflow: hidden; }
  #mynetwork { box-sizing: border-box; }
  .card { border: none !important; }
  div.vis-tooltip { white-space: normal; max-width: 380px; font-size: 13px; line-height: 1.35; }
  .samkarta-legend { font-size: 13px; padding: 4px 6px; }
  .samkarta-legend span { margin-right: 14px; white-space: nowrap; }
</style>"""


def style(node_type: str | None) -> NodeStyle:
    return STYLES.get(node_type or "", OTHER)


def type_label(node_type: str) -> str:
    return style(node_type).label


# ---------------------------------------------------------------- filters (each returns a subgraph view copy)

def by_types(g: nx.MultiDiGraph, types: Iterable[str]) -> nx.MultiDiGraph:
    wanted = set(types)
    return g.subgraph([n for n, t in g.nodes(data="type") if t in wanted]).copy()


def search(g: nx.MultiDiGraph, text: str) -> nx.MultiDiGraph:
    """Nodes whose label contains `text` (case-insensitive) and their neighbours; all of g when text is blank."""
    needle = text.strip().casefold()
    if not needle:
        return g
    hits = {n for n, label in g.nodes(data="label") if needle in str(label or "").casefold()}
    keep = set(hits)
    for n in hits:
        keep.update(g.predecessors(n))
        keep.update(g.successors(n))
    return g.subgraph(keep).copy()


def ego(g: nx.MultiDiGraph, center: str | None, steps: int) -> nx.MultiDiGraph:
    """The nodes at most `steps` edges from `center`, in either direction; all of g when there is no center."""
    if not center or center not in g:
        return g
    reach = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), center, cutoff=steps)
    return g.subgraph(reach).copy()


def parse_date(value) -> date | None:
    """An ISO date at the start of a value ('2025-02-07', '2025-02-07T…'), else None."""
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def node_dates(g: nx.MultiDiGraph) -> dict[str, date]:
    """The date of every dated node: its own date, or for a decision or mandate the date of its meeting."""
    dates = {n: d for n, d in ((n, parse_date(v)) for n, v in g.nodes(data="date")) if d}
    for node, kind in g.nodes(data="type"):
        if node not in dates and kind in ("decision", "mandate"):
            for _, meeting in g.out_edges(node):
                if meeting in dates:
                    dates[node] = dates[meeting]
                    break
    return dates


#: Node types that happen at a time: with a period chosen, those of unknown date are hidden.
TIMED_TYPES = ("meeting", "decision", "mandate")


def by_period(g: nx.MultiDiGraph, start: date | None, end: date | None,
              dates: dict[str, date] | None = None) -> nx.MultiDiGraph:
    """Drop dated nodes and edges outside [start, end] (and meetings, decisions, mandates of unknown date),
    then the undated nodes left without any connection."""
    if start is None and end is None:
        return g
    dates = node_dates(g) if dates is None else dates
    inside = lambda d: (start is None or d >= start) and (end is None or d <= end)  # noqa: E731
    keep = [n for n, kind in g.nodes(data="type")
            if (inside(dates[n]) if n in dates else kind not in TIMED_TYPES)]
    sub = g.subgraph(keep).copy()
    sub.remove_edges_from([(u, v, k) for u, v, k, when in sub.edges(keys=True, data="date")
                           if parse_date(when) and not inside(parse_date(when))])
    lonely = [n for n in sub if n not in dates and sub.degree(n) == 0 and g.degree(n) > 0]
    sub.remove_nodes_from(lonely)
    return sub


def by_bodies(g: nx.MultiDiGraph, bodies: Iterable[str]) -> nx.MultiDiGraph:
    """The chosen bodies, everything linked to them, and what is linked to their meetings; all of g when none chosen."""
    chosen = [b for b in bodies if b in g]
    if not chosen:
        return g
    keep = set(chosen)
    for body in chosen:
        for n in nx.all_neighbors(g, body):
            keep.add(n)
            if g.nodes[n].get("type") == "meeting":
                keep.update(nx.all_neighbors(g, n))
    return g.subgraph(keep).copy()


def capped(g: nx.MultiDiGraph, limit: int = MAX_DRAWN, degrees: dict[str, int] | None = None,
           keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """At most `limit` nodes: those in `keep` first, then the most connected (ties by IRI); g itself when small."""
    if g.number_of_nodes() <= limit:
        return g
    degrees = dict(g.degree()) if degrees is None else degrees
    must = [n for n in keep if n in g][:limit]
    rest = sorted((n for n in g if n not in set(must)), key=lambda n: (-degrees.get(n, 0), str(n)))
    return g.subgraph(must + rest[: limit - len(must)]).copy()


def fixed_layout(g: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Stable positions: the largest connected part spread by a seeded spring layout, smaller parts in a row below.

    spring_layout on the whole graph pushes small disconnected parts far out and squeezes the main part into a corner.
    """
    simple = nx.Graph(g.to_undirected()) if g.is_directed() or g.is_multigraph() else g
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict[str, tuple[float, float]] = {}
    if not parts:
        return pos
    pos.update(_core_layout(simple.subgraph(parts[0]), seed))
    x, y, row_height = -1.0, 1.25, 0.0
    for part in parts[1:]:
        size = 0.08 * len(part) ** 0.5
        sub = nx.spring_layout(simple.subgraph(part), seed=seed, scale=size, center=(x + size, y + size)) \
            if len(part) > 1 else {next(iter(part)): (x + size, y + size)}
        pos.update({n: (float(a), float(b)) for n, (a, b) in sub.items()})
        x += 2 * size + 0.12
        row_height = max(row_height, 2 * size)
        if x > 1.0:
            x, y, row_height = -1.0, y + row_height + 0.12, 0.0
    return pos


#: Nodes laid out by the spring layout itself; networkx needs scipy for more, and it would be slow.
CORE_SIZE = 450


def _core_layout(main: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of the most connected CORE_SIZE nodes; the rest placed in a ring around a neighbour."""
    nodes = sorted(main, key=lambda n: (-main.degree(n), str(n)))
    core = main.subgraph(nodes[:CORE_SIZE])
    rounds = 60  # 150 looked little better and took 1 s of the first page's 3 s budget on the shipped corpus
    spread = nx.spring_layout(core, seed=seed, k=2.5 / max(1, len(core)) ** 0.5, iterations=rounds)
    pos = {n: (float(x), float(y)) for n, (x, y) in spread.items()}
    if len(nodes) <= CORE_SIZE:
        return pos
    rnd = random.Random(seed)
    for node in nx.bfs_tree(main, nodes[0]):  # the main part is connected: every node is reached from a placed one
        if node in pos:
            continue
        anchor = next((m for m in main[node] if m in pos), None)
        ax, ay = pos[anchor] if anchor is not None else (0.0, 0.0)
        angle, radius = rnd.uniform(0, 2 * math.pi), rnd.uniform(0.03, 0.09)
        pos[node] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
    return pos


def drawn_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str], list[dict]]:
    """Parallel edges between the same two nodes, one drawn line each pair and direction."""
    pairs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for u, v, data in g.edges(data=True):
        pairs[(u, v)].append(data)
    return dict(pairs)


# ---------------------------------------------------------------- HTML

def _short(text: str, limit: int = LABEL_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def node_title(g: nx.MultiDiGraph, node: str, degree: int | None = None) -> str:
    """Tooltip HTML of one node: name, type, date and its first connections; every entity text escaped."""
    data = g.nodes[node]
    esc = html.escape
    lines = [f"<b>{esc(str(data.get('label') or node))}</b>", esc(type_label(data.get("type")))]
    if data.get("date"):
        lines.append(f"Datum: {esc(str(data['date']))}")
    links = []
    for _, target, edge in g.out_edges(node, data=True):
        links.append(f"{esc(str(edge.get('label', '')))} {esc(str(g.nodes[target].get('label') or target))}"
                     + (f": <i>{esc(_short(edge['text'], 90))}</i>" if edge.get("text") else ""))
    for source, _, edge in g.in_edges(node, data=True):
        links.append(f"{esc(str(g.nodes[source].get('label') or source))} {esc(str(edge.get('label', '')))}"
                     + (f": <i>{esc(_short(edge['text'], 90))}</i>" if edge.get("text") else ""))
    count = degree if degree is not None else len(links)
    lines.append(f"Kopplingar: {count}")
    lines.extend(f"• {link}" for link in links[:TOOLTIP_LINES])
    if len(links) > TOOLTIP_LINES:
        lines.append(f"… och {len(links) - TOOLTIP_LINES} till")
    return "<br>".join(lines)


def edge_title(g: nx.MultiDiGraph, source: str, target: str, edges: list[dict]) -> str:
    esc = html.escape
    name = lambda n: esc(str(g.nodes[n].get("label") or n))  # noqa: E731
    lines = []
    for edge in edges:
        line = f"{name(source)} <b>{esc(str(edge.get('label', '')))}</b> {name(target)}"
        if edge.get("text"):
            line += f": <i>{esc(_short(edge['text'], 120))}</i>"
        if edge.get("date"):
            line += f" ({esc(str(edge['date']))})"
        lines.append(line)
    return "<br>".join(lines)


def legend_html(types: Iterable[str] = STYLES) -> str:
    items = [f'<span style="color:{style(t).color}">{style(t).symbol}</span>'
             f'<span>{html.escape(style(t).label)}</span>' for t in types]
    return f'<div class="samkarta-legend">{"".join(items)}</div>'


def node_size(degree: int) -> float:
    return round(10 + 5 * math.sqrt(max(degree, 0)), 1)


def network_html(g: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]] | None = None,
                 degrees: Mapping[str, int] | None = None, height: int = 650) -> str:
    """A whole HTML page drawing g with vis-network inlined: no file or address outside the page is loaded.

    `positions` (networkx layout coordinates) fix every node; nodes without one get a seeded layout of g.
    `degrees` sizes nodes (default: their degree in g), so a filtered view can keep the sizes of the whole graph.
    """
    missing = [n for n in g if not positions or n not in positions]
    pos = dict(positions or {})
    if missing:
        pos.update(fixed_layout(g.subgraph(missing)))
    degrees = degrees if degrees is not None else dict(g.degree())
    scale = spread(g.number_of_nodes())

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for node, data in g.nodes(data=True):
        s = style(data.get("type"))
        x, y = pos[node]
        deg = int(degrees.get(node, g.degree(node)))
        net.add_node(node, label=_short(data.get("label") or node), title=node_title(g, node, deg),
                     color=s.color, shape=s.shape, size=node_size(deg),
                     x=round(x * scale, 1), y=round(y * scale, 1), physics=False)
    for (u, v), edges in drawn_edges(g).items():
        net.add_edge(u, v, title=edge_title(g, u, v, edges), width=min(1 + len(edges), 6))
    net.set_options(json.dumps(_OPTIONS))
    return _offline(net.generate_html(notebook=False), legend_html(_present_types(g)))


def _present_types(g: nx.MultiDiGraph) -> list[str]:
    present = {t for _, t in g.nodes(data="type")}
    return [t for t in STYLES if t in present] + (["other"] if present - set(STYLES) else [])


_EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"'][^\"']*[\"'][^>]*>(?:\s*</script>)?",
                       re.IGNORECASE | re.DOTALL)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADINGS = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")


def _offline(page: str, legend: str) -> str:
    """Drop pyvis' template leftovers that would fetch from the internet (bootstrap from a CDN) and add ours."""
    page = _COMMENTS.sub("", page)
    page = _EXTERNAL.sub("", page)
    page = _HEADINGS.sub("", page)
    page = page.replace("</head>", _EXTRA_STYLE + "</head>", 1)
    page = page.replace('<div class="card" style="width: 100%">', legend + '<div class="card" style="width: 100%">', 1)
    marker = "network = new vis.Network(container, data, options);"
    if marker in page:
        page = page.replace(marker, _TITLES_TO_ELEMENTS + "                  " + marker, 1)
    return page
