"""Page Mandat: every mandate (who gave whom which task, when, where) with the sentence it was read from."""
from __future__ import annotations

import streamlit as st

from app_pages import data

path = str(data.store_path())
stamp = data.version(data.current_store())
rows = data.mandates(path, stamp)
graph = data.network(path, stamp)
labels = {n: str(d.get("label") or n) for n, d in graph.nodes(data=True)}

st.title("Mandat")
st.caption("Uppdrag som protokollen ger: vem som gav uppdraget, vem som fick det och var det står.")


def bodies_of(row: dict) -> set[str]:
    """The parties a mandate concerns: giver, receiver and the body whose meeting recorded it."""
    return {row[k] for k in ("giver", "receiver", "heldBy") if row.get(k)}


options = sorted({b for r in rows for b in bodies_of(r) if b in graph and graph.nodes[b].get("type") == "body"}, key=lambda b: labels.get(b, b).casefold())
chosen = st.selectbox("Organ", options=[None, *options], key="mandat_organ",
                      format_func=lambda b: "(alla organ)" if b is None else labels.get(b, b),
                      help="Visa uppdrag där organet ger, får eller höll mötet.")
selected = [r for r in rows if chosen is None or chosen in bodies_of(r)]

st.markdown(f"**{len(selected)} uppdrag**")
if not selected:
    st.info("Det finns inga uppdrag att visa." if not rows else "Inga uppdrag gäller det valda organet.")
else:
    table = [{
        "Uppdragsgivare": r.get("giverLabel") or "",
        "Mottagare": r.get("receiverLabel") or "",
        "Uppdrag": r.get("task") or "",
        "Datum": r.get("date") or r.get("meetingDay") or "",
        "Tidsfrist": r.get("deadline") or "",
        "Möte": r.get("meetingLabel") or "",
        "Dokument": r.get("document") or "",
        "Källa": r.get("quote") or "",
    } for r in selected]
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Uppdrag": st.column_config.TextColumn(width="large"),
                                "Källa": st.column_config.TextColumn(width="large",
                                                                     help="Meningen i protokollet som uppdraget lästes ur.")})
