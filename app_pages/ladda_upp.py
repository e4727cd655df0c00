"""Page Lägg till protokoll: upload minutes, review what extraction found, and only then write it to the store."""
from __future__ import annotations

import logging

import streamlit as st

from app_pages import data
from extraction.errors import SamkartaError
from extraction.reading import MAX_BYTES, SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)
MAX_MB = MAX_BYTES // (1024 * 1024)
PENDING = "protokoll_granskning"
STATUS = {"decided": "beslutat", "proposed": "förslag till beslut", "postponed": "bordlagt"}
KIND = {"minutes": "protokoll", "agenda": "kallelse"}


def analyse(name: str, content: bytes) -> dict:
    """Read and extract one uploaded file, with a progress bar; raises SamkartaError with a Swedish message."""
    from extraction.extract import extract_corpus
    from extraction.reading import read_bytes

    bar = st.progress(0, text="Läser filen …")
    if len(content) > MAX_BYTES:
        bar.empty()
        raise SamkartaError(f"{name} is larger than {MAX_MB} MB", f"{name} är större än {MAX_MB} MB, gränsen för uppladdning.")
    try:
        document = read_bytes(content, name)
        bar.progress(35, text="Läser ut möte, närvaro, ärenden, beslut och uppdrag …")
        pairs = extract_corpus([document])
        bar.progress(90, text="Sammanställer det som hittades …")
        document, record = pairs[0]
    finally:
        bar.empty()
    return {"name": name, "text": document.text, "record": record,
            "warnings": list(document.warnings or ()) + [w for w in record.warnings if w not in (document.warnings or ())]}


def save(pending: dict) -> str:
    """Write the reviewed record into the store; a one-line Swedish summary of what happened."""
    from graph.ingest import build_records
    from graph.store import open_store

    with open_store(data.store_path()) as store:
        report = build_records(store, [pending["record"]], texts={pending["name"]: pending["text"]})
    if report.failed:
        raise SamkartaError(report.failed[0][1], f"{pending['name']} kunde inte sparas; inget ändrades.")
    if report.unchanged:
        return f"{pending['name']} fanns redan i kunskapsgrafen med samma innehåll; inget ändrades."
    verb = "ersatte den tidigare versionen" if report.updated else "lades till"
    return f"{pending['name']} {verb} i kunskapsgrafen ({report.triples_written} tripplar)."


def review(pending: dict) -> None:
    """Everything extraction found, as the user will see it in the app, before anything is stored."""
    r = pending["record"]
    m = r.meeting
    st.subheader(f"Granska: {pending['name']}")
    cols = st.columns(4)
    cols[0].metric("Organ", m.body or "okänt")
    cols[1].metric("Datum", m.date or "okänt")
    cols[2].metric("Typ", KIND.get(m.kind or "", m.kind or "okänd"))
    cols[3].metric("Plats", m.place or "okänd")
    for warning in pending["warnings"]:
        st.warning(f"Anmärkning från inläsningen: {warning}")
    counts = [("Närvarande", len(r.attendees)), ("Ärenden", len(r.items)), ("Beslut", len(r.decisions)),
              ("Uppdrag", len(r.mandates)), ("Roller", len(r.roles)), ("Hänvisningar", len(r.references))]
    st.markdown("**Hittades:** " + ", ".join(f"{n} {label.lower()}" for label, n in counts))
    if not any(n for _, n in counts):
        st.warning("Inga uppgifter hittades i filen. Är det verkligen ett protokoll?")
    tables = {
        "Närvaro": [{"Namn": a.name, "Organisation": a.organization or "", "Roll": a.role or "",
                     "Närvarande": "ja" if a.present else "nej"} for a in r.attendees],
        "Ärenden": [{"Punkt": i.number, "Rubrik": i.title, "Föredragande": ", ".join(i.presenters)} for i in r.items],
        "Beslut": [{"Punkt": d.item or "", "Status": STATUS.get(d.status, d.status), "Beslut": d.text,
                    "Organ": d.body or ""} for d in r.decisions],
        "Uppdrag": [{"Uppdragsgivare": x.giver or "", "Mottagare": x.receiver, "Uppdrag": x.task,
                     "Datum": x.date or "", "Tidsfrist": x.deadline or ""} for x in r.mandates],
        "Roller": [{"Person": x.person, "Roll": x.role, "Organ": x.body or ""} for x in r.roles],
        "Hänvisningar": [{"Organ": x.body or "", "Datum": x.date or "", "Vad": x.action} for x in r.references],
    }
    for heading, rows in tables.items():
        if rows:
            with st.expander(f"{heading} ({len(rows)})", expanded=heading in ("Beslut", "Uppdrag")):
                st.dataframe(rows, hide_index=True, width="stretch")


st.title("Lägg till protokoll")
st.caption("Ladda upp ett protokoll (.txt, .pdf eller .docx). Samkarta visar vad som lästes ut; "
           "inget sparas i kunskapsgrafen förrän du har granskat och bekräftat.")

upload = st.file_uploader("Protokoll", type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key="protokoll_fil",
                          max_upload_size=MAX_MB, help=f"Högst {MAX_MB} MB.")
if upload is None:
    st.session_state.pop(PENDING, None)
    st.info(f"Välj en fil att läsa in. Största tillåtna storlek är {MAX_MB} MB.")
    st.stop()

pending = st.session_state.get(PENDING)
if pending is None or pending.get("file_id") != upload.file_id:
    try:
        pending = analyse(upload.name, upload.getvalue())
    except SamkartaError as err:
        st.session_state.pop(PENDING, None)
        st.error(f"Filen kunde inte läsas in: {err.message_sv} Inget har sparats.")
        st.stop()
    except Exception:  # an extraction bug must not show a traceback or reach the store
        log.exception("extraction of an uploaded file failed")
        st.session_state.pop(PENDING, None)
        st.error("Ett oväntat fel inträffade när filen lästes. Inget har sparats.")
        st.stop()
    pending["file_id"] = upload.file_id
    st.session_state[PENDING] = pending

review(pending)

left, right = st.columns([1, 4])
if left.button("Spara i kunskapsgrafen", type="primary", key="protokoll_spara", icon=":material/save:"):
    try:
        message = save(pending)
    except SamkartaError as err:
        st.error(f"Protokollet kunde inte sparas: {err.message_sv}")
        st.stop()
    st.session_state.pop(PENDING, None)
    st.success(message, icon=":material/check_circle:")
right.caption("Spara skriver uppgifterna ovan till kunskapsgrafen. Välj en annan fil för att börja om.")
