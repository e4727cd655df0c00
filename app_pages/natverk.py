"""Page Nätverk: the network of persons, bodies, agreements and meetings, filtered in the sidebar and drawn offline."""
from __future__ import annotations

import streamlit as st

from app_pages import data
from app_pages import network as nw

HEIGHT = 680

path = str(data.store_path())
store = data.current_store()
stamp = data.version(store)
full = data.network(path, stamp)
positions = data.layout(path, stamp)
degrees = dict(full.degree())

st.title("Nätverk")
st.caption("Personer, organ, överenskommelser och möten som protokollen nämner, och hur de hänger ihop. "
           "Håll muspekaren över en nod eller linje för att se vad den bygger på.")

present = [t for t in nw.STYLES if any(k == t for _, k in full.nodes(data="type"))]
labels = {n: str(d.get("label") or n) for n, d in full.nodes(data=True)}

with st.sidebar:
    st.header("Filter")
    types = st.multiselect("Typer", options=present, default=[t for t in nw.DEFAULT_TYPES if t in present],
                           format_func=nw.type_label, key="natverk_typer",
                           help="Vilka slags noder som visas.")
    text = st.text_input("Sök", key="natverk_sok", placeholder="t.ex. Region Dalarna",
                         help="Visar noder vars namn innehåller texten, och deras grannar.")
    order = sorted(full.nodes, key=lambda n: (labels[n].casefold(), n))
    center = st.selectbox("Utgå från", options=[None, *order], key="natverk_utgang",
                          format_func=lambda n: "(alla noder)" if n is None else
                          f"{labels[n]} ({nw.type_label(full.nodes[n].get('type'))})",
                          help="Visa bara det som ligger nära en vald nod.")
    steps = st.slider("Antal steg", min_value=1, max_value=3, value=1, key="natverk_steg",
                      disabled=center is None, help="Hur många kopplingar bort från den valda noden.")

# Search before the type filter: "Region Dalarna" with only Person chosen shows the persons linked to it.
shown = nw.ego(full, center, steps)
shown = nw.search(shown, text)
shown = nw.by_types(shown, types)
if center is not None and center in shown:
    st.caption(f"Utgår från **{labels[center]}**, {steps} steg.")

edge_count = len(nw.drawn_edges(shown))
st.markdown(f"**{shown.number_of_nodes()} noder, {edge_count} kopplingar**")

if full.number_of_nodes() == 0:
    st.info("Kunskapsgrafen är tom: det finns inga protokoll inlästa ännu.")
elif shown.number_of_nodes() == 0:
    st.info("Inga noder matchar filtren. Välj fler typer eller ändra sökningen.")
else:
    st.iframe(nw.network_html(shown, positions, degrees, height=HEIGHT - 40), height=HEIGHT)
