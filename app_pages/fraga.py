"""Page Fråga (SPARQL): the named questions of graph/queries/ with their parameters, and a read-only free SPARQL box."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import data, sparql
from extraction.errors import SamkartaError
from graph import questions

#: Swedish labels of the named questions' parameters.
PARAMETERS = {"topic": "Ämne", "agreement": "Överenskommelse (IRI)", "body": "Organ (del av namnet)",
              "name": "Namn (del av namnet)", "as_of": "Per datum (ÅÅÅÅ-MM-DD)", "asOf": "Per datum (ÅÅÅÅ-MM-DD)",
              "open": "Bara öppna"}
EXAMPLE = """PREFIX skv: <https://samkarta.se/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?organ (COUNT(?mote) AS ?moten)
WHERE { ?mote a skv:Meeting ; skv:heldBy/skos:prefLabel ?organ }
GROUP BY ?organ
ORDER BY DESC(?moten)"""


def show(rows: list[dict] | bool, columns: list[str] | None, key: str) -> None:
    if isinstance(rows, bool):
        st.success("Ja" if rows else "Nej")
        return
    st.markdown(f"**{len(rows)} rader**")
    if not rows:
        st.info("Frågan gav inga rader.")
        return
    frame = pd.DataFrame(rows, columns=columns or list(rows[0]))
    st.dataframe(frame.rename(columns=lambda c: questions.HEADINGS.get(c, c)) if key == "namngiven" else frame,
                 hide_index=True, width="stretch")
    st.download_button("Ladda ned som CSV", data=frame.to_csv(index=False, sep=";").encode("utf-8-sig"),
                       file_name=f"fraga-{key}.csv", mime="text/csv", key=f"fraga_csv_{key}", on_click="ignore",
                       icon=":material/download:")


path = str(data.store_path())
store = data.current_store()
stamp = data.version(store)

st.title("Fråga (SPARQL)")
st.caption("Ställ de färdiga frågorna med egna värden, eller skriv en egen SPARQL-fråga. "
           "Kunskapsgrafen kan bara läsas här, inte ändras.")

named, free = st.tabs(["Färdiga frågor", "Egen SPARQL-fråga"])

with named:
    names = questions.available()
    name = st.selectbox("Fråga", options=names, key="fraga_namn", format_func=lambda n: f"{n}: {questions.describe(n)}")
    values = {}
    for param, kind in questions.parameters(name).items():
        label = PARAMETERS.get(param, param)
        values[param] = st.text_input(label, key=f"fraga_param_{name}_{param}",
                                      help="En IRI som börjar med http(s)://" if kind == "iri" else
                                      "Lämna tomt för att inte filtrera.")
    try:
        rows = data.question(path, stamp, name, **{k: v.strip() for k, v in values.items() if v.strip()})
    except SamkartaError as err:
        st.error(f"Frågan kunde inte ställas: {err.message_sv}")
    else:
        show(rows, questions.columns(name), "namngiven")

with free:
    st.caption(f"Bara SELECT- och ASK-frågor. En fråga får ta högst {sparql.TIME_LIMIT:g} sekunder; "
               f"högst {sparql.MAX_ROWS} rader visas.")
    text = st.text_area("SPARQL", value=EXAMPLE, height=220, key="fraga_sparql")
    if st.button("Kör frågan", key="fraga_kor", type="primary", icon=":material/play_arrow:"):
        try:
            with st.spinner("Frågan körs …"):
                result = sparql.run_limited(data.store_path(), text)
        except (sparql.QueryRefused, sparql.QueryTimeout) as err:
            st.error(str(err))
        else:
            show(result, None, "egen")
