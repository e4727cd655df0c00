"""Two small hand-built minutes records (with quoted sources) for tests and demos of the graph."""
from __future__ import annotations

from extraction.records import Attendee, Decision, Item, Mandate, Meeting, Record, Reference, Role, Source

TEXT_A = ("Minnesanteckningar Länschefsnätverket 2025-02-07\n"
          "Närvarande: Ulrika Gärdsback, Gagnefs kommun, ordförande\n"
          "4b Beslut: Hemsjukvårdsavtalet. Föredragande: Ulrika Gärdsback\n"
          "Länschefsnätverket beslutade att godkänna Hemsjukvårdsavtalet.\n"
          "Styrgruppen för Socialchefsnätverket gav Arbetsgruppen för hemsjukvårdsavtalet i uppdrag att "
          "sammanställa en rapport.\n")


def _source(text: str, quote: str) -> Source:
    start = text.index(quote)
    return Source(start, start + len(quote), quote)


def sample_record_a() -> Record:
    t = TEXT_A
    return Record(
        document="a_lanschefsnatverket_250207.txt",
        sha256="a" * 64,
        meeting=Meeting(body="Länschefsnätverket", date="2025-02-07", kind="minutes", place="Falun", dnr="HSN 2025/939"),
        attendees=(Attendee("Ulrika Gärdsback", "Gagnefs kommun", "ordförande",
                            source=_source(t, "Ulrika Gärdsback, Gagnefs kommun, ordförande")),
                   Attendee("Beat Axå", "Region Dalarna", None, present=False)),
        items=(Item("4", "Rapporter", None), Item("4", "Överenskommelse om utskrivning", "Information"),
               Item("4b", "Hemsjukvårdsavtalet", "Beslut", ("Ulrika Gärdsback",),
                    source=_source(t, "4b Beslut: Hemsjukvårdsavtalet"))),
        decisions=(Decision("4b", "Länschefsnätverket", "decided", "att godkänna Hemsjukvårdsavtalet",
                            source=_source(t, "att godkänna Hemsjukvårdsavtalet")),
                   Decision("4b", "Länschefsnätverket", "postponed", "att skjuta upp frågan om bilagan")),
        mandates=(Mandate("Styrgruppen för Socialchefsnätverket", "Arbetsgruppen för hemsjukvårdsavtalet",
                          "sammanställa en rapport", "2025-01-07", "4b", deadline="till nästa möte",
                          report_to="Länschefsnätverket",
                          source=_source(t, "gav Arbetsgruppen för hemsjukvårdsavtalet i uppdrag att sammanställa en rapport")),),
        roles=(Role("Ulrika Gärdsback", "ordförande", "Länschefsnätverket", "2025-01-01", "2025-12-31"),),
        bodies=("Länschefsnätverket", "Socialchefsnätverket", "Styrgruppen för Socialchefsnätverket",
                "Arbetsgruppen för hemsjukvårdsavtalet"),
        agreements=("Hemsjukvårdsavtalet",),
        references=(Reference("Styrgruppen för Socialchefsnätverket", "2025-01-07", "4b",
                              "gav arbetsgruppen i uppdrag att sammanställa en rapport"),),
    )


def sample_record_b() -> Record:
    return Record(
        document="b_valfardsradet_250301.txt",
        sha256="b" * 64,
        meeting=Meeting(body="Välfärdsrådet", date="2025-03-01", kind="agenda"),
        attendees=(Attendee("Ulrika Gärdsback", "Gagnefs kommun", None),),
        items=(Item("1", "Mötets öppnande"),),
        decisions=(Decision("1", "Välfärdsrådet", "proposed", "att godkänna dagordningen"),),
        mandates=(Mandate(None, "Region Dalarna", "rekvirera medlen", item="1"),),
        bodies=("Välfärdsrådet", "Länschefsnätverket"),
        agreements=("Hemsjukvårdsavtalet",),
    )


def sample_records() -> list[Record]:
    return [sample_record_a(), sample_record_b()]
