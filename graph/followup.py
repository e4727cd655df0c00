"""Mandate follow-up: which later steps report a mandate back or close it, as a derived named graph.

A mandate is *reported back* by a later agenda item of a meeting held by the receiver or by the body it
reports to (or presented by the receiver), or by a later step the minutes report with the receiver as actor;
it is *closed* by a later decision ("beslutade att ...") of the giver or of the body it reports to. Kept per
mandate: its first closing decision and the earliest MAX_REPORTS report-back steps before it, so a matter that
many minutes touch (tens of thousands of documents) gives each mandate a few follow-ups, not one per step. "Later"
means a date after the mandate's own date; "on the same matter" means both name the same agreement
(skv:concerns) or share a word of their item titles and texts that is not a generic word of minutes
(generic_words.txt). The result lives in DERIVED_GRAPH, recomputed from all document graphs after each
build that changed one, so the document graphs keep only what each document says.
"""
from __future__ import annotations

import bisect
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Container, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph.build import ntriples_lines, short_hash
from graph.store import NTriples, Store, StoredDocument, read_query
from graph.vocabulary import DERIVED_GRAPH, ID, SKV

GENERIC_WORDS = Path(__file__).resolve().parent / "generic_words.txt"
STEM = 7          # letters compared: "hjälpmedelsavtalet" and "hjälpmedelavtalet" meet
MIN_WORD = 6      # shorter words are too ambiguous to tie two steps to one matter
RANK = {SKV.Open: 0, SKV.ReportedBack: 1, SKV.Closed: 2}
MAX_REPORTS = 3   # report-back steps kept per mandate (the earliest): a mandate on a busy matter stays a few rows


@lru_cache(maxsize=1)
def generic_stems() -> frozenset[str]:
    lines = GENERIC_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(_fold(w)[:STEM] for w in lines if w.strip() and not w.startswith("#"))


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Case and accents folded: "Förstudie" -> "forstudie" (NFKD, combining marks dropped)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def topic_stems(*texts: str | None) -> set[str]:
    """The words of the texts that can tie them to a matter, cut to their first STEM letters."""
    words = re.findall(r"[^\W\d_]+", _fold(" ".join(t for t in texts if t)))
    return {w[:STEM] for w in words if len(w) >= MIN_WORD} - generic_stems()


@dataclass(frozen=True)
class FollowUp:
    mandate: str
    step: str
    status: URIRef      # SKV.ReportedBack or SKV.Closed
    date: str


def _split(value: str | None) -> set[str]:
    return set((value or "").split())


