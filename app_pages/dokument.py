"""Page Dokument: the documents in the store with counts of their facts, and one document's facts with their sources."""
from __future__ import annotations

import streamlit as st

from app_pages import data

STATUS = {"https://samkarta.se/ns#Decided": "beslutat", "https://samkarta.se/ns#Proposed": "förslag till beslut",
          "https://samkarta.se/ns#Postponed": "bordlagt"}
KIND = {"minutes": "protokoll", "agenda": "kallelse"}


def show_facts(heading: str, rows: list[dict], columns: dict[str, object], empty: str) -> None:
    """A counted heading and a table of one kind of fact; `columns` maps a Swedish heading to a row key or function."""
    st.markdown(f"#### {heading} ({len(rows)})")
    if not rows:
        st.caption(empty)
        return
    st.dataframe([{title: (key(r) if callable(key) else r.get(key)) or "" for title, key in columns.items()}
                  for r in rows], hide_index=True, width="stretch")


path = str(data.store_path())
stamp = data.version(data.current_store())
docs = data.documents(path, stamp)

st.title("Dokument")
st.caption("Protokollen som kunskapsgrafen bygger på och vad som lästes ur vart och ett.")

if not docs:
    st.info("Det finns inga dokument i kunskapsgrafen ännu.")
    st.stop()

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

by_graph = {d["g"]: d for d in docs}
chosen = st.selectbox("Välj dokument", options=list(by_graph), key="dokument_val",
                      format_func=lambda g: f"{by_graph[g].get('name') or g} – {by_graph[g].get('meeting') or ''}")
doc = by_graph[chosen]

st.subheader(doc.get("name") or chosen)
if doc.get("meeting"):
    st.markdown(f"Möte: **{doc['meeting']}**")

show_facts("Beslut", [r for r in data.decisions(path, stamp) if r["g"] == chosen], {
    "Punkt": "item",
    "Status": lambda r: STATUS.get(r.get("status") or "", ""),
    "Beslut": "text",
    "Organ": "body",
    "Källa": "quote",
}, "Inga beslut lästes ur dokumentet.")

show_facts("Uppdrag", [r for r in data.mandates(path, stamp) if r["g"] == chosen], {
    "Uppdragsgivare": "giverLabel",
    "Mottagare": "receiverLabel",
    "Uppdrag": "task",
    "Tidsfrist": "deadline",
    "Källa": "quote",
}, "Inga uppdrag lästes ur dokumentet.")
