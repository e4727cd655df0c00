"""The minutes record: frozen dataclasses mirroring the extraction contract (SCHEMA.md in docs/)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from operator import attrgetter
from typing import Any


def _pickled_by_fields(cls):
    """A frozen dataclass pickled as its class and its field values, made again by calling the class. Speed
    only: the state methods that dataclasses give a frozen class with slots look up its fields for every
    object, most of the time it takes to pass a record between processes (graph/ingest.py's workers)."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact was read: character offsets into the cleaned document text and the quote."""
    start: int
    end: int
    quote: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Meeting:
    body: str | None = None
    date: str | None = None          # ISO date of the meeting itself
    kind: str | None = None          # "minutes" | "agenda"
    place: str | None = None
    dnr: str | None = None
    time: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    organization: str | None = None
    role: str | None = None
    present: bool = True
    source: Source | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Item:
    number: str
    title: str
    kind: str | None = None
    presenters: tuple[str, ...] = ()
    source: Source | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Decision:
    item: str | None
    body: str | None
    status: str                      # "decided" | "proposed" | "postponed"
    text: str
    source: Source | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mandate:
    giver: str | None
    receiver: str
    task: str
    date: str | None = None
    item: str | None = None
    deadline: str | None = None      # ISO date or the words of the text ("till nästa möte i februari")
    report_to: str | None = None     # the body the work reports back to
    source: Source | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Role:
    person: str
    role: str
    body: str | None = None
    start: str | None = None
    end: str | None = None
    source: Source | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Reference:
    body: str | None
    date: str | None
    item: str | None
    action: str
    source: Source | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Record:
    document: str
    meeting: Meeting = field(default_factory=Meeting)
    attendees: tuple[Attendee, ...] = ()
    items: tuple[Item, ...] = ()
    decisions: tuple[Decision, ...] = ()
    mandates: tuple[Mandate, ...] = ()
    roles: tuple[Role, ...] = ()
    bodies: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    sha256: str | None = None        # hash of the document's bytes: identity for re-ingest
    warnings: tuple[str, ...] = ()   # plain-language notes about the input ("no meeting date found")

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        """Inverse of to_dict; unknown keys are ignored so older records still load."""
        def build(kind, value):
            if value is None:
                return None
            names = {f.name for f in fields(kind)}
            kwargs = {k: v for k, v in value.items() if k in names}
            if "source" in kwargs and kwargs["source"] is not None:
                kwargs["source"] = Source(**kwargs["source"])
            if "presenters" in kwargs:
                kwargs["presenters"] = tuple(kwargs["presenters"] or ())
            return kind(**kwargs)

        return cls(
            document=data["document"],
            meeting=build(Meeting, data.get("meeting") or {}),
            attendees=tuple(build(Attendee, a) for a in data.get("attendees") or []),
            items=tuple(build(Item, i) for i in data.get("items") or []),
            decisions=tuple(build(Decision, d) for d in data.get("decisions") or []),
            mandates=tuple(build(Mandate, m) for m in data.get("mandates") or []),
            roles=tuple(build(Role, r) for r in data.get("roles") or []),
            bodies=tuple(data.get("bodies") or ()),
            agreements=tuple(data.get("agreements") or ()),
            references=tuple(build(Reference, r) for r in data.get("references") or []),
            sha256=data.get("sha256"),
            warnings=tuple(data.get("warnings") or ()),
        )


def _plain(value: Any) -> Any:
    """Tuples become lists so the JSON reads like the schema."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
