"""Page Dokument: the documents in the store, one document's text with its facts marked, opened at a sentence.

Other pages link here with ?doc=<document graph IRI>&at=<start offset of the sentence>.
"""
from __future__ import annotations

import streamlit as st

from app_pages import data, links, texts

STATUS = {"https://samkarta.se/ns#Decided": "beslutat", "https://samkarta.se/ns#Proposed": "förslag till beslut",
          "https://samkarta.se/ns#Postponed": "bordlagt"}
KIND = {"minutes": "protokoll", "agenda": "kallelse"}
TEXT_HEIGHT = 520


def show_facts(heading: str, rows: list[dict], columns: dict[str, object], empty: str) -> None:
    """A counted heading and a table of one kind of fact; `columns` maps a Swedish heading to a row key or function."""
    st.markdown(f"#### {heading} ({len(rows)})")
    if not rows:
        st.caption(empty)
        return
    st.dataframe([{title: (key(r) if callable(key) else r.get(key)) or "" for title, key in columns.items()}
                  for r in rows], hide_index=True, width="stretch", column_config={"Länk": links.column("Visa")})


def at_offset(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


path, stamp = data.opened()
docs = data.documents(path, stamp)

st.title("Dokument")
st.caption("Protokollen som kunskapsgrafen bygger på och vad som lästes ur vart och ett. "
           "Färgade stycken i texten är meningar som en uppgift lästes ur.")

if not docs:
    st.info("Det finns inga dokument i kunskapsgrafen ännu.")
    st.stop()

by_graph = {d["g"]: d for d in docs}
wanted_doc = st.query_params.get("doc")
wanted_at = at_offset(st.query_params.get("at"))
if wanted_doc is not None and wanted_doc not in by_graph:
    st.warning("Dokumentet som länken pekar på finns inte längre i kunskapsgrafen.")
    wanted_doc = None

with st.expander(f"Alla dokument ({len(docs)})", expanded=wanted_doc is None):
    st.dataframe([{
        "Dokument": d.get("name") or d["doc"],
        "Möte": d.get("meeting") or "",
        "Typ": KIND.get(d.get("meetingKind") or "", d.get("meetingKind") or ""),
        "Beslut": d["decisions"],
        "Uppdrag": d["mandates"],
        "Närvarorader": d["attendances"],
        "Ärenden": d["items"],
        "Hänvisningar": d["references"],
    } for d in docs], hide_index=True, width="stretch")

options = list(by_graph)
if wanted_doc is not None and st.session_state.get("dokument_lank") != (wanted_doc, wanted_at):
    # A link was followed: show its document (once; the user may then choose another).
    st.session_state["dokument_val"] = wanted_doc
    st.session_state["dokument_lank"] = (wanted_doc, wanted_at)
chosen = st.selectbox("Välj dokument", options=options, key="dokument_val",
                      format_func=lambda g: f"{by_graph[g].get('name') or g} – {by_graph[g].get('meeting') or ''}")
doc = by_graph[chosen]
focus = wanted_at if chosen == wanted_doc else None
if chosen != wanted_doc and wanted_doc is not None:
    st.query_params.clear()

st.subheader(doc.get("name") or chosen)
if doc.get("meeting"):
    st.markdown(f"Möte: **{doc['meeting']}**")

spans = data.spans(path, stamp, chosen)
text = data.document_text(path, stamp, chosen)
if focus is not None:
    here = [s for s in spans if s["start"] == focus]
    if here:
        sentence = text[here[0]["start"]:here[0]["end"]] if text else here[0]["quote"]
        kinds = ", ".join(sorted({texts.kind(s.get("type")) for s in here}))
        st.info(f"**Meningen ({kinds}):** {sentence}", icon=":material/format_quote:")
    else:
        st.warning("Meningen som länken pekar på finns inte i dokumentet; hela texten visas.")
        focus = None

if text is not None:
    body = texts.highlighted(text, spans, focus)
else:
    st.caption("Dokumentets fullständiga text finns inte i kunskapsgrafen: här visas meningarna som "
               "uppgifterna lästes ur, i textens ordning.")
    body = texts.excerpts(spans, focus)
st.iframe(texts.page(body), height=TEXT_HEIGHT)

sources = data.sources(path, stamp)


def link(row: dict, key: str) -> str | None:
    return links.url(sources.get(row.get(key)))


show_facts("Beslut", [r for r in data.decisions(path, stamp) if r["g"] == chosen], {
    "Punkt": "item",
    "Status": lambda r: STATUS.get(r.get("status") or "", ""),
    "Beslut": "text",
    "Organ": "body",
    "Källa": "quote",
    "Länk": lambda r: link(r, "decision"),
}, "Inga beslut lästes ur dokumentet.")

show_facts("Uppdrag", [r for r in data.mandates(path, stamp)
                       if (sources.get(r.get("mandate")) or {}).get("g") == chosen], {
    "Uppdragsgivare": "giver",
    "Mottagare": "receiver",
    "Uppdrag": "task",
    "Tidsfrist": "deadline",
    "Källa": "quote",
    "Länk": lambda r: link(r, "mandate"),
}, "Inga uppdrag lästes ur dokumentet.")