def follow_ups(mandates: list[dict], steps: Iterable[dict]) -> list[FollowUp]:
    """Pure matching of mandate rows against step rows (as inputs() reads them).

    Each step is indexed once under every (acting body, matter) pair it has, in the order the matching walks:
    by date, and on one day the items and reported steps before the decision (the meeting discussed, then decided).
    A mandate then looks up only its own bodies and matters, so tens of thousands of mandates and hundreds of
    thousands of steps stay fast. Of a step only its IRI and date are kept, so `steps` may stream past."""
    names: list[str] = []       # step IRI by arrival
    order: list[tuple[str, bool, int]] = []    # (date, decision, arrival): the walking order
    reports: dict[tuple[str, str], list[int]] = {}     # (body, matter) -> arrivals of items and reported steps
    closings: dict[tuple[str, str], list[int]] = {}    # (body, matter) -> arrivals of decisions
    for s in steps:
        if not s.get("date") or s["kind"] not in ("item", "reference", "decision"):
            continue
        i = len(names)
        names.append(s["step"])
        order.append((s["date"], s["kind"] == "decision", i))
        index = closings if s["kind"] == "decision" else reports
        matters = ["agreement " + a for a in _split(s.get("concerns"))]
        matters += ["word " + w for w in topic_stems(s.get("text"), s.get("itemTitle"))]
        for actor in _split(s.get("actors")):
            for matter in matters:
                index.setdefault((actor, matter), []).append(i)
    order.sort()
    rank = [0] * len(order)
    for r, (_, _, i) in enumerate(order):
        rank[i] = r
    days = [when for when, _, _ in order]
    step_at = [names[i] for _, _, i in order]
    del order, names
    for index in (reports, closings):
        for key, arrivals in index.items():
            index[key] = sorted(rank[i] for i in arrivals)
    del rank

    def after(index: dict, bodies: set, matters: list[str], start: int, limit: int) -> list[int]:
        """The first `limit` ranks from `start` on of each list under the bodies and matters."""
        out = []
        for body in bodies:
            for matter in matters:
                ranks = index.get((body, matter))
                if ranks:
                    j = bisect.bisect_left(ranks, start)
                    out += ranks[j:j + limit]
        return out

    out = []
    for m in mandates:
        if not m.get("date"):
            continue
        receiver, giver, report_to = m.get("receiver"), m.get("giver"), m.get("reportsTo")
        matters = ["agreement " + a for a in _split(m.get("concerns"))]
        matters += ["word " + w for w in topic_stems(m.get("itemTitle"), m.get("task"))]
        start = bisect.bisect_right(days, m["date"])      # the first step dated after the mandate
        # Closed by the first later decision of the giver or the body reported to; what comes later no longer
        # follows this mandate up. Reported back by the earliest later items and steps of the receiver or that body.
        closing = min(after(closings, {giver, report_to} - {None}, matters, start, 1), default=len(days))
        found = sorted({r for r in after(reports, {receiver, report_to} - {None}, matters, start, MAX_REPORTS)
                        if r < closing})[:MAX_REPORTS]
        out += [FollowUp(m["mandate"], step_at[r], SKV.ReportedBack, days[r]) for r in found]
        if closing < len(days):
            out.append(FollowUp(m["mandate"], step_at[closing], SKV.Closed, days[closing]))
    return out


_FACT_LINE = re.compile(r"^[ \t]*#@fact[ \t]*$", re.MULTILINE)


def _bound(name: str, **terms: URIRef) -> str:
    """The query graph/queries/<name>.rq with its '#@fact' line binding the variables to the IRIs."""
    names, values = " ".join("?" + k for k in terms), " ".join(f"<{v}>" for v in terms.values())
    return _FACT_LINE.sub(lambda _: f"  VALUES ({names}) {{ ({values}) }}", read_query(name))


def _nodes(store: Store, prop: URIRef, value: URIRef) -> set[str]:
    """The nodes with this value of the property (followup_nodes.rq), interned: they come back from several."""
    return {sys.intern(row["node"]) for row in store.rows(_bound("followup_nodes", fact=prop, object=value))}


def _facts(store: Store, prop: URIRef, nodes: Container[str]) -> Iterator[tuple[str, str]]:
    """(node, value) of one property for the nodes in `nodes` (followup_facts.rq)."""
    for row in store.rows(_bound("followup_facts", fact=prop)):
        if row["node"] in nodes:
            yield sys.intern(row["node"]), row["value"]


