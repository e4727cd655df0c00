"""Networkx views of the stored graph: the network the app draws, and analyses of it (mandate chains between
bodies, the bodies that connect the most others, groups without a known mandate)."""
from __future__ import annotations

import networkx as nx

from extraction.errors import SamkartaError
from graph.store import Store

NODE_TYPES = ("person", "body", "agreement", "meeting", "decision", "mandate")


def to_networkx(store: Store, include_facts: bool = False) -> nx.MultiDiGraph:
    """Nodes keyed by IRI with `iri`, `label`, `type` (person/body/agreement/meeting[/decision/mandate]);
    edges with a Swedish `label` ("deltog i", "gav uppdrag till", "ordförande i", "nämns i" ...) and `kind`."""
    g = nx.MultiDiGraph()
    for row in store.query_file("nodes"):
        iri = row["node"]
        if iri in g and NODE_TYPES.index(g.nodes[iri]["type"]) <= NODE_TYPES.index(row["type"]):
            continue  # an IRI typed twice keeps the first type in NODE_TYPES order
        g.add_node(iri, iri=iri, type=row["type"], label=row["label"] or _tail(iri),
                   **({"date": row["date"]} if row.get("date") else {}))
    for row in store.query_file("edges"):
        source, target = row["source"], row["target"]
        if source not in g or target not in g:
            continue
        attrs = {"label": row["label"], "kind": row["kind"]}
        for key in ("fact", "date", "text"):
            if row.get(key) is not None:
                attrs[key] = row[key]
        g.add_edge(source, target, **attrs)
    if include_facts:
        for row in store.query_file("facts"):
            fact = row["fact"]
            g.add_node(fact, iri=fact, type=row["type"], label=row["label"] or _tail(fact))
            g.add_edge(fact, row["meeting"], label="beslutat vid" if row["type"] == "decision" else "gavs vid",
                       kind=f"{row['type']}_at")
    return g


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- analyses (samkarta analyse)

#: Inventory types (graph/questions.py BODY_TYPES_SV) that are groups formed to collaborate, as opposed to
#: authorities, departments and units: these are expected to have been given a mandate by someone.
GROUP_TYPES = ("arbetsgrupp", "styrgrupp", "programområdesgrupp", "nätverk", "råd")


class AnalysisError(SamkartaError):
    """A body name that matches nothing, or more than one body."""


def mandate_graph(store: Store) -> nx.DiGraph:
    """Parties (bodies and persons) with an edge giver -> receiver for each pair with at least one mandate;
    the edge keeps the mandates as a list of {task, date, fact}."""
    full = to_networkx(store)
    g = nx.DiGraph()
    for source, target, data in full.edges(data=True):
        if data.get("kind") != "mandate":
            continue
        for node in (source, target):
            g.add_node(node, **full.nodes[node])
        if not g.has_edge(source, target):
            g.add_edge(source, target, mandates=[])
        g.edges[source, target]["mandates"].append(
            {"task": data.get("text"), "date": data.get("date"), "fact": data.get("fact")})
    for _, _, data in g.edges(data=True):
        data["mandates"].sort(key=lambda m: (m["date"] is None, m["date"] or "", m["fact"] or ""))
    return g


def find_node(g: nx.Graph, name: str, types: tuple[str, ...] = ("body",)) -> str:
    """The node whose IRI is `name`, else whose label equals it (case-insensitive), else the one whose label
    contains it; an error naming the candidates when none or several match."""
    if name in g:
        return name
    wanted = name.casefold()
    nodes = [(n, d) for n, d in g.nodes(data=True) if d.get("type") in types]
    exact = [n for n, d in nodes if str(d.get("label", "")).casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = sorted(n for n, d in nodes if wanted in str(d.get("label", "")).casefold())
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise AnalysisError(f"no body is named like {name!r}", f"inget organ heter något som liknar {name!r}")
    labels = ", ".join(sorted(str(g.nodes[n]["label"]) for n in partial)[:8])
    raise AnalysisError(f"{name!r} matches several bodies ({labels}); give more of the name",
                        f"{name!r} passar flera organ ({labels}); skriv mer av namnet")


def mandate_chain(store: Store, source: str, target: str) -> list[dict]:
    """The shortest chain of mandates from one body (or person) to another, following giver -> receiver;
    one row per link: link (1, 2, ...), giver, receiver, task, date, mandate (its IRI). [] when no chain exists."""
    g = mandate_graph(store)
    types = ("body", "person")
    try:
        start, end = find_node(g, source, types), find_node(g, target, types)
    except AnalysisError:
        full = to_networkx(store)
        for name in (source, target):  # a body that exists but gave and got no mandate: no chain, not an error
            find_node(full, name, types)
        return []
    try:
        path = nx.shortest_path(g, start, end)
    except nx.NetworkXNoPath:
        return []
    rows = []
    for step, (a, b) in enumerate(zip(path, path[1:]), start=1):
        first = g.edges[a, b]["mandates"][0]
        rows.append({"link": step, "giver": g.nodes[a]["label"], "receiver": g.nodes[b]["label"],
                     "task": first["task"], "date": first["date"], "mandate": first["fact"]})
    return rows


def body_centrality(store: Store, top: int | None = None) -> list[dict]:
    """Bodies ranked by how much they connect the others: betweenness centrality in the undirected network of
    persons, bodies, agreements and meetings; with degree (distinct neighbours) and mandates given/received."""
    full = to_networkx(store)
    simple = nx.Graph(full.to_undirected())
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    rows = []
    for node, data in full.nodes(data=True):
        if data["type"] != "body":
            continue
        kinds = [d.get("kind") for *_, d in full.out_edges(node, data=True)]
        received = [d.get("kind") for *_, d in full.in_edges(node, data=True)]
        rows.append({"body": data["label"], "betweenness": round(betweenness.get(node, 0.0), 6),
                     "degree": simple.degree(node), "mandatesGiven": kinds.count("mandate"),
                     "mandatesReceived": received.count("mandate"), "iri": node})
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["body"].casefold(), r["iri"]))
    return rows[:top] if top else rows


def unmandated_groups(store: Store) -> list[dict]:
    """Collaboration groups (GROUP_TYPES) that no stored mandate names as receiver: the gaps of the inventory."""
    from graph.questions import run_query
    rows = []
    for row in run_query(store, "inventory"):
        if row.get("type") in GROUP_TYPES and not row.get("mandatedBy"):
            rows.append({"name": row["name"], "type": row["type"], "parent": row.get("parent"),
                         "firstMention": row.get("firstMention"), "lastMention": row.get("lastMention"),
                         "sources": row.get("sources"), "iri": row["iri"]})
    return rows


ANALYSES = {"chain": mandate_chain, "centrality": body_centrality, "unmandated": unmandated_groups}
COLUMNS = {
    "chain": ["link", "giver", "receiver", "task", "date", "mandate"],
    "centrality": ["body", "betweenness", "degree", "mandatesGiven", "mandatesReceived", "iri"],
    "unmandated": ["name", "type", "parent", "firstMention", "lastMention", "sources", "iri"],
}
