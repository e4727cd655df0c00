"""Page Mandat: who gave whom which task, as a directed network giver → receiver and as a table with sources."""
from __future__ import annotations

import networkx as nx
import streamlit as st

from app_pages import data, links
from app_pages import network as nw

HEIGHT = 460

path, stamp = data.opened()
rows = data.mandates(path, stamp)
graph = data.network(path, stamp)
type_by_label: dict[str, str] = {}
for _, d in graph.nodes(data=True):
    type_by_label.setdefault(str(d.get("label")), d.get("type"))

st.title("Mandat")
st.caption("Uppdrag som protokollen ger: vem som gav uppdraget, vem som fick det, när och var det står.")


def parties(row: dict) -> set[str]:
    """The names a mandate concerns: giver, receiver and the body named in its meeting."""
    found = {row[k] for k in ("giver", "receiver") if row.get(k)}
    meeting = row.get("meeting") or ""
    found |= {name for name in bodies if meeting.startswith(name + " ")}
    return found


bodies = sorted({r[k] for r in rows for k in ("giver", "receiver") if r.get(k)
                 and type_by_label.get(r[k]) != "person"}, key=str.casefold)
dated = sorted(d for d in (nw.parse_date(r.get("date")) for r in rows) if d)

left, right = st.columns([2, 3])
chosen = left.selectbox("Organ", options=[None, *bodies], key="mandat_organ",
                        format_func=lambda b: "(alla organ)" if b is None else b,
                        help="Visa uppdrag där organet ger, får eller höll mötet.")
period = None
if len(set(dated)) >= 2:
    period = right.slider("Period", min_value=dated[0], max_value=dated[-1], value=(dated[0], dated[-1]),
                          format="YYYY-MM-DD", key="mandat_period", help="Uppdrag givna under perioden.")
statuses = sorted({r["status"] for r in rows if r.get("status")})
left, right = st.columns([2, 3])
undated = left.checkbox("Ta med uppdrag utan datum", value=True, key="mandat_odaterade")
chosen_status = right.multiselect("Status", options=statuses, key="mandat_status", placeholder="alla",
                                  help="Öppet: ingen senare återrapport eller beslut känt. "
                                       "Återrapporterat eller avslutat enligt senare protokoll.") if statuses else []


def wanted(row: dict) -> bool:
    if chosen is not None and chosen not in parties(row):
        return False
    if chosen_status and row.get("status") not in chosen_status:
        return False
    when = nw.parse_date(row.get("date"))
    if when is None:
        return undated
    return period is None or period[0] <= when <= period[1]


selected = [r for r in rows if wanted(r)]
st.markdown(f"**{len(selected)} uppdrag**")
if not selected:
    st.info("Det finns inga uppdrag att visa." if not rows else "Inga uppdrag matchar filtren.")
    st.stop()

# The mandate map: one node per party, one arrow per mandate from giver to receiver.
chart = nx.MultiDiGraph()
for r in selected:
    if not r.get("giver"):
        continue
    for name in (r["giver"], r["receiver"]):
        chart.add_node(name, label=name, type=type_by_label.get(name, "body"))
    chart.add_edge(r["giver"], r["receiver"], label="gav uppdrag till", text=r.get("task") or "",
                   date=r.get("date") or "")
without_giver = sum(1 for r in selected if not r.get("giver"))
if chart.number_of_nodes():
    st.iframe(nw.network_html(chart, height=HEIGHT - 40), height=HEIGHT)
if without_giver:
    st.caption(f"{without_giver} uppdrag saknar känd uppdragsgivare och syns bara i tabellen.")

table = [{
    "Uppdragsgivare": r.get("giver") or "",
    "Mottagare": r.get("receiver") or "",
    "Uppdrag": r.get("task") or "",
    "Datum": r.get("date") or "",
    "Tidsfrist": r.get("deadline") or "",
    "Status": (r.get("status") or "") + (" ⚠ försenat" if r.get("overdue") else ""),
    "Dagar sedan": r.get("age"),
    "Återrapport till": r.get("reportsTo") or "",
    "Möte": r.get("meeting") or "",
    "Dokument": r.get("source") or "",
    "Källa": r.get("quote") or "",
    "Länk": links.url(data.source_of(path, stamp, r.get("mandate"))),
} for r in selected]
st.dataframe(table, hide_index=True, width="stretch",
             column_config={"Uppdrag": st.column_config.TextColumn(width="large"),
                            "Källa": st.column_config.TextColumn(width="large",
                                                                 help="Meningen i protokollet som uppdraget lästes ur."),
                            "Dagar sedan": st.column_config.NumberColumn(
                                help="Dagar från uppdragets datum till i dag (öppna uppdrag)."),
                            "Länk": links.column()})
