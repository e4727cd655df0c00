"""Samkarta's viewer: a router that makes sure the store is there, then runs the chosen page from app_pages/."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages import data
from extraction.errors import SamkartaError

st.set_page_config(page_title="Samkarta", page_icon=":material/map:", layout="wide")

path = data.store_path()
try:
    if data.needs_build(path):
        with st.spinner(data.BUILD_MESSAGE):
            report = data.build_store(path)
        if report is not None and report.failed:
            names = ", ".join(Path(name).name for name, _ in report.failed)
            st.warning(f"{len(report.failed)} dokument kunde inte läsas in: {names}")
    data.current_store()
except SamkartaError as err:
    st.error(f"Kunskapsgrafen kunde inte öppnas: {err.message_sv}")
    st.stop()
except OSError as err:
    st.error(f"Kunskapsgrafen i {path} kunde inte öppnas ({err.strerror or 'okänt fel'}).")
    st.stop()

page = st.navigation([
    st.Page("app_pages/natverk.py", title="Nätverk", icon=":material/hub:", default=True),
    st.Page("app_pages/mandat.py", title="Mandat", icon=":material/assignment:"),
    st.Page("app_pages/arendespar.py", title="Ärendespår", icon=":material/timeline:", url_path="arendespar"),
    st.Page("app_pages/grupper.py", title="Samverkansgrupper", icon=":material/groups:", url_path="grupper"),
    st.Page("app_pages/personer.py", title="Personer och roller", icon=":material/person:", url_path="personer"),
    st.Page("app_pages/dokument.py", title="Dokument", icon=":material/description:", url_path="dokument"),
    st.Page("app_pages/ladda_upp.py", title="Lägg till protokoll", icon=":material/upload_file:",
            url_path="lagg-till"),
    st.Page("app_pages/fraga.py", title="Fråga (SPARQL)", icon=":material/manage_search:", url_path="fraga"),
])
try:
    page.run()
except SamkartaError as err:
    st.error(f"Kunskapsgrafen kunde inte läsas: {err.message_sv}")
