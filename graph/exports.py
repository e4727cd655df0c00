"""Exports of the stored graph: RDF (ttl, nt, trig, jsonld), the network for Gephi and other graph tools
(GraphML, GEXF via networkx) and the samverkansgrupp inventory as a table (CSV, XLSX)."""
from __future__ import annotations

import io

from extraction.errors import StoreError
from graph.store import EXPORT_FORMATS as RDF_FORMATS
from graph.store import Store

NETWORK_FORMATS = ("graphml", "gexf")
TABLE_FORMATS = ("csv", "xlsx")
FORMATS = RDF_FORMATS + NETWORK_FORMATS + TABLE_FORMATS


def export(store: Store, fmt: str) -> bytes:
    """The store in the given format, as bytes for standard output or a file."""
    if fmt in RDF_FORMATS:
        return store.export(fmt)
    if fmt in NETWORK_FORMATS:
        return network_bytes(store, fmt)
    if fmt in TABLE_FORMATS:
        return inventory_bytes(store, fmt)
    raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}",
                     f"okänt exportformat {fmt!r}")


def network_bytes(store: Store, fmt: str) -> bytes:
    """The network of persons, bodies, agreements, meetings, decisions and mandates (graph.analysis.to_networkx,
    facts included) as GraphML or GEXF: nodes keyed by IRI with type and label, edges with kind and label."""
    import networkx as nx

    from graph.analysis import to_networkx
    g = to_networkx(store, include_facts=True)
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    else:
        nx.write_gexf(g, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def inventory_bytes(store: Store, fmt: str) -> bytes:
    """The inventory question (graph/queries/inventory.rq) as CSV (variable names as header, like
    'samkarta query inventory --format csv') or as an XLSX sheet with Swedish headings."""
    from graph.questions import HEADINGS, columns, format_rows, run_query
    rows = run_query(store, "inventory")
    cols = columns("inventory")
    if fmt == "csv":
        return format_rows(rows, "csv", cols).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    book = Workbook()
    sheet = book.active
    sheet.title = "Samverkansgrupper"
    sheet.append([HEADINGS.get(c, c) for c in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c) for c in cols])
    for i, col in enumerate(cols, start=1):
        longest = max([len(HEADINGS.get(col, col))] + [len(str(r.get(col) or "")) for r in rows])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