def _least(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """node -> its least value (SPARQL MIN of strings: code point order, as Python compares)."""
    out: dict[str, str] = {}
    for node, value in pairs:
        if node not in out or value < out[node]:
            out[node] = value
    return out


def _every(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """node -> its distinct values (interned: bodies, meetings and agreements recur); tuples, as most have one."""
    out: dict[str, tuple[str, ...]] = {}
    for node, value in pairs:
        known = out.get(node, ())
        if value not in known:
            out[node] = known + (sys.intern(value),)
    return out


class _Everything:
    """Holds every node: a property read whole."""
    def __contains__(self, _: object) -> bool:
        return True


def inputs(store: Store) -> tuple[list[dict], Iterator[dict]]:
    """The mandate rows and the step rows follow_ups() matches, each ordered by IRI.

    Read one property at a time (followup_nodes.rq, followup_facts.rq: index ranges, no joins in the store) and
    joined here, keeping only the nodes the follow-up reads. A step is an agenda item (dated by its meeting; acting:
    the meeting's body and the presenter), a decided decision (dated by the meeting it was decided in; acting: the
    deciding body and the meeting's body) or a reported step (its own date and actor); a meeting counts only when it
    has a date (xsd:date) and someone acting. Its text is the least of its titles, decision texts or actions, its item
    title the least title of the items it is on. A mandate needs a receiver; its date is its own, else its meeting's.
    Of several values the least is kept; of acting bodies and agreements, all. The steps stream, and what only one
    kind of step needs is let go once that step has passed."""
    items = _nodes(store, RDF.type, SKV.AgendaItem)
    decided = _nodes(store, RDF.type, SKV.Decision) & _nodes(store, SKV.status, SKV.Decided)
    references = _nodes(store, RDF.type, SKV.Reference)
    mandates = _nodes(store, RDF.type, SKV.Mandate)
    meetings_of: dict[str, tuple[str, ...]] = {}
    for meeting, item in _facts(store, SKV.hasItem, _Everything()):
        if item in items and meeting not in meetings_of.get(item, ()):
            meetings_of[sys.intern(item)] = meetings_of.get(item, ()) + (meeting,)
    decided_in = _every(_facts(store, SKV.decidedIn, decided | mandates))
    meetings = set().union(*meetings_of.values(), *decided_in.values())
    dates = _least(_facts(store, DCTERMS.date, meetings | references | mandates))
    held_by = _every(_facts(store, SKV.heldBy, meetings))
    presenters = _every(_facts(store, SKV.presenter, items))
    deciders = _every(_facts(store, SKV.decidedBy, decided))
    texts = _least(_facts(store, SKV.text, decided))
    actors = _every(_facts(store, SKV.actor, references))
    actions = _least(_facts(store, SKV.action, references))
    on_item = _every(_facts(store, SKV.onItem, decided | references | mandates))
    titles = _least(_facts(store, DCTERMS.title, items.union(*on_item.values())))
    concerns = _every(_facts(store, SKV.concerns, items | decided | references | mandates))
    receivers = _least(_facts(store, SKV.receiver, mandates))
    givers = _least(_facts(store, SKV.giver, mandates))
    reports_to = _least(_facts(store, SKV.reportsTo, mandates))
    tasks = _least(_facts(store, SKV.task, mandates))
    del meetings

    def item_title(node: str) -> str | None:
        return min((titles[i] for i in on_item.get(node, ()) if i in titles), default=None)

    def agreements(node: str) -> str:
        return " ".join(sorted(concerns.get(node, ())))

    def by_meeting(meetings_of_node: Iterable[str], acting: Iterable[str]) -> tuple[str | None, set[str]]:
        """The earliest date of the dated meetings with someone acting, and everyone acting at them."""
        when, bodies = None, set()
        for meeting in meetings_of_node:
            at = set(held_by.get(meeting, ())).union(acting)
            if meeting in dates and at:
                when = dates[meeting] if when is None else min(when, dates[meeting])
                bodies |= at
        return when, bodies

    rows = []
    for m in sorted(mandates & receivers.keys()):
        date = dates.get(m) or min((dates[x] for x in decided_in.get(m, ()) if x in dates), default=None)
        rows.append({"mandate": m, "date": date, "giver": givers.get(m), "receiver": receivers[m],
                     "reportsTo": reports_to.get(m), "task": tasks.get(m), "itemTitle": item_title(m),
                     "concerns": agreements(m)})
    del receivers, givers, reports_to, tasks, mandates

    def step_rows() -> Iterator[dict]:
        kinds = sorted([(s, "item") for s in items] + [(s, "decision") for s in decided]
                       + [(s, "reference") for s in references])
        for done in (items, decided, references):
            done.clear()
        for step, kind in kinds:
            if kind == "item":
                when, acting = by_meeting(meetings_of.pop(step, ()), presenters.pop(step, ()))
                text, title = titles.get(step), None
            elif kind == "decision":
                when, acting = by_meeting(decided_in.pop(step, ()), deciders.pop(step, ()))
                text, title = texts.pop(step, None), item_title(step)
            else:
                when, acting = dates.get(step), set(actors.pop(step, ()))
                text, title = actions.pop(step, None), item_title(step)
            if when and acting and text is not None:
                yield {"step": step, "kind": kind, "date": when, "actors": " ".join(sorted(acting)), "text": text,
                       "itemTitle": title, "concerns": agreements(step)}

    return rows, step_rows()


def derived_triples(store: Store) -> tuple[list[str], str]:
    """The follow-up graph as N-Triples lines (without their final ' .'): one skv:FollowUp per (mandate, later
    step) and each mandate's overall status; and their hash. Written line by line, never as an rdflib graph: at
    ten thousand documents it holds hundreds of thousands of triples."""
    mandates, steps = inputs(store)
    status = {m["mandate"]: SKV.Open for m in mandates}
    lines: list[str] = []
    labels = {SKV.Closed: Literal("avslutat genom beslut", lang="sv"), SKV.ReportedBack: Literal("återrapporterat", lang="sv")}
    for f in follow_ups(mandates, steps):
        node = ID[f"followup/{short_hash(f.mandate, f.step, length=16)}"]
        lines += ntriples_lines([
            (node, RDF.type, SKV.FollowUp), (node, SKV.followUpOf, URIRef(f.mandate)),
            (node, SKV.followUpStatus, f.status), (node, SKV.evidence, URIRef(f.step)),
            (node, DCTERMS.date, Literal(f.date, datatype=XSD.date)), (node, SKOS.prefLabel, labels[f.status])])
        if RANK[f.status] > RANK[status[f.mandate]]:
            status[f.mandate] = f.status
    lines += ntriples_lines((URIRef(m), SKV.followUpStatus, value) for m, value in status.items())
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()   # the order is stable: rows are ordered
    return lines, digest


def sources_hash(documents: Iterable[StoredDocument]) -> str:
    """A hash of the stored document graphs (store.documents()) and of their content hashes: what the derived
    graph follows from."""
    graphs = sorted(f"{d.graph} {d.content_hash}" for d in documents)
    return hashlib.sha256("\n".join(graphs).encode("utf-8")).hexdigest()


def stored_marks(store: Store) -> dict[str, str]:
    """The marks on the derived graph's IRI in the store: skv:contentHash (of its triples) and skv:sourcesHash
    (of the document graphs it was computed from), each missing when there is no complete derived graph."""
    rows = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ <{DERIVED_GRAPH}> ?p ?o }} }}")
    return {r["p"]: r["o"] for r in rows}


