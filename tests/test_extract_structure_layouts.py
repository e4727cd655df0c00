"""Structure of minutes in the genre's layouts, on made-up protocols (invented bodies and people).

Each layout of Swedish minutes that the extraction reads: a protocol numbered "12 §" with attendance
lists, an agenda in flat PDF text (a page on one line) with an ärendelista and a tjänsteskrivelse,
notes with "Deltagare:" lines and a "Konklusion:" list, a protocol with a table of contents, a flat
protocol whose attendance columns ran together, and bulleted notes without item numbers.
Every test asserts the exact record fields.
"""
from __future__ import annotations

import pytest

from extraction.dates import find_dates
from extraction.extract import extract_text

PARAGRAPH_PROTOCOL = """Räddningsnämndens protokoll 14 mars 2023

Tid och plats 14 mars 2023 kl 13.00-15.30, Stadshuset, Sollefteå

Beslutande
Karin Berg (S), ordförande
Olof Lindgren (M), vice ordförande
Sara Holm (C)

Ersättare
Nils Åberg (KD), tjänstgörande

Övriga deltagare
Maja Ek, räddningschef
Per Strand, Kramfors

Frånvarande
Lina Borg (V)

Justering
Att jämte ordförande justera protokollet utses Sara Holm.

12 § Mötets öppnande och val av justerare

Ordföranden öppnade mötet.

Dagordningen fastställdes.

Till justeringsperson valdes Sara Holm.

13 § Föregående protokoll

Det fanns inga synpunkter. Protokollet lades till handlingarna.

14 § Budget för 2024

Räddningsnämnden beslutar

att godkänna budget för 2024.
"""

FLAT_AGENDA = ("Förbundsdirektionen kallas till sammanträde\n\n"
    "1 Förbundsdirektionen kallas till sammanträde Tid: Onsdagen den 5 maj kl 9.00 Plats: Kommunhuset, Bollnäs "
    "Ärenden 1. Val av justerare 2. Godkännande av dagordning 3. Samverkansavtal för ambulanssjukvård KFH 2021/12 "
    "Yttranden 4. Remiss om regional transportplan KFH 2021/15 5. Budget 2022 KFH 2021/18 Information "
    "6. Rapport från länsstyrelsen (muntlig) 7. Ekonomisk uppföljning (skriftlig)\n"
    "2 Förbundsdirektionen Dnr: KFH 2021/12 Anna Lund Samverkansavtal för ambulanssjukvård. Arbetsutskottet "
    "föreslår att förbundsdirektionen beslutar att godkänna samverkansavtalet. Ärendet Avtalet har tagits fram av "
    "en arbetsgrupp med representanter för medlemskommunerna och ska gälla från och med nästa år.\n")

NOTES = """Minnesanteckningar Regional programgrupp Hjärtsjukvård
Dag:
3-4 okt 2019
Plats:
Vårdcentrum, Växjö
Deltagare:
Karin Ås (ordf.), Kardiologen Växjö
Olle Berg, Medicinkliniken Kalmar
Tove Lind, sekr. Kalmar, Regionledningen
Meddelat förhinder:
Eva Sund, Kardiologen Jönköping
1. Föregående minnesanteckningar (Karin)
Minnesanteckningarna läggs till handlingarna.
2. Årsrapport
Diskussion om årsrapportens form.
Konklusion:
- Årsrapporten tas fram av programgruppen. Den ska vara klar i mars.
- Kvalitetsregistren redovisas i en bilaga:
o Register A
o Register B
"""

TOC = """Kommunstyrelsen Sammanträdesprotokoll

Ärendeförteckning

§ 21 Val av justerare ... 2

§ 22 Godkännande av dagordning ... 2

§ 23 Överenskommelse om samverkan kring hemsjukvård mellan kommunen och

regionen ... 3

§ 24 Svar på motion; Cykelvägar i Ånge ... 5

Tid och plats tisdagen den 7 mars 2023 kl 13.00-16.00 Kommunhuset, Ånge

Närvarande

Ersättare

Erik Holm (S), ordförande Lisa Sjö (M), vice ordförande Jan Berg (C)

Mona Falk (S) Ola Nord (SD)
"""

