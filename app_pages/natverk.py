"""Page Nätverk: the network of persons, bodies, agreements and meetings, filtered in the sidebar and drawn offline."""
from __future__ import annotations

import streamlit as st

from app_pages import data, links
from app_pages import network as nw

HEIGHT = 680
FACTS_SHOWN = 25

path = str(data.store_path())
store = data.current_store()
stamp = data.version(store)
full = data.network(path, stamp)
positions = data.layout(path, stamp)
degrees = dict(full.degree())
dates = nw.node_dates(full)

st.title("Nätverk")
st.caption("Personer, organ, överenskommelser och möten som protokollen nämner, och hur de hänger ihop. "
           "Håll muspekaren över en nod eller linje för att se vad den bygger på. Större nod = fler kopplingar.")

present = [t for t in nw.STYLES if any(k == t for _, k in full.nodes(data="type"))]
labels = {n: str(d.get("label") or n) for n, d in full.nodes(data=True)}
bodies = [n for n, _ in data.names_of(full, "body")]

with st.sidebar:
    st.header("Filter")
    types = st.multiselect("Typer", options=present, default=[t for t in nw.DEFAULT_TYPES if t in present],
                           format_func=nw.type_label, key="natverk_typer", placeholder="välj typer",
                           help="Vilka slags noder som visas.")
    chosen_bodies = st.multiselect("Organ", options=bodies, key="natverk_organ", format_func=labels.get,
                                   placeholder="alla organ",
                                   help="Visa bara de valda organen, deras möten och det som hänger ihop med dem.")
    period = None
    if len(set(dates.values())) >= 2:
        first, last = min(dates.values()), max(dates.values())
        period = st.slider("Tidsperiod", min_value=first, max_value=last, value=(first, last),
                           format="YYYY-MM-DD", key="natverk_period",
                           help="Möten, beslut och uppdrag utanför perioden, eller utan känt datum, döljs.")
    text = st.text_input("Sök", key="natverk_sok", placeholder="t.ex. ett organs namn",
                         help="Visar noder vars namn innehåller texten, och deras grannar.")
    order = sorted(full.nodes, key=lambda n: (labels[n].casefold(), n))
    center = st.selectbox("Utgå från", options=[None, *order], key="natverk_utgang",
                          format_func=lambda n: "(alla noder)" if n is None else
                          f"{labels[n]} ({nw.type_label(full.nodes[n].get('type'))})",
                          help="Visa bara det som ligger nära en vald person, ett organ eller en överenskommelse.")
    steps = st.slider("Antal steg", min_value=1, max_value=3, value=1, key="natverk_steg",
                      disabled=center is None, help="Hur många kopplingar bort från den valda noden.")

# Search before the type filter: a body's name with only Person chosen shows the persons linked to it.
shown = nw.ego(full, center, steps)
if period is not None and tuple(period) != (min(dates.values()), max(dates.values())):
    shown = nw.by_period(shown, period[0], period[1], dates)
shown = nw.by_bodies(shown, chosen_bodies)
shown = nw.search(shown, text)
shown = nw.by_types(shown, types)
if center is not None and center in shown:
    st.caption(f"Utgår från **{labels[center]}**, {steps} steg.")

total = shown.number_of_nodes()
if total > nw.MAX_DRAWN:
    needle = text.strip().casefold()
    hits = [n for n in shown if needle and needle in labels.get(n, "").casefold()]
    shown = nw.capped(shown, nw.MAX_DRAWN, degrees, keep=[c for c in (center,) if c] + chosen_bodies + hits)
    st.warning(f"Filtren ger {total} noder. Bara de {nw.MAX_DRAWN} med flest kopplingar ritas, så att bilden "
               "går att läsa. Välj en utgångspunkt, ett organ, en tidsperiod eller färre typer för att se resten.",
               icon=":material/filter_alt:")

edge_count = len(nw.drawn_edges(shown))
st.markdown(f"**{shown.number_of_nodes()} noder, {edge_count} kopplingar**")

if full.number_of_nodes() == 0:
    st.info("Kunskapsgrafen är tom: det finns inga protokoll inlästa ännu.")
elif shown.number_of_nodes() == 0:
    st.info("Inga noder matchar filtren. Välj fler typer eller ändra sökningen.")
else:
    st.iframe(nw.network_html(shown, positions, degrees, height=HEIGHT - 40), height=HEIGHT)

if center is not None:
    st.subheader(f"Fakta om {labels[center]}")
    facts = []
    for u, v, edge in full.edges(center, data=True):
        facts.append((edge, f"{labels[center]} {edge.get('label', '')} {labels[v]}"))
    for u, v, edge in full.in_edges(center, data=True):
        facts.append((edge, f"{labels[u]} {edge.get('label', '')} {labels[center]}"))
    facts.sort(key=lambda p: (str(p[0].get("date") or dates.get(p[0].get("fact"), "") or "9999"), p[1]))
    sourced = [(e, line) for e, line in facts if data.source_of(path, stamp, e.get("fact"))]
    if not sourced:
        st.caption("Inga uppgifter med källmening hör till den här noden.")
    for edge, line in sourced[:FACTS_SHOWN]:
        with st.container(horizontal=True, vertical_alignment="center"):
            when = f"{edge['date']} · " if edge.get("date") else ""
            detail = f": {edge['text']}" if edge.get("text") else ""
            st.text(f"{when}{line}{detail}")
            links.page_link(data.source_of(path, stamp, edge.get("fact")))
    if len(sourced) > FACTS_SHOWN:
        st.caption(f"… och {len(sourced) - FACTS_SHOWN} till. Sidan Personer och roller visar alla.")
