"""Networkx views of the stored graph: the network of persons, bodies, agreements and meetings the app draws."""
from __future__ import annotations

import networkx as nx

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
