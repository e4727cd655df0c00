"""The named questions (graph/queries/*.rq with a '# parameters:' line): run with bound values, print as table/csv/json.

How parameters are bound: every value becomes an RDF term (rdflib `Literal`, or a checked `URIRef` for a
parameter declared `name:iri`) and is written into the query only through `term.n3()`, in one
`VALUES (?a ?b) { (... ...) }` block placed at the start of the query's WHERE group. `n3()` escapes quotes,
backslashes and line breaks, so user text stays one string literal and can never close it. This works the
same for the embedded store and for a SPARQL endpoint (pyoxigraph's `Store.query(substitutions=...)` would
do it for the embedded store only, and graph.store.Store takes query text, so VALUES is the one way for both).
A parameter left out stays unbound; each query treats an unbound parameter as "no filter".
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from rdflib import Literal, URIRef

from extraction.errors import SamkartaError
from graph.store import QUERIES_DIR, Store
from graph.vocabulary import SKV

FORMATS = ("table", "csv", "json")

#: Swedish column headings for table output (csv and json keep the variable names, which stay stable).
HEADINGS = {
    "giver": "Uppdragsgivare", "receiver": "Uppdragstagare", "task": "Uppgift", "date": "Datum",
    "deadline": "Tidsfrist", "reportsTo": "Återrapport till", "meeting": "Möte", "item": "Ärende",
    "quote": "Citat ur källan", "source": "Källa", "mandate": "IRI", "step": "IRI", "kind": "Typ",
    "body": "Organ", "text": "Text", "status": "Status", "type": "Typ av organ", "mandatedBy": "Uppdrag från",
    "parent": "Överordnat organ", "members": "Medlemmar och företrädare", "firstMention": "Först nämnd",
    "lastMention": "Senast nämnd", "documents": "Antal dokument", "sources": "Källor", "person": "Person",
    "relation": "Relation", "target": "Vem/vad", "detail": "Detalj", "iri": "IRI", "name": "Namn",
    "fact": "IRI", "followUpDate": "Uppföljd", "followUp": "Uppföljning", "age": "Ålder (dagar)",
    "overdue": "Försenat", "link": "Steg", "betweenness": "Förbinder (betweenness)", "degree": "Grannar",
    "mandatesGiven": "Gav uppdrag", "mandatesReceived": "Fick uppdrag", "purpose": "Syfte (uppdrag)",
    "representatives": "Deltagare (företräder)",
}

#: Columns a question gets from graph/questions.py after the query: the follow-ups of mandates (a second query,
#: mandate_followups.rq), and what is computed from the row and the day asked.
EXTRA_COLUMNS = {"mandates": ["status", "followUpDate", "followUp", "age", "overdue"]}
#: Up to this many mandates their follow-ups are asked for by IRI; more, and all follow-ups are read at once.
FOLLOW_UPS_BY_IRI = 2000

#: Body types from extraction/patterns/body_types.tsv, in Swedish, for the inventory's type column.
BODY_TYPES_SV = {
    "network": "nätverk", "steering_group": "styrgrupp", "working_group": "arbetsgrupp", "council": "råd",
    "committee": "nämnd/utskott", "board": "styrelse", "programme_group": "programområdesgrupp",
    "department": "förvaltning", "federation": "förbund", "authority": "myndighet", "unit": "enhet",
}

_PARAMETERS_LINE = re.compile(r"^#\s*parameters:(?P<names>[^\n]*)$", re.MULTILINE)
# "# anchor: name -> personNode personName by person_nodes": a given ?name is turned into the rows of
# person_nodes.rq (its ?node and ?nodeName), bound as ?personNode and ?personName instead: the question then starts
# from those nodes, not from every fact of the store. Lines from "#@unanchored" to "#@end" are left out then.
# "..., keeping body" at its end keeps ?body bound as well (the question still tests the name where it is used).
# Lines from "#@anchored" to "#@end" are kept only then.
_ANCHOR_LINE = re.compile(r"^#\s*anchor:\s*(?P<param>\w+)\s*->\s*(?P<vars>\w+(?:\s+\w+)*?)\s+by\s+(?P<query>\w+)"
                          r"(?P<keep>,\s*keeping\s+(?P=param))?\s*$", re.MULTILINE)
_UNANCHORED = re.compile(r"^[ \t]*#@unanchored[ \t]*\n.*?^[ \t]*#@end[ \t]*\n", re.MULTILINE | re.DOTALL)
_ANCHORED = re.compile(r"^[ \t]*#@anchored[ \t]*\n.*?^[ \t]*#@end[ \t]*\n", re.MULTILINE | re.DOTALL)
# Lines from "#@if asOf" to "#@end" are kept only when that parameter is given (work no other answer needs).
_IF_GIVEN = re.compile(r"^[ \t]*#@if[ \t]+(?P<param>\w+)[ \t]*\n(?P<body>.*?)^[ \t]*#@end[ \t]*\n", re.MULTILINE | re.DOTALL)
# Where the VALUES block goes when not at the start of WHERE: every line that is only "#@values".
_VALUES_MARK = re.compile(r"^[ \t]*#@values[ \t]*$", re.MULTILINE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# Characters an IRI may not hold (RFC 3987 / SPARQL IRIREF): they could end the <...> of an IRI.
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
_ABSOLUTE_IRI = re.compile(r"^https?://\S+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A topic this similar (rapidfuzz ratio on case- and accent-folded text) to an agreement's name or alias also
#: follows that name: "Hjälpmedelsavtalet" finds minutes that write it without the linking s.
TOPIC_SIMILARITY = 92


class QuestionError(SamkartaError):
    """An unknown question, a parameter it does not take, or a value that cannot be bound."""


# ---------------------------------------------------------------- the questions on disk

@lru_cache(maxsize=None)
def _text(name: str) -> str:
    return (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


def available() -> list[str]:
    """Names of the questions: the .rq files that declare their parameters (the app's own queries don't)."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.rq") if _PARAMETERS_LINE.search(_text(p.stem)))


