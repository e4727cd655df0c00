"""One name per entity across the corpus: spelling variants, short forms and abbreviations resolve to one form."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz

from extraction.components.people import NAME_WORD, is_given_name
from extraction.records import Record

DEFAULT_ALIASES = Path(__file__).resolve().parent.parent / "data" / "aliases.tsv"
# Groups that belong to the meeting's own body when named bare ("Styrgruppen" in the network's minutes).
OWN_GROUPS = ("styrgruppen", "planeringsgruppen", "presidiet", "beredningsgruppen", "ledningsgruppen", "arbetsutskottet")
# Groups that belong to the item's topic when named bare ("arbetsgruppen" under the item "X").
TOPIC_GROUPS = ("arbetsgruppen", "projektgruppen", "referensgruppen")


@dataclass(frozen=True)
class Merge:
    kind: str              # person | body
    canonical: str
    variant: str
    evidence: str


def fold(text: str) -> str:
    """Case, accents, OCR's é for ä/ö and hyphens do not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s-]+", " ", text.casefold()).strip()


def person_names_in(text: str) -> list[str]:
    """Likely person names (a known given name and a surname) in a text."""
    out = []
    for m in re.finditer(rf"\b({NAME_WORD})\s+({NAME_WORD})\b", text):
        if is_given_name(m[1]) and not is_given_name(m[2]):
            out.append(f"{m[1]} {m[2]}")
    return out


def _quality(name: str) -> int:
    """Clean spellings win: Swedish letters are good, OCR's é/6 and ASCII look-alikes are not."""
    score = sum(2 for c in name if c in "åäöÅÄÖ")
    score -= sum(5 for c in name if c in "éÉ6|")
    return score


def load_aliases(path: Path | None) -> dict[str, str]:
    """A curated alias file: 'alias<TAB>canonical' per line; '#' starts a comment."""
    path = path or DEFAULT_ALIASES
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" in line:
            alias, canonical = (p.strip() for p in line.split("\t", 1))
            if alias and canonical:
                out[fold(alias)] = canonical
    return out


class Resolver:
    """Collects the names of all records, then maps every written form to its canonical one."""

    def __init__(self, analysed: list[tuple[Record, dict]], aliases: dict[str, str]):
        self.analysed = analysed
        self.aliases = aliases
        self.merges: list[Merge] = []
        self.person_map = self._persons()
        # Abbreviations defined anywhere in the corpus, and every body form written in it.
        self.abbreviations: dict[str, str] = {}
        for _, context in analysed:
            for short, long in context.get("abbreviations", {}).items():
                self.abbreviations.setdefault(short, long)
        self.body_forms = {b for record, _ in analysed for b in record.bodies}
        self.body_forms |= {r.meeting.body for r, _ in analysed if r.meeting.body}

    # -- persons ------------------------------------------------------------------------------
    def _person_forms(self) -> Counter:
        forms = Counter()
        for record, _ in self.analysed:
            for a in record.attendees:
                forms[a.name] += 1
            for i in record.items:
                forms.update(i.presenters)
            for r in record.roles:
                forms[r.person] += 1
        return forms

    def _persons(self) -> dict[str, str]:
        forms = self._person_forms()
        groups: list[list[str]] = []
        for name in sorted(forms, key=lambda n: (-forms[n], -_quality(n), n)):
            for group in groups:
                if _same_person(name, group[0]):
                    group.append(name)
                    break
            else:
                groups.append([name])
        mapping = {}
        for group in groups:
            canonical = max(group, key=lambda n: (_quality(n) >= 0, forms[n] + _quality(n), len(n)))
            forced = self.aliases.get(fold(canonical))
            canonical = forced or canonical
            for name in group:
                mapping[name] = canonical
                if name != canonical:
                    self.merges.append(Merge("person", canonical, name, _evidence(name, canonical)))
        return mapping

    def person(self, name: str | None, record: Record | None = None) -> str | None:
        if not name:
            return name
        forced = self.aliases.get(fold(name))
        if forced:
            return forced
        if name in self.person_map:
            return self.person_map[name]
        for known, canonical in self.person_map.items():
            if _same_person(name, known):
                return canonical
        # A first name alone ("Jesper") is the one person of that name in the same document.
        if record is not None and re.fullmatch(r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)?", name):
            same = {self.person_map.get(a.name, a.name) for a in record.attendees if a.name.split()[0] == name}
            same |= {self.person_map.get(p, p) for i in record.items for p in i.presenters if p.split()[0] == name}
            if len(same) == 1:
                return same.pop()
        return name

    # -- bodies and agreements -----------------------------------------------------------------
    def body(self, name: str | None, record: Record, context: dict, item: str | None = None) -> str | None:
        if not name:
            return name
        forced = self.aliases.get(fold(name))
        if forced:
            return forced
        original = name
        name = re.sub(r"\s+", " ", name).strip(" ,.")
        name = context.get("header_aliases", {}).get(name, name)
        abbreviations = context.get("abbreviations", {})
        all_abbr = self.abbreviations
        # Abbreviations defined anywhere in the corpus: ONV -> Omsorgsnätverket.
        words = name.split(" ")
        words = [abbreviations.get(w) or all_abbr.get(w) or w for w in words]
        name = " ".join(words)
        if name[:1].islower():
            name = name[:1].upper() + name[1:]
        name = self._join_split_compound(name)
        low = name.lower()
        meeting_body = record.meeting.body
        if low in OWN_GROUPS and meeting_body:
            name = f"{name[:1].upper()}{name[1:]} för {self.body(meeting_body, record, context)}"
        elif low in TOPIC_GROUPS and item and context.get("sections", {}).get(item):
            topic = re.sub(r"^[\wåäö/& ]+:\s*", "", context["sections"][item])
            if len(topic.split()) <= 4:
                name = f"{name[:1].upper()}{name[1:]} för {topic}"
        name = self._genitive(name)
        name = self._expand_short(name)
        if name != original:
            self.merges.append(Merge("body", name, original, "short form or abbreviation in context"))
        return name

    def _join_split_compound(self, name: str) -> str:
        """'Nätverkets chefs nätverket' written apart: join when the joined form is known."""
        m = re.match(r"^(\w+s) (\w+)(.*)$", name)
        if m:
            joined = m[1] + m[2] + m[3]
            if any(fold(joined) == fold(b) for b in self.body_forms if " " not in b[:len(m[1]) + len(m[2])]):
                return joined
        return name

    def _genitive(self, name: str) -> str:
        if name.endswith("s") and " " not in name:
            base = name[:-1]
            if base in self.body_forms:
                return base
        return name

    def _expand_short(self, name: str) -> str:
        """'ABC' -> 'ABC Västernorrland' when exactly one longer form starting with it is known."""
        if " " in name or not name.isupper():
            return name
        longer = {b for b in self.body_forms if b.startswith(name + " ") and len(b.split()) <= 8}
        longer = {b.split(" (")[0] for b in longer}
        if len(longer) == 1:
            return longer.pop()
        if len(longer) > 1:
            # Prefer the form used most.
            counts = Counter(b.split(" (")[0] for r, _ in self.analysed for b in r.bodies if b.startswith(name + " "))
            return counts.most_common(1)[0][0]
        return name