def stored_count(store: Store) -> int:
    """Triples of the derived graph in the store (0: none yet)."""
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def is_current(store: Store, documents: Iterable[StoredDocument] | None = None) -> bool:
    """True when the stored derived graph is complete and was computed from the document graphs now stored
    (`documents`: store.documents(), when the caller has just read them)."""
    sources = sources_hash(store.documents() if documents is None else documents)
    return stored_marks(store).get(str(SKV.sourcesHash)) == sources


PART = 20_000    # triples per transaction when the derived graph is written


def refresh(store: Store) -> int:
    """Bring the derived graph up to date with the document graphs; its triple count.

    Nothing is computed when the stored graph was computed from the document graphs now stored (its sourcesHash).
    Else it is computed again and, when its triples changed, written PART triples per transaction (a graph of
    half a million triples in one transaction took 1.8 GiB more at ten thousand documents), the two hashes last:
    a write cut short leaves a graph without them, which the next build computes again."""
    sources = sources_hash(store.documents())
    marks = stored_marks(store)
    if marks.get(str(SKV.sourcesHash)) == sources:
        return stored_count(store)
    lines, digest = derived_triples(store)
    marked = ntriples_lines([(DERIVED_GRAPH, SKV.contentHash, Literal(digest)),
                             (DERIVED_GRAPH, SKV.sourcesHash, Literal(sources))])
    if store.read_only:
        return len(lines) + len(marked)
    if marks.get(str(SKV.contentHash)) == digest:          # same follow-ups: only the sources moved on
        store.set_value(str(DERIVED_GRAPH), str(DERIVED_GRAPH), str(SKV.sourcesHash), Literal(sources))
    else:
        parts = (NTriples.of_lines(lines[k:k + PART]) for k in range(0, len(lines), PART))
        store.write_graph_in_parts(str(DERIVED_GRAPH), chain(parts, [NTriples.of_lines(marked)]))
    return len(lines) + len(marked)
