"""Mandate follow-up: which later steps report a mandate back or close it, as a derived named graph.

A mandate is *reported back* by a later agenda item of a meeting held by the receiver or by the body it
reports to (or presented by the receiver), or by a later step the minutes report with the receiver as actor;
it is *closed* by a later decision ("beslutade att ...") of the giver or of the body it reports to. Kept per
mandate: its first closing decision and the earliest MAX_REPORTS report-back steps before it, so a matter that
many minutes touch (tens of thousands of documents) gives each mandate a few follow-ups, not one per step. "Later"
means a date after the mandate's own date; "on the same matter" means both name the same agreement
(skv:concerns) or share a word of their item titles and texts that is not a generic word of minutes
(generic_words.txt). The result lives in DERIVED_GRAPH, recomputed from all document graphs after each
build, so the document graphs keep only what each document says.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph.build import ntriples_lines, short_hash
from graph.store import NTriples, Store, read_query
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
    """Pure matching of mandate rows against step rows (the two followup_*.rq queries).

    Each step's words and agreements are read once into an index, so a mandate is compared only with the
    steps that share an actor and a matter with it (a corpus of tens of thousands of steps stays fast). Of a
    step only what the matching needs is kept, so `steps` may stream past."""
    dated: list[tuple[str, str, str, frozenset[str]]] = []     # (step, kind, date, actors)
    by_actor: dict[str, set[int]] = {}
    by_matter: dict[str, set[int]] = {}
    for s in steps:
        if not s.get("date"):
            continue
        i = len(dated)
        actors = frozenset(_split(s.get("actors")))
        dated.append((s["step"], s["kind"], s["date"], actors))
        for actor in actors:
            by_actor.setdefault(actor, set()).add(i)
        for agreement in _split(s.get("concerns")):
            by_matter.setdefault("agreement " + agreement, set()).add(i)
        for stem in topic_stems(s.get("text"), s.get("itemTitle")):
            by_matter.setdefault("word " + stem, set()).add(i)
    out = []
    for m in mandates:
        if not m.get("date"):
            continue
        receiver, giver, report_to = m.get("receiver"), m.get("giver"), m.get("reportsTo")
        acting = set().union(*(by_actor.get(a, ()) for a in {receiver, giver, report_to} - {None}))
        keys = ["agreement " + a for a in _split(m.get("concerns"))]
        keys += ["word " + w for w in topic_stems(m.get("itemTitle"), m.get("task"))]
        same = set().union(*(by_matter.get(k, ()) for k in keys))
        found = []
        # By date; on one day the items and reported steps before the decision (the meeting discussed, then decided).
        for i in sorted(acting & same, key=lambda i: (dated[i][2], dated[i][1] == "decision", i)):
            step, kind, when, actors = dated[i]
            if when <= m["date"]:
                continue
            if kind == "decision" and actors & {giver, report_to} - {None}:
                found.append(FollowUp(m["mandate"], step, SKV.Closed, when))
                break       # closed: what comes later no longer follows this mandate up
            if kind in ("item", "reference") and actors & {receiver, report_to} - {None}:
                found.append(FollowUp(m["mandate"], step, SKV.ReportedBack, when))
        reports = [f for f in found if f.status == SKV.ReportedBack][:MAX_REPORTS]
        out += reports + [f for f in found if f.status == SKV.Closed]
    return out


def derived_triples(store: Store) -> tuple[NTriples, str]:
    """The follow-up graph as N-Triples: one skv:FollowUp per (mandate, later step), each mandate's overall status,
    and the graph's content hash (on the graph's IRI). Written line by line, never as an rdflib graph: at ten
    thousand documents it holds hundreds of thousands of triples. Returns the triples and the hash."""
    mandates = store.query_file("followup_mandates")
    status = {m["mandate"]: SKV.Open for m in mandates}
    lines: list[str] = []
    labels = {SKV.Closed: Literal("avslutat genom beslut", lang="sv"), SKV.ReportedBack: Literal("återrapporterat", lang="sv")}
    for f in follow_ups(mandates, store.rows(read_query("followup_steps"))):
        node = ID[f"followup/{short_hash(f.mandate, f.step, length=16)}"]
        lines += ntriples_lines([
            (node, RDF.type, SKV.FollowUp), (node, SKV.followUpOf, URIRef(f.mandate)),
            (node, SKV.followUpStatus, f.status), (node, SKV.evidence, URIRef(f.step)),
            (node, DCTERMS.date, Literal(f.date, datatype=XSD.date)), (node, SKOS.prefLabel, labels[f.status])])
        if RANK[f.status] > RANK[status[f.mandate]]:
            status[f.mandate] = f.status
    lines += ntriples_lines((URIRef(m), SKV.followUpStatus, value) for m, value in status.items())
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()   # the order is stable: rows are ordered
    lines += ntriples_lines([(DERIVED_GRAPH, SKV.contentHash, Literal(digest))])
    return NTriples.of_lines(lines), digest


def stored_hash(store: Store) -> str | None:
    """The content hash the derived graph in the store was written with (None: no derived graph yet)."""
    rows = store.query(f"SELECT ?h WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ <{DERIVED_GRAPH}> <{SKV.contentHash}> ?h }} }}")
    return rows[0]["h"] if rows else None


def refresh(store: Store) -> int:
    """Recompute the derived graph and replace it in the store if it changed (one transaction); its triple count."""
    new, digest = derived_triples(store)
    if store.read_only:
        return len(new)
    if digest != stored_hash(store):
        store.replace_graph(str(DERIVED_GRAPH), new)
    return len(new)