def describe(name: str) -> str:
    """The first comment line of the question: what it answers."""
    first = _text(_checked(name)).splitlines()[0]
    return first.lstrip("# ").strip()


def parameters(name: str) -> dict[str, str]:
    """Parameter name -> kind ('literal' or 'iri'), from the '# parameters: topic agreement:iri' line."""
    match = _PARAMETERS_LINE.search(_text(_checked(name)))
    result = {}
    for word in match["names"].split():
        param, _, kind = word.partition(":")
        result[param] = kind or "literal"
    return result


def columns(name: str) -> list[str]:
    """The projected variables of the question, in order (for headers when there are no rows)."""
    text = _text(_checked(name))
    clause = text[re.search(r"\bSELECT\b", text).end():_WHERE.search(text).start()]
    names, depth, i = [], 0, 0
    while i < len(clause):
        ch = clause[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch in "?$":
            m = re.match(r"[?$](\w+)", clause[i:])
            before = clause[:i].rstrip()
            if depth == 0 or (depth == 1 and re.search(r"\bAS$", before, re.IGNORECASE)):
                names.append(m[1])
            i += len(m[0])
            continue
        i += 1
    return names + EXTRA_COLUMNS.get(name, [])


def _checked(name: str) -> str:
    if name not in available():
        raise QuestionError(f"there is no question named {name!r}; choose one of {', '.join(available())}",
                            f"det finns ingen fråga som heter {name!r}; välj bland {', '.join(available())}")
    return name


# ---------------------------------------------------------------- binding and running

def _term(param: str, kind: str, value: Any) -> Literal | URIRef:
    if kind == "iri":
        text = str(value)
        if not _ABSOLUTE_IRI.match(text) or _BAD_IRI.search(text):
            raise QuestionError(f"{param} must be an http(s) IRI without spaces or <>\"{{}}|^`\\, not {text!r}",
                                f"{param} måste vara en IRI (http/https)")
        return URIRef(text)
    return Literal(str(value))


def bind(sparql: str, values: dict[str | tuple[str, ...], Any]) -> str:
    """The query with a VALUES block of the given terms (n3()-escaped) at each '#@values' line, or else at the
    start of its WHERE group. A value that is a list gives one row per element (the other values repeated); a
    key that is a tuple of names takes a list of tuples of terms, one row each (values that belong together)."""
    if not values:
        return sparql
    names, rows = [], [[]]
    for key, term in values.items():
        group = key if isinstance(key, tuple) else (key,)
        names += group
        choices = term if isinstance(term, list) else [term]
        choices = [c if isinstance(key, tuple) else (c,) for c in choices]
        rows = [row + list(choice) for row in rows for choice in choices]
    block = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    clause = f"VALUES ({' '.join('?' + n for n in names)}) {{ {block} }}"
    if _VALUES_MARK.search(sparql):
        return _VALUES_MARK.sub(lambda _: "    " + clause, sparql)   # a function: no escapes in clause are read
    match = _WHERE.search(sparql)
    return f"{sparql[:match.end()]}\n  {clause}{sparql[match.end():]}"


def _anchored(store: Store, name: str, values: dict[str, Any]) -> tuple[str, dict | None]:
    """The question's text and values with its given anchored parameter replaced by (or, "keeping", joined with)
    the rows its anchor query finds, the '#@unanchored' blocks left out; None for the values when it matches
    nothing. With no anchored parameter given, or two, the '#@anchored' blocks are left out instead."""
    text = _text(name)
    anchors = [a for a in _ANCHOR_LINE.finditer(text) if a["param"] in values]
    if len(anchors) != 1:       # none given, or two (path: a topic and an agreement): the question as written
        return _ANCHORED.sub("", text), values
    anchor = anchors[0]
    found = store.query(bind(_text(anchor["query"]), {anchor["param"]: values[anchor["param"]]}))
    found = [r for r in found if r.get("node") and not _BAD_IRI.search(r["node"])]
    if not found:
        return text, None
    targets = tuple(anchor["vars"].split())
    columns = list(found[0])[:len(targets)]      # ?node first, then literals (a name, a flag)
    if not anchor["keep"]:
        values = {k: v for k, v in values.items() if k != anchor["param"]}
    values[targets] = [tuple(URIRef(r[c]) if c == "node" else Literal(str(r[c])) for c in columns) for r in found]
    return _UNANCHORED.sub("", text), values


def run_query(store: Store, name: str, /, **params: Any) -> list[dict[str, Any]]:
    """Rows of the named question, parameters bound as values; None or '' means "not given".

    A `topic` that is an absolute http(s) IRI is bound to `agreement` when the question takes one
    (samkarta query path --topic https://samkarta.se/id/agreement/...). A literal topic also follows the names
    of agreements spelled almost like it (TOPIC_SIMILARITY). `as_of` is accepted for `asOf` (an ISO date);
    `open` is a flag (False/None = not given).
    """
    declared = parameters(_checked(name))
    if "as_of" in params:
        params = dict(params)
        params["asOf"] = params.pop("as_of") or params.get("asOf")
    if params.get("open") is False:
        params = {k: v for k, v in params.items() if k != "open"}
    given = {k: v for k, v in params.items() if v is not None and str(v) != ""}
    topic = given.get("topic")
    if "agreement" in declared and topic is not None and _ABSOLUTE_IRI.match(str(topic)):
        given["agreement"] = given.pop("topic")
    unknown = sorted(set(given) - set(declared))
    if unknown:
        takes = ", ".join(declared) or "no parameters"
        raise QuestionError(f"the question {name!r} takes no {', '.join(unknown)} (it takes: {takes})",
                            f"frågan {name!r} tar inte {', '.join(unknown)}")
    as_of = given.get("asOf")
    if as_of is not None and not (_ISO_DATE.match(str(as_of)) and _valid_date(str(as_of))):
        raise QuestionError(f"--as-of must be a date written YYYY-MM-DD, not {as_of!r}",
                            f"datumet måste skrivas ÅÅÅÅ-MM-DD, inte {as_of!r}")
    values: dict[str, Any] = {k: _term(k, declared[k], v) for k, v in given.items()}
    if "topic" in values and isinstance(values["topic"], Literal):
        values["topic"] = [values["topic"], *(Literal(t) for t in similar_names(store, str(values["topic"])))]
    text, values = _anchored(store, name, values)
    if values is None:
        return []
    text = _IF_GIVEN.sub(lambda m: m["body"] if m["param"] in given else "", text)
    rows = store.query(bind(text, values))
    if name == "inventory":
        rows = [_with_type(r) for r in rows]
    if name == "mandates":
        rows = _with_follow_ups(store, rows, values.get("asOf"))
        rows = _follow_up(rows, str(as_of) if as_of else None, only_open="open" in given)
    return rows


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def similar_names(store: Store, topic: str) -> list[str]:
    """Names and aliases of agreements spelled almost like the topic (but not containing it already)."""
    from rapidfuzz import fuzz

    from extraction.names import fold
    rows = store.query("PREFIX skv: <https://samkarta.se/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                       "SELECT DISTINCT ?label WHERE { ?a a skv:Agreement . "
                       "{ ?a skos:prefLabel ?label } UNION { ?a skos:altLabel ?label } }")
    wanted = fold(topic)
    out = set()
    for row in rows:
        label = str(row["label"])
        if wanted in fold(label) or not wanted:
            continue
        if fuzz.ratio(wanted, fold(label)) >= TOPIC_SIMILARITY:
            out.add(label)
    return sorted(out)


def _with_follow_ups(store: Store, rows: list[dict[str, Any]], as_of: Literal | None) -> list[dict[str, Any]]:
    """Add status ("avslutat" when a follow-up closed the mandate, "återrapporterat" when one reported on it, else
    "öppet"), followUpDate (the latest) and followUp (each "date beslut|ärende: step", the latest first), from the
    derived graph."""
    values: dict[str, Any] = {} if as_of is None else {"asOf": as_of}
    iris = [r["mandate"] for r in rows if r.get("mandate")]
    if not iris:
        return [{**r, "status": "öppet", "followUpDate": None, "followUp": None} for r in rows]
    if len(iris) <= FOLLOW_UPS_BY_IRI and not any(_BAD_IRI.search(i) for i in iris):
        values["mandate"] = [URIRef(i) for i in dict.fromkeys(iris)]
    found: dict[str, list[dict[str, Any]]] = {}
    for f in store.query(bind(_text("mandate_followups"), values)):
        found.setdefault(f["mandate"], []).append(f)
    out = []
    for row in rows:
        follow_ups = found.get(row.get("mandate"), [])
        closed = any(f["status"] == str(SKV.Closed) for f in follow_ups)
        texts = {f"{f['date']}{' beslut: ' if f['status'] == str(SKV.Closed) else ' ärende: '}"
                 f"{f['stepName'] if f['stepName'] is not None else f['step']}" for f in follow_ups}
        out.append({**row, "status": "avslutat" if closed else "återrapporterat" if follow_ups else "öppet",
                    "followUpDate": max((str(f["date"]) for f in follow_ups), default=None),
                    "followUp": " | ".join(sorted(texts, reverse=True)) or None})   # the latest first
    return out


def _follow_up(rows: list[dict[str, Any]], as_of: str | None, only_open: bool) -> list[dict[str, Any]]:
    """Add age (days since the mandate's date) and overdue (an ISO deadline passed while still open); with
    only_open keep the open mandates, overdue first, then oldest first."""
    day = date.fromisoformat(as_of) if as_of else date.today()
    out = []
    for row in rows:
        given = _iso(row.get("date"))
        deadline = _iso(row.get("deadline"))
        out.append({**row, "age": (day - given).days if given else None,
                    "overdue": bool(deadline and deadline < day and row.get("status") == "öppet")})
    if only_open:
        out = [r for r in out if r.get("status") == "öppet"]
        out.sort(key=lambda r: (not r["overdue"], r["age"] is None, -(r["age"] or 0), r.get("mandate") or ""))
    return out


def _iso(value: Any) -> date | None:
    if isinstance(value, str) and _ISO_DATE.match(value) and _valid_date(value):
        return date.fromisoformat(value)
    return None


def _with_type(row: dict[str, Any]) -> dict[str, Any]:
    """Fill an inventory row's missing type from the body's name (the extraction's body-type words)."""
    if row.get("type") or not row.get("name"):
        return row
    from extraction import gazetteers
    for word in re.findall(r"[\w-]+", row["name"]):
        code = gazetteers.body_abbreviations().get(word) or gazetteers.body_type(word)
        if code:
            return {**row, "type": BODY_TYPES_SV.get(code, code)}
    return row


# ---------------------------------------------------------------- output

def format_rows(rows: list[dict[str, Any]], fmt: str = "table", columns: Iterable[str] | None = None,
                width: int = 60) -> str:
    """Rows as an aligned table with Swedish headings (cells cut at `width`), CSV with a header row, or JSON."""
    if fmt not in FORMATS:
        raise QuestionError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}",
                            f"okänt format {fmt!r}")
    cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        writer.writerows([["" if r.get(c) is None else r.get(c) for c in cols] for r in rows])
        return out.getvalue()
    if not rows:
        return "(inga rader)\n"
    cells = [[_cell(r.get(c), width) for c in cols] for r in rows]
    heads = [HEADINGS.get(c, c) for c in cols]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + f"\n({len(rows)} rader)\n"


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