FLAT_PROTOCOL = ("Direktionsprotokoll\n\n"
    "1 Plats och tid Hudiksvall, kl 10.00-12.00 Beslutande Ersättare Adjungerade Anna Berg (S) ordförande "
    "Lars Ek (M) vice ordförande Eva Lund (C) Per Holm (S) Övriga Maria Sten, Förbundsdirektör Johan Åkesson, "
    "Ekonom Kim Lilja, Ljusdals kommun\n"
    "2 Sekreterare Maria Sten Justerare Eva Lund\n"
    "3 12 Fastställande av dagordning att fastställa dagordningen 13 Val av justerare Eva Lund (C) utses att "
    "jämte ordförande justera dagens protokoll. 14 Föregående protokoll Protokollet läggs till handlingarna. "
    "15 Turismstrategi Johan Åkesson från Besöksnäringen informerar om arbetet. att ta informationen till "
    "dagens protokoll 16 Budget\n")

BULLET_NOTES = """SAMVERKANSGRUPPEN ÄLDREVÅRD
MINNESANTECKNINGAR 20190912
Närvarande:
Lena Holm, Stina Berg, Karl Dahl, Hans
Ek, Eva Lind
\uf0b7 Gemensam utbildning för undersköterskor
Kommunerna har tagit fram ett förslag. Gruppen får fortsatt förtroende, förslaget godkänns av samverkansgruppen.
\uf0b7 Trygg hemgång
Föreslås att en arbetsgrupp bildas till våren.
"""

PREFIXED = """Socialnämnden
Protokoll

Sammanträdesdatum 2016-12-16
Plats Kommunhuset, Sala

Beslutande
Karin Berg, Sala, ordförande
Olle Dahl, Heby
Eva Stål, Region Västmanland

Tjänstemän
Anna Lindqvist, socialchef

SN 112 Val av justerare

Till justerare valdes Olle Dahl.

SN 113 Gemensam rutin för hemsjukvård

Förslag till beslut
Socialnämnden beslutar
att anta rutinen samt
att uppdra åt förvaltningen att följa upp rutinen.

SN 114 Information om budget
Föredragande: Anna Lindqvist, socialchef

Informationen läggs till handlingarna.
"""

COLUMNS = """Protokoll från Samverkansrådet
Datum: 2021-05-04

Ledamöter
Karin Berg
Olle Dahl
Eva Stål
Sala
Heby
Region Västmanland

Övriga
Per Ek, samordnare

1. Mötets öppnande
"""

PARAGRAPH_LIST = """Minnesanteckningar Arbetsgruppen för hemtjänst
Datum: 2022-03-01

1. Mötets öppnande

Arbetsgruppen beslutade att öppna mötet.

2. Rutiner

Gruppen gick igenom rutinerna och konstaterade att tre saker behöver göras före sommaren: 1. Samordna listorna med regionen 2. Uppdatera kontaktuppgifter för alla enheter 3. Informera personalen om nyheterna i samverkan.

3. Övriga frågor
"""

KALLELSE = """Kallelse till sammanträde med Omsorgsnämnden
Tid: 2023-02-14 kl 13.00
Plats: Stadshuset, Gävle

Föredragningslista
1. Val av justerare
2. Budgetuppföljning ON 2023/12
3. Yttrande över remiss om äldreomsorg ON 2023/15

Ärende 3
Förslag till beslut
Omsorgsnämnden föreslås besluta
att lämna yttrande enligt förvaltningens förslag.
"""


def _record(text):
    return extract_text(text, "protokoll.txt")


def _people(record):
    return [(a.name, a.organization, a.role, a.present) for a in record.attendees]


