"""Links from any fact to the Dokument page at its sentence: ?doc=<document graph>&at=<start offset>."""
from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlencode

import streamlit as st

DOKUMENT_PAGE = "app_pages/dokument.py"
DOKUMENT_URL = "dokument"
LINK_TEXT = "Visa i dokumentet"


def params(source: Mapping[str, Any] | None) -> dict[str, str] | None:
    """The Dokument page's query parameters for a fact's source (sources() row), or None without one."""
    if not source or not source.get("g"):
        return None
    result = {"doc": str(source["g"])}
    if source.get("start") is not None:
        result["at"] = str(int(source["start"]))
    return result


def url(source: Mapping[str, Any] | None) -> str | None:
    """A relative URL for table link columns (opens the Dokument page at the sentence)."""
    found = params(source)
    return f"{DOKUMENT_URL}?{urlencode(found)}" if found else None


def page_link(source: Mapping[str, Any] | None, label: str = LINK_TEXT) -> None:
    """One click to the Dokument page at the fact's sentence; a quiet note when the fact has no source."""
    found = params(source)
    if found is None:
        st.caption("Källan saknas för den här uppgiften.")
        return
    st.page_link(DOKUMENT_PAGE, label=label, icon=":material/description:", query_params=found)


def column(label: str = "Källa i dokumentet") -> Any:
    """A dataframe column of links made by url()."""
    return st.column_config.LinkColumn(label, display_text=LINK_TEXT,
                                       help="Öppnar dokumentet vid meningen som uppgiften lästes ur.")
