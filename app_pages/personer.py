"""Page Personer och roller: one person's or body's profile — roles over time, meetings, mandates given and received."""
from __future__ import annotations

import streamlit as st

from app_pages import data, links

#: Sections of a person's profile: heading -> the relations (graph/queries/person.rq) it shows.
PERSON_SECTIONS = {
    "Roller över tid": ("roll",),
    "Möten": ("deltog i", "frånvarande från"),
    "Föredrog": ("föredrog",),
    "Gav uppdrag": ("gav uppdrag till",),
    "Fick uppdrag": ("fick uppdrag av",),
}
#: Sections of a body's profile (graph/queries/body.rq).
BODY_SECTIONS = {
    "Möten": ("höll möte",),
    "Beslut": ("beslutade",),
    "Gav uppdrag": ("gav uppdrag till",),
    "Fick uppdrag": ("fick uppdrag av",),
    "Återrapporter": ("får återrapport från",),
    "Roller och företrädare": ("har medlem", "företräddes av"),
    "Undergrupper och överordnade": ("har undergrupp", "är undergrupp till"),
    "Nämns i": ("nämns i", "agerade enligt hänvisning"),
}
path, stamp = data.opened()
graph = data.network(path, stamp)

st.title("Personer och roller")
st.caption("En persons eller ett organs profil: roller över tid, möten, föredragningar och uppdrag, "
           "var och en med meningen den lästes ur.")

kind = st.radio("Visa", ["Person", "Organ"], horizontal=True, key="profil_typ")
nodes = data.names_of(graph, "person" if kind == "Person" else "body")
names = sorted({label for _, label in nodes}, key=str.casefold)
if not names:
    st.info("Kunskapsgrafen känner inga personer ännu." if kind == "Person" else
            "Kunskapsgrafen känner inga organ ännu.")
    st.stop()
# The most connected first in view: an empty profile is a poor first impression.
busiest = max(nodes, key=lambda p: (graph.degree(p[0]), p[1]))[1] if nodes else None
name = st.selectbox("Person" if kind == "Person" else "Organ", options=names, key=f"profil_{kind.lower()}",
                    index=names.index(busiest) if busiest in names else 0)

if kind == "Person":
    rows = [r for r in data.question(path, stamp, "person", name=name) if r.get("person") == name]
    sections = PERSON_SECTIONS
else:
    rows = [r for r in data.question(path, stamp, "body", body=name) if r.get("name") == name]
    sections = BODY_SECTIONS

st.subheader(name)
if not rows:
    st.info("Inga uppgifter om det valda i kunskapsgrafen.")
    st.stop()

count = lambda *rel: sum(1 for r in rows if r.get("relation") in rel)  # noqa: E731
if kind == "Person":
    figures = [("Roller", count("roll")), ("Möten närvarande", count("deltog i")),
               ("Föredragningar", count("föredrog")), ("Uppdrag givna", count("gav uppdrag till")),
               ("Uppdrag mottagna", count("fick uppdrag av"))]
else:
    figures = [("Möten", count("höll möte")), ("Beslut", count("beslutade")),
               ("Uppdrag givna", count("gav uppdrag till")), ("Uppdrag mottagna", count("fick uppdrag av")),
               ("Företrädare", count("har medlem", "företräddes av"))]
for column, (label, value) in zip(st.columns(len(figures)), figures):
    column.metric(label, value)

for heading, relations in sections.items():
    part = sorted((r for r in rows if r.get("relation") in relations),
                  key=lambda r: (r.get("date") is None, r.get("date") or "", r.get("target") or ""))
    if not part:
        continue
    st.markdown(f"#### {heading} ({len(part)})")
    st.dataframe([{
        "Datum": r.get("date") or "",
        "Relation": r.get("relation") or "",
        "Vem/vad": r.get("target") or "",
        "Detalj": r.get("detail") or "",
        "Möte": r.get("meeting") or "",
        "Källa": r.get("quote") or "",
        "Länk": links.url(data.source_of(path, stamp, r.get("fact"))),
    } for r in part], hide_index=True, width="stretch", column_config={"Länk": links.column("Visa")})
