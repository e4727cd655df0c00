"""Page Samverkansgrupper: the inventory of collaboration groups, filterable, with download as CSV and Excel."""
from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages import data

NO_MANDATE = "⚠ inget känt mandat"
HAS_MANDATE = "känt"
#: Inventory columns (graph/queries/inventory.rq) -> Swedish headings, in the order shown.
COLUMNS = {
    "name": "Grupp", "type": "Typ", "purpose": "Syfte", "mandatedBy": "Mandat från", "parent": "Överordnat organ",
    "members": "Företrädare och medlemmar", "firstMention": "Först nämnd", "lastMention": "Senast nämnd",
    "documents": "Antal omnämnanden", "sources": "Källor",
}


def to_excel(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Samverkansgrupper")
        sheet = writer.sheets["Samverkansgrupper"]
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
        sheet.freeze_panes = "A2"
    return out.getvalue()


path, stamp = data.opened()
rows = data.question(path, stamp, "inventory")

st.title("Samverkansgrupper")
st.caption("Varje samverkansgrupp som protokollen nämner: typ, vem som gav den mandat, överordnat organ, "
           "företrädare och när den nämns. Klicka på en kolumnrubrik för att sortera.")

if not rows:
    st.info("Kunskapsgrafen känner inga samverkansgrupper ännu.")
    st.stop()

present = [k for k in COLUMNS if any(k in r for r in rows)]
frame = pd.DataFrame([{COLUMNS[k]: r.get(k) for k in present} for r in rows])
frame.insert(1, "Mandat", [HAS_MANDATE if r.get("mandatedBy") else NO_MANDATE for r in rows])
frame["Antal omnämnanden"] = frame["Antal omnämnanden"].fillna(0).astype(int)
frame = frame.fillna("")

left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
needle = left.text_input("Sök grupp", key="grupper_sok", placeholder="en del av namnet").strip().casefold()
kinds = sorted({t for t in frame["Typ"] if t}, key=str.casefold)
chosen = middle.multiselect("Typ", options=kinds, key="grupper_typ", placeholder="alla typer")
only_missing = right.checkbox("Bara utan känt mandat", key="grupper_utan_mandat")

shown = frame
if needle:
    shown = shown[shown["Grupp"].str.casefold().str.contains(needle, regex=False)]
if chosen:
    shown = shown[shown["Typ"].isin(chosen)]
if only_missing:
    shown = shown[shown["Mandat"] == NO_MANDATE]

missing = int((frame["Mandat"] == NO_MANDATE).sum())
st.markdown(f"**{len(shown)} av {len(frame)} grupper** · {missing} saknar känt mandat")
if shown.empty:
    st.info("Inga grupper matchar filtren.")
else:
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"Mandat": st.column_config.TextColumn(help="Om någon uppdragsgivare är känd."),
                                "Antal omnämnanden": st.column_config.NumberColumn(
                                    help="Antal dokument som nämner gruppen.")})

left, right = st.columns(2)
left.download_button("Ladda ned som CSV", data=shown.to_csv(index=False, sep=";").encode("utf-8-sig"),
                     file_name="samverkansgrupper.csv", mime="text/csv", key="grupper_csv",
                     icon=":material/download:", on_click="ignore")
right.download_button("Ladda ned som Excel", data=to_excel(shown), file_name="samverkansgrupper.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key="grupper_excel", icon=":material/download:", on_click="ignore")