def _items(record):
    return [(i.number, i.title, i.kind, list(i.presenters)) for i in record.items]


def _decisions(record):
    return [(d.item, d.status, d.text) for d in record.decisions]


def test_paragraph_protocol_header_lists_and_plain_decisions():
    r = _record(PARAGRAPH_PROTOCOL)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Räddningsnämnden", "2023-03-14", "minutes")
    assert r.meeting.place == "Stadshuset, Sollefteå"
    assert _people(r) == [
        ("Karin Berg", None, "ordförande", True),
        ("Olof Lindgren", None, "vice ordförande", True),
        ("Sara Holm", None, None, True),
        ("Nils Åberg", None, "tjänstgörande", True),
        ("Maja Ek", None, "räddningschef", True),
        ("Per Strand", "Kramfors kommun", None, True),
        ("Lina Borg", None, None, False),
    ]
    assert _items(r) == [("12", "Mötets öppnande och val av justerare", None, []),
                         ("13", "Föregående protokoll", None, []),
                         ("14", "Budget för 2024", None, [])]
    assert _decisions(r) == [
        ("12", "decided", "Dagordningen fastställdes"),
        ("12", "decided", "Till justeringsperson valdes Sara Holm"),
        ("13", "decided", "Protokollet lades till handlingarna"),
        ("14", "decided", "att godkänna budget för 2024"),
    ]


def test_flat_agenda_with_arendelista_groups_and_attached_tjansteskrivelse():
    r = _record(FLAT_AGENDA)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Förbundsdirektionen", None, "agenda")
    assert r.meeting.place == "Kommunhuset, Bollnäs"
    assert _items(r) == [
        ("1", "Val av justerare", None, []),
        ("2", "Godkännande av dagordning", None, []),
        ("3", "Samverkansavtal för ambulanssjukvård", None, []),
        ("4", "Remiss om regional transportplan", "Yttranden", []),
        ("5", "Budget 2022", "Yttranden", []),
        ("6", "Rapport från länsstyrelsen (muntlig)", "Information", []),
        ("7", "Ekonomisk uppföljning (skriftlig)", "Information", []),
    ]
    # The tjänsteskrivelse names the item by its dnr; the proposal is that item's.
    assert _decisions(r) == [("3", "proposed", "att godkänna samverkansavtalet")]


def test_flat_agenda_recovers_item_numbers_lost_in_the_pdf_text():
    text = ("Styrelsen kallas till sammanträde\n\n1 Styrelsen kallas till sammanträde Plats: Folkets hus, Ockelbo "
            "Ärenden 1. Val av justerare 2. Årsredovisning SKF 2020/4 Protokoll från revisorerna SKF 2020/ "
            "Verksamhetsplan SKF 2020/9 Information 5. Rapport om ekonomin (muntlig) 6. Övriga frågor\n")
    r = _record(text)
    assert _items(r) == [
        ("1", "Val av justerare", None, []),
        ("2", "Årsredovisning", None, []),
        ("3", "Protokoll från revisorerna", None, []),
        ("4", "Verksamhetsplan", None, []),
        ("5", "Rapport om ekonomin (muntlig)", "Information", []),
        ("6", "Övriga frågor", "Information", []),
    ]


def test_notes_with_participant_lines_and_conclusion_list():
    r = _record(NOTES)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Regional programgrupp Hjärtsjukvård", "2019-10-03", "minutes")
    assert _people(r) == [
        ("Karin Ås", "Kardiologen Växjö", "ordf.", True),
        ("Olle Berg", "Medicinkliniken Kalmar", None, True),
        ("Tove Lind", "Regionledningen", "sekr. Kalmar", True),
        ("Eva Sund", "Kardiologen Jönköping", None, False),
    ]
    # "(Karin)" closing the heading is the presenter, named in full from the attendance list.
    assert _items(r) == [("1", "Föregående minnesanteckningar", None, ["Karin Ås"]), ("2", "Årsrapport", None, [])]
    assert _decisions(r) == [
        ("1", "decided", "Minnesanteckningarna läggs till handlingarna"),
        ("2", "decided", "Årsrapporten tas fram av programgruppen"),
        ("2", "decided", "Den ska vara klar i mars"),
        ("2", "decided", "Kvalitetsregistren redovisas i en bilaga"),
    ]