def _same_person(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    pa, pb = fa.split(" "), fb.split(" ")
    if len(pa) < 2 or len(pb) < 2 or pa[0] != pb[0]:
        # "Inga Lill-Frank" is "Inga-Lill Frank" with the hyphen moved.
        return fa.replace(" ", "") == fb.replace(" ", "") and len(fa) > 8
    sa, sb = " ".join(pa[1:]), " ".join(pb[1:])
    # "Berg" is short for "Berg Lind" (a double surname).
    if sb.startswith(sa + " ") or sa.startswith(sb + " "):
        return True
    return len(sa) >= 4 and fuzz.ratio(sa, sb) >= 85


def _evidence(variant: str, canonical: str) -> str:
    if fold(variant) == fold(canonical):
        return "same letters apart from accents, case or hyphens"
    if fold(canonical).startswith(fold(variant)):
        return "short form of a double surname"
    return f"similar spelling (similarity {fuzz.ratio(fold(variant), fold(canonical)):.0f}%), same given name"


def resolve(analysed: list[tuple[Record, dict]], aliases_file: Path | None = None,
            resolver_out: list | None = None) -> list[Record]:
    """Records with canonical names for persons and bodies, consistently across all of them."""
    resolver = Resolver(analysed, load_aliases(aliases_file))
    out = []
    for record, context in analysed:
        out.append(_apply(record, context, resolver))
    if resolver_out is not None:
        resolver_out.append(resolver)
    return out


def _party(name: str | None, record: Record, context: dict, resolver: Resolver, item: str | None) -> str | None:
    """A giver or receiver is a person when it looks like one, else a body."""
    if not name:
        return name
    person = resolver.person(name, record)
    if person != name or name in resolver.person_map:
        return person
    return resolver.body(name, record, context, item)


def _apply(record: Record, context: dict, r: Resolver) -> Record:
    meeting_body = r.body(record.meeting.body, record, context)
    record = replace(record, meeting=replace(record.meeting, body=meeting_body))
    attendees = tuple(replace(a, name=r.person(a.name, record)) for a in record.attendees)
    items = tuple(replace(i, presenters=tuple(r.person(p, record) for p in i.presenters)) for i in record.items)
    decisions = tuple(replace(d, body=meeting_body) for d in record.decisions)
    mandates = tuple(replace(m, giver=_party(m.giver, record, context, r, m.item),
                             receiver=_party(m.receiver, record, context, r, m.item),
                             report_to=r.body(m.report_to, record, context, m.item) if m.report_to else None)
                     for m in record.mandates)
    roles = tuple(replace(x, person=r.person(x.person, record), body=r.body(x.body, record, context) if x.body else x.body)
                  for x in record.roles)
    bodies = tuple(dict.fromkeys(r.body(b, record, context) for b in record.bodies))
    references = tuple(replace(x, body=r.body(x.body, record, context, x.item)) for x in record.references)
    return replace(record, attendees=attendees, items=items, decisions=decisions, mandates=mandates,
                   roles=roles, bodies=bodies, references=references)


def merges(analysed: list[tuple[Record, dict]], aliases_file: Path | None = None) -> list[Merge]:
    """The merges made, with their evidence, for a person to review (`samkarta names`)."""
    holder: list = []
    resolve(analysed, aliases_file, holder)
    seen, out = set(), []
    for m in holder[0].merges:
        key = (m.kind, m.canonical, m.variant)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
