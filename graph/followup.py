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

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph.build import new_graph, short_hash
from graph.store import Store
from graph.vocabulary import DERIVED_GRAPH, ID, SKV

GENERIC_WORDS = Path(__file__).resolve().parent / "generic_words.txt"
STEM = 7          # letters compared: "hjälpmedelsavtalet" and "hjälpmedelavtalet" meet
MIN_WORD = 6      # shorter words are too ambiguous to tie two steps to one matter
RANK = {SKV.Open: 0, SKV.ReportedBack: 1, SKV.Closed: 2}
MAX_REPORTS = 5   # report-back steps kept per mandate (the earliest): a mandate on a busy matter stays a few rows


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


def follow_ups(mandates: list[dict], steps: list[dict]) -> list[FollowUp]:
    """Pure matching of mandate rows against step rows (the two followup_*.rq queries).

    Each step's words and agreements are read once into an index, so a mandate is compared only with the
    steps that share an actor and a matter with it (a corpus of tens of thousands of steps stays fast)."""
    dated = [s for s in steps if s.get("date")]
    by_actor: dict[str, set[int]] = {}
    by_matter: dict[str, set[int]] = {}
    for i, s in enumerate(dated):
        for actor in _split(s.get("actors")):
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
        for i in sorted(acting & same, key=lambda i: (dated[i]["date"], dated[i]["kind"] == "decision", i)):
            s = dated[i]
            if s["date"] <= m["date"]:
                continue
            actors = _split(s.get("actors"))
            if s["kind"] == "decision" and actors & {giver, report_to} - {None}:
                found.append(FollowUp(m["mandate"], s["step"], SKV.Closed, s["date"]))
                break       # closed: what comes later no longer follows this mandate up
            if s["kind"] in ("item", "reference") and actors & {receiver, report_to} - {None}:
                found.append(FollowUp(m["mandate"], s["step"], SKV.ReportedBack, s["date"]))
        reports = [f for f in found if f.status == SKV.ReportedBack][:MAX_REPORTS]
        out += reports + [f for f in found if f.status == SKV.Closed]
    return out


def derived_graph(store: Store) -> Graph:
    """The follow-up graph: one skv:FollowUp per (mandate, later step), and each mandate's overall status."""
    mandates = store.query_file("followup_mandates")
    steps = store.query_file("followup_steps")
    g = new_graph(DERIVED_GRAPH)
    status = {m["mandate"]: SKV.Open for m in mandates}
    for f in follow_ups(mandates, steps):
        node = ID[f"followup/{short_hash(f.mandate, f.step, length=16)}"]
        g.add((node, RDF.type, SKV.FollowUp))
        g.add((node, SKV.followUpOf, URIRef(f.mandate)))
        g.add((node, SKV.followUpStatus, f.status))
        g.add((node, SKV.evidence, URIRef(f.step)))
        g.add((node, DCTERMS.date, Literal(f.date, datatype=XSD.date)))
        g.add((node, SKOS.prefLabel, Literal("avslutat genom beslut" if f.status == SKV.Closed
                                             else "återrapporterat", lang="sv")))
        if RANK[f.status] > RANK[status[f.mandate]]:
            status[f.mandate] = f.status
    for mandate, value in status.items():
        g.add((URIRef(mandate), SKV.followUpStatus, value))
    return g


def refresh(store: Store) -> int:
    """Recompute the derived graph and replace it in the store (one transaction); its triple count."""
    g = derived_graph(store)
    store.replace_graph(str(DERIVED_GRAPH), g)
    return len(g)