def test_protocol_with_table_of_contents_and_run_together_columns():
    r = _record(TOC)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Kommunstyrelsen", "2023-03-07", "minutes")
    assert r.meeting.place == "Kommunhuset, Ånge"
    assert _items(r) == [
        ("21", "Val av justerare", None, []),
        ("22", "Godkännande av dagordning", None, []),
        ("23", "Överenskommelse om samverkan kring hemsjukvård mellan kommunen och regionen", None, []),
        ("24", "Svar på motion; Cykelvägar i Ånge", None, []),
    ]
    assert [(a.name, a.role) for a in r.attendees] == [
        ("Erik Holm", "ordförande"), ("Lisa Sjö", "vice ordförande"), ("Jan Berg", None),
        ("Mona Falk", None), ("Ola Nord", None)]


def test_flat_protocol_with_inline_items_decisions_and_presenters():
    r = _record(FLAT_PROTOCOL)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Direktionen", None, "minutes")
    assert _people(r) == [
        ("Anna Berg", None, "ordförande", True),
        ("Lars Ek", None, "vice ordförande", True),
        ("Eva Lund", None, None, True),
        ("Per Holm", None, None, True),
        ("Maria Sten", None, "Förbundsdirektör", True),
        ("Johan Åkesson", None, "Ekonom", True),
        ("Kim Lilja", "Ljusdals kommun", None, True),
    ]
    assert _items(r) == [
        ("12", "Fastställande av dagordning", None, []),
        ("13", "Val av justerare", None, []),
        ("14", "Föregående protokoll", None, []),
        ("15", "Turismstrategi", None, ["Johan Åkesson"]),
        ("16", "Budget", None, []),
    ]
    assert _decisions(r) == [
        ("12", "decided", "att fastställa dagordningen"),
        ("13", "decided", "Eva Lund (C) utses att jämte ordförande justera dagens protokoll"),
        ("14", "decided", "Protokollet läggs till handlingarna"),
        ("15", "decided", "att ta informationen till dagens protokoll"),
    ]


def test_bulleted_notes_without_numbers():
    r = _record(BULLET_NOTES)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Samverkansgruppen äldrevård", "2019-09-12", "minutes")
    # A name broken over two lines ("Hans" / "Ek") is one person.
    assert [a.name for a in r.attendees] == ["Lena Holm", "Stina Berg", "Karl Dahl", "Hans Ek", "Eva Lind"]
    assert _items(r) == [("", "Gemensam utbildning för undersköterskor", None, []), ("", "Trygg hemgång", None, [])]
    assert _decisions(r) == [
        ("", "decided", "Gruppen får fortsatt förtroende"),
        ("", "decided", "förslaget godkänns av samverkansgruppen"),
        ("", "proposed", "Föreslås att en arbetsgrupp bildas till våren"),
    ]


def test_heading_names_the_body_or_nothing():
    assert _record("Direktionsprotokoll\n\nPlats och tid Gävle, kl 9.00\n").meeting.body == "Direktionen"
    assert _record("Socialnämndens protokoll 3 maj 2022\n\n1 § Öppnande\n").meeting.body == "Socialnämnden"
    assert _record("SAMORDNINGSFÖRBUNDET I ÖSTERSUND PROTOKOLL\n\nSammanträdesdag 2021-04-09\n").meeting.body == \
        "Samordningsförbundet i Östersund"
    assert _record("Vi ses nästa vecka.\n").meeting.body is None


