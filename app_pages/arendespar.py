"""Page Ärendespår: the path of an agreement or a topic through the bodies, as a timeline and as steps with sources."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import data, links
from app_pages import network as nw

KINDS = {"möte": "Möte", "ärende": "Ärende", "beslut": "Beslut", "uppdrag": "Uppdrag", "hänvisning": "Hänvisning"}
COLORS = {"Möte": "#B279A2", "Ärende": "#EECA3B", "Beslut": "#E45756", "Uppdrag": "#2A9D8F", "Hänvisning": "#4C78A8"}
NO_BODY = "(organ okänt)"

path, stamp = data.opened()
graph = data.network(path, stamp)
agreements = {iri: label for iri, label in data.names_of(graph, "agreement")}

st.title("Ärendespår")
st.caption("Följ en överenskommelse eller en fråga genom organen: varje möte, beslut, uppdrag och hänvisning "
           "som rör den, i tidsordning, med meningen den lästes ur.")

how = st.radio("Sök på", ["Överenskommelse", "Ämne"], horizontal=True, key="spar_satt",
               index=0 if agreements else 1)
if how == "Överenskommelse":
    if not agreements:
        st.info("Kunskapsgrafen känner inga överenskommelser ännu. Sök på ett ämne i stället.")
        st.stop()
    # The most mentioned agreement first in view: its path is the longest.
    busiest = max(agreements, key=lambda a: (graph.degree(a), agreements[a]))
    agreement = st.selectbox("Överenskommelse", options=list(agreements), format_func=agreements.get,
                             key="spar_avtal", index=list(agreements).index(busiest))
    rows = data.question(path, stamp, "path", agreement=agreement)
    about = agreements[agreement]
else:
    topic = st.text_input("Ämne", key="spar_amne", placeholder="ett ord ur ärendets rubrik eller text",
                          help="Visar varje steg vars rubrik, text eller källmening innehåller ordet.").strip()
    if len(topic) < 3:
        st.info("Skriv minst tre tecken för att söka.")
        st.stop()
    rows = data.question(path, stamp, "path", topic=topic)
    about = topic

st.markdown(f"**{len(rows)} steg** om *{about}*")
if not rows:
    st.info("Inga möten, beslut, uppdrag eller hänvisningar rör det valda.")
    st.stop()

steps = pd.DataFrame([{
    "Datum": nw.parse_date(r.get("date")),
    "Organ": r.get("body") or NO_BODY,
    "Typ": KINDS.get(r.get("kind") or "", r.get("kind") or ""),
    "Text": r.get("text") or "",
    "Möte": r.get("meeting") or "",
    "Källa": r.get("quote") or "",
} for r in rows])
dated = steps.dropna(subset=["Datum"]).assign(Datum=lambda f: pd.to_datetime(f["Datum"]))
if not dated.empty:
    chart = alt.Chart(dated).mark_point(filled=True, size=140, opacity=0.85).encode(
        x=alt.X("Datum:T", title="Datum", axis=alt.Axis(format="%Y-%m-%d")),
        y=alt.Y("Organ:N", title=None, sort=sorted(dated["Organ"].unique(), key=str.casefold),
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("Typ:N", scale=alt.Scale(domain=list(COLORS), range=list(COLORS.values())),
                        legend=alt.Legend(title="Typ", orient="right")),
        shape=alt.Shape("Typ:N", scale=alt.Scale(domain=list(COLORS)), legend=None),
        tooltip=[alt.Tooltip("Datum:T", format="%Y-%m-%d"), "Organ:N", "Typ:N", "Text:N", "Möte:N"],
    ).properties(height=max(200, 60 * dated["Organ"].nunique()))
    st.altair_chart(chart, width="stretch")
undated = len(steps) - len(dated)
if undated:
    st.caption(f"{undated} steg saknar datum och visas bara i listan nedan.")

st.subheader("Stegen")
for r in rows:
    kind = KINDS.get(r.get("kind") or "", r.get("kind") or "")
    text = " ".join(str(r.get("text") or "").split())
    title = f"{r.get('date') or 'datum okänt'} · {kind} · {r.get('body') or NO_BODY}: {text[:90]}"
    with st.expander(title):
        if r.get("quote"):
            st.markdown("**Källmening**")
            st.text(r["quote"])
        details = [("Möte", r.get("meeting")), ("Ärende", r.get("item")), ("Mottagare", r.get("receiver")),
                   ("Status", r.get("status")), ("Dokument", r.get("source"))]
        for name, value in details:
            if value:
                st.text(f"{name}: {value}")
        links.page_link(data.source_of(path, stamp, r.get("step")))