@pytest.mark.parametrize("text, expected", [
    ("Sammanträdesdag 2016-12-16", "2016-12-16"),
    ("MINNESANTECKNINGAR 20100531", "2010-05-31"),
    ("Dag:\n22-23 sep 2015", "2015-09-22"),
    ("Tid: Torsdagen den 3 april kl 9.00", None),
    ("Tid och plats onsdagen den 8 februari 2017 kl 09.00-11.15 Rådhuset", "2017-02-08"),
])
def test_meeting_date_grammar(text, expected):
    assert _record(text + "\n\n1. Öppnande\n").meeting.date == expected


def test_dates_without_year_stay_without_iso():
    [d] = find_dates("Torsdagen den 3 april")
    assert (d.has_year, d.iso) == (False, None)


def test_protocol_numbered_with_the_bodys_initials():
    r = _record(PREFIXED)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Socialnämnden", "2016-12-16", "minutes")
    assert _people(r) == [
        ("Karin Berg", "Sala kommun", "ordförande", True),
        ("Olle Dahl", "Heby kommun", None, True),
        ("Eva Stål", "Region Västmanland", None, True),
        ("Anna Lindqvist", None, "socialchef", True),
    ]
    assert _items(r) == [("112", "Val av justerare", None, []),
                         ("113", "Gemensam rutin för hemsjukvård", None, []),
                         ("114", "Information om budget", None, ["Anna Lindqvist"])]
    assert _decisions(r) == [
        ("112", "decided", "Till justerare valdes Olle Dahl"),
        ("113", "proposed", "att anta rutinen"),
        ("113", "proposed", "att uppdra åt förvaltningen att följa upp rutinen"),
        ("114", "decided", "Informationen läggs till handlingarna"),
    ]


def test_columns_run_together_are_paired_back_in_order():
    r = _record(COLUMNS)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Samverkansrådet", "2021-05-04", "minutes")
    assert _people(r) == [
        ("Karin Berg", "Sala kommun", None, True),
        ("Olle Dahl", "Heby kommun", None, True),
        ("Eva Stål", "Region Västmanland", None, True),
        ("Per Ek", None, "samordnare", True),
    ]


def test_numbered_list_inside_a_paragraph_is_not_flat_text():
    r = _record(PARAGRAPH_LIST)
    # The heading's fuller name wins over the short subject of "Arbetsgruppen beslutade".
    assert r.meeting.body == "Arbetsgruppen för hemtjänst"
    assert _items(r) == [("1", "Mötets öppnande", None, []), ("2", "Rutiner", None, []), ("3", "Övriga frågor", None, [])]
    assert _decisions(r) == [("1", "decided", "att öppna mötet")]


def test_agenda_list_with_dnr_column_and_proposal():
    r = _record(KALLELSE)
    assert (r.meeting.body, r.meeting.date, r.meeting.kind) == ("Omsorgsnämnden", "2023-02-14", "agenda")
    assert _items(r) == [("1", "Val av justerare", None, []),
                         ("2", "Budgetuppföljning", None, []),
                         ("3", "Yttrande över remiss om äldreomsorg", None, [])]
    assert _decisions(r) == [("3", "proposed", "att lämna yttrande enligt förvaltningens förslag")]


def test_decision_restated_in_full_is_one_decision_and_scan_scraps_are_skipped():
    text = """Minnesanteckningar Omsorgsnätverket
Datum: 2024-05-14

1. Avtal om hjälpmedel

Omsorgsnätverket beslutade att anta avtalet.
Omsorgsnätverket beslutade

att anta det reviderade avtalet om hjälpmedel

2. Rutin vid utskrivning

Omsorgsnätverket beslutar

hel h rid

att lägga informationen till handlingarna
"""
    r = _record(text)
    assert _decisions(r) == [("1", "decided", "att anta det reviderade avtalet om hjälpmedel"),
                             ("2", "decided", "att lägga informationen till handlingarna")]
