"""One name per entity across the corpus: spelling variants, short forms and abbreviations resolve to one form."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from extraction import gazetteers
from extraction.components.people import NAME_WORD, is_given_name
from extraction.ocr import _name_key as _garbled_key, resolve_garbled_name
from extraction.components.roles import default_body, is_board_word, owner_of
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
    document: str = ""     # where the variant was seen ("" = across the corpus)


# How close a garbled attendee's letters must be to a known person's (rapidfuzz ratio, 0-100).
GARBLED_NAME_SCORE = 60


@lru_cache(maxsize=1 << 16)
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
        self.garbled: set[tuple[str, str]] = set()   # (document, name as written) of garbled attendees resolved
        self.person_map = self._persons()
        self._known: _NameIndex | None = None
        self._known_names: list[str] = []
        # Abbreviations defined anywhere in the corpus, and every body form written in it.
        self.abbreviations: dict[str, str] = {}
        for _, context in analysed:
            for short, long in context.get("abbreviations", {}).items():
                self.abbreviations.setdefault(short, long)
        self.body_forms = {b for record, _ in analysed for b in record.bodies}
        self.body_forms |= {r.meeting.body for r, _ in analysed if r.meeting.body}
        self.body_counts = Counter(b for record, _ in analysed for b in record.bodies)
        self.body_counts.update(r.meeting.body for r, _ in analysed if r.meeting.body)
        self._variants: dict[str, tuple[str, str]] | None = None
        self._variant_cache: dict[str, tuple[str, str] | None] = {}
        self._by_count: list[str] | None = None

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
        heads = _NameIndex()   # only groups whose first name could match are compared (corpus-size safe)
        for name in sorted(forms, key=lambda n: (-forms[n], -_quality(n), n)):
            for k in heads.candidates(name):
                if _same_person(name, groups[k][0]):
                    groups[k].append(name)
                    break
            else:
                heads.add(name, len(groups))
                groups.append([name])
        mapping = {}
        for group in groups:
            canonical = max(group, key=lambda n: (_quality(n) >= 0, forms[n] + _quality(n), len(n)))
            forced = self.aliases.get(fold(canonical))
            canonical = forced or canonical
            for name in group:
                mapping[name] = canonical
                if name != canonical:
                    evidence = "alias file" if forced and fold(name) == fold(group[0]) and len(group) == 1 \
                        else _evidence(name, canonical)
                    self.merges.append(Merge("person", canonical, name, evidence))
        return mapping

    def person(self, name: str | None, record: Record | None = None) -> str | None:
        if not name:
            return name
        forced = self.aliases.get(fold(name))
        if forced:
            if forced != name:
                self.merges.append(Merge("person", forced, name, "alias file", record.document if record else ""))
            return forced
        if self.person_map.get(name, name) == name:
            garbled = self._garbled(name, record)
            if garbled:
                return garbled
        if name in self.person_map:
            return self.person_map[name]
        if self._known is None:   # person_map is fixed once built: index it on first use
            self._known = _NameIndex()
            self._known_names = list(self.person_map)
            for k, known in enumerate(self._known_names):
                self._known.add(known, k)
        for k in self._known.candidates(name):
            known = self._known_names[k]
            canonical = self.person_map[known]
            if _same_person(name, known):
                self.merges.append(Merge("person", canonical, name, _evidence(name, canonical),
                                         record.document if record else ""))
                return canonical
        # A first name alone ("Jesper") is the one person of that name in the same document.
        if record is not None and re.fullmatch(r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)?", name):
            same = {self.person_map.get(a.name, a.name) for a in record.attendees if a.name.split()[0] == name}
            same |= {self.person_map.get(p, p) for i in record.items for p in i.presenters if p.split()[0] == name}
            if len(same) == 1:
                full = same.pop()
                self.merges.append(Merge("person", full, name, "first name alone; one person of that name in the document",
                                         record.document))
                return full
        return name

    def _garbled(self, name: str, record: Record | None) -> str | None:
        """A struck-through attendee that a scan garbled into one hyphenated word ("kalin-Bevg"): the one
        person of the same organisation, named elsewhere in the corpus, whose letters are close enough."""
        if record is None or " " in name or "-" not in name:
            return None
        first = name.split("-")[0]
        if is_given_name(first) and first[:1].isupper():
            return None          # "Anna-Karin": a given name, not a garbled one
        orgs = {a.organization for a in record.attendees if a.name == name and a.organization}
        if len(orgs) != 1:
            return None
        org = orgs.pop()
        known = {self.person_map.get(a.name, a.name) for other, _ in self.analysed if other is not record
                 for a in other.attendees if a.organization == org and " " in a.name}
        found = resolve_garbled_name(name, sorted(known), GARBLED_NAME_SCORE)
        if found is None:
            return None
        close = [k for k in known if fuzz.ratio(_garbled_key(name), _garbled_key(k)) >= found[1] - 5]
        if len(close) != 1:
            return None          # two people of that organisation are about as close: no evidence to choose
        canonical = found[0]
        self.garbled.add((record.document, name))
        self.merges.append(Merge("person", canonical, name,
                                 f"garbled name in the attendance list; the one person of {org} named elsewhere "
                                 f"with close letters (similarity {found[1]:.0f}%)", record.document))
        return canonical

    # -- bodies and agreements -----------------------------------------------------------------
    def body(self, name: str | None, record: Record, context: dict, item: str | None = None) -> str | None:
        if not name:
            return name
        doc = record.document
        forced = self.aliases.get(fold(name))
        if forced:
            if forced != name:
                self.merges.append(Merge("body", forced, name, "alias file", doc))
            return forced
        original = name
        why = []
        name = re.sub(r"\s+", " ", name).strip(" ,.*_")     # "*...*": emphasis around a line
        header = context.get("header_aliases", {})
        if name in header:
            name = header[name]
            why.append("named together in the document's heading")
        abbreviations = context.get("abbreviations", {})
        all_abbr = self.abbreviations
        # Abbreviations defined anywhere in the corpus: ONV -> Omsorgsnätverket.
        words = name.split(" ")
        expanded = [abbreviations.get(w) or all_abbr.get(w) or w for w in words]
        if expanded != words:
            why.append("abbreviation defined in the text" if any(w in abbreviations for w in words)
                       else "abbreviation defined in another document")
        name = " ".join(expanded)
        if name[:1].islower():
            name = name[:1].upper() + name[1:]
        joined = self._join_split_compound(name)
        if joined != name:
            why.append("compound written apart")
        name = joined
        low = name.lower()
        meeting_body = record.meeting.body
        # A meeting body that is itself a bare group ("Styrgruppen") would qualify itself without end.
        if low in OWN_GROUPS and meeting_body and meeting_body.strip(" ,.").lower() not in OWN_GROUPS \
                and not is_board_word(meeting_body):
            name = f"{name[:1].upper()}{name[1:]} för {self.body(meeting_body, record, context)}"
            why.append("bare group in the minutes of its own body")
        elif low in TOPIC_GROUPS and item and context.get("sections", {}).get(item):
            topic = re.sub(r"^[\wåäö/& ]+:\s*", "", context["sections"][item])
            if len(topic.split()) <= 4:
                name = f"{name[:1].upper()}{name[1:]} för {topic}"
                why.append("bare group under the item on its topic")
        short = name
        name = self._genitive(name)
        if name != short:
            why.append("genitive of a known name")
        short = name
        name = self._expand_short(name)
        if name != short:
            why.append("short form of the one longer name known")
        variant = self.body_variants().get(name) or self._variant_of(name)
        if variant:
            name, reason = variant
            why.append(reason)
        if name != original and fold(name) != fold(original):
            self.merges.append(Merge("body", name, original, "; ".join(why) or "spacing or case", doc))
        return name

    def body_variants(self) -> dict[str, tuple[str, str]]:
        """Body names written two ways across the corpus -> (the form to use, the evidence).

        Same words with abbreviated words ("Grupp rehab-, hab ..." / "Grupp Rehabilitering, habilitering ...",
        "Projekt HoS" / "Projekt hälso- och sjukvård"), the indefinite of a known definite
        ("Omsorgsnätverk" / "Omsorgsnätverket"), or one OCR-like misspelling of a one-word name."""
        if self._variants is not None:
            return self._variants
        forms = sorted(self.body_counts, key=lambda b: (-self.body_counts[b], -_quality(b), b))
        out: dict[str, tuple[str, str]] = {}
        for a in forms:
            for b in forms:
                if a == b or a in out or b in out:
                    continue
                reason = _same_body(a, b)
                if not reason:
                    continue
                # Keep the full, clean and frequent form.
                if "apart" in reason:       # the compound written together
                    keep, drop = sorted((a, b), key=lambda n: (n.count(" "), -self.body_counts[n]))
                elif "abbrev" in reason:    # the form with the words written out
                    keep, drop = sorted((a, b), key=lambda n: (_quality(n) < 0, -len(n), -self.body_counts[n]))
                else:
                    keep, drop = sorted((a, b), key=lambda n: (_quality(n) < 0, -self.body_counts[n], -_quality(n), -len(n)))
                if "indefinite" in reason:
                    head = lambda n: n.split(" ")[0]
                    keep, drop = (a, b) if head(a).endswith(("et", "en")) and not head(b).endswith(("et", "en")) else (b, a)
                out[drop] = (keep, reason)
        self._variants = out
        return out

    def _variant_of(self, name: str) -> tuple[str, str] | None:
        """A name not seen among the bodies (a mandate's receiver, a reference's body) that is a
        variant of one that was: the known full form. Asked once per name (the known bodies do not change while
        names are resolved): an organisation on ten thousand attendance lists is compared with them once."""
        if name in self.body_counts:
            return None
        if name not in self._variant_cache:
            self._variant_cache[name] = self._find_variant(name)
        return self._variant_cache[name]

    def _find_variant(self, name: str) -> tuple[str, str] | None:
        if self._by_count is None:
            self._by_count = sorted(self.body_counts, key=lambda b: -self.body_counts[b])
        for known in self._by_count:
            reason = _same_body(name, known)
            if reason and ("abbrev" in reason or "apart" in reason or "indefinite" in reason):
                if len(known) >= len(name) or "apart" in reason:
                    return self.body_variants().get(known, (known, reason))
        return None

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


class _NameIndex:
    """Positions of names by folded first word and by folded letters without spaces: every name that
    _same_person can match shares one of the two keys, so only those are compared, in their original order."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[int]] = defaultdict(list)
        self.by_flat: dict[str, list[int]] = defaultdict(list)

    @staticmethod
    def _keys(name: str) -> tuple[str | None, str]:
        folded = fold(name)
        words = folded.split(" ")
        return (words[0] if len(words) >= 2 else None), folded.replace(" ", "")

    def add(self, name: str, position: int) -> None:
        first, flat = self._keys(name)
        if first is not None:
            self.by_first[first].append(position)
        self.by_flat[flat].append(position)

    def candidates(self, name: str) -> list[int]:
        first, flat = self._keys(name)
        found = set(self.by_flat.get(flat, ()))
        if first is not None:
            found.update(self.by_first.get(first, ()))
        return sorted(found)


@lru_cache(maxsize=1)   # read the file once, not once per word (callers only read the dict)
def _word_abbreviations() -> dict[str, str]:
    from extraction.patterns import read_table
    return {row[0].lower(): row[1] for row in read_table("word_abbreviations.tsv") if len(row) == 2}


@lru_cache(maxsize=1 << 16)   # speed only: pure, and asked for every pair of body names
def _expand_words(name: str) -> str:
    # "Hab." is "hab": a full stop closes an abbreviated word.
    words = [_word_abbreviations().get(w.lower().strip(",-.*_"), w.strip(".*_")) for w in name.split()]
    return fold(" ".join(words)).replace(",", "")


@lru_cache(maxsize=1 << 18)   # speed only: pure, and body_variants compares every pair of body names
def _same_body(a: str, b: str) -> str | None:
    """Why two body names name one body, or None."""
    fa, fb = fold(a).replace(",", ""), fold(b).replace(",", "")
    if fa == fb:
        return None
    if fa.replace(" ", "") == fb.replace(" ", ""):
        return "same name with a compound written apart"
    ha, _, ra = fa.partition(" ")
    hb, _, rb = fb.partition(" ")
    if ra == rb and (hb == ha + "et" or hb == ha + "en" or ha == hb + "et" or ha == hb + "en"):
        return "indefinite form of the same name"
    if " " not in fa and " " not in fb:
        if min(len(fa), len(fb)) >= 8 and fa[:1] == fb[:1] and fuzz.ratio(fa, fb) >= 88:
            return f"similar spelling (similarity {fuzz.ratio(fa, fb):.0f}%)"
        return None
    ea, eb = _expand_words(a), _expand_words(b)
    if ea == eb:
        return "same name with abbreviated words written out"
    wa, wb = ea.split(), eb.split()
    if len(wa) == len(wb) and len(wa) > 1 and wa[0] == wb[0] and all(
            _abbreviates(x, y) or _abbreviates(y, x) for x, y in zip(wa[1:], wb[1:])) \
            and any(x != y for x, y in zip(wa, wb)):
        return "same name with abbreviated words"
    return None


def _abbreviates(short: str, word: str) -> bool:
    """'ortop' abbreviates 'ortopedi': the same word, or its first three letters or more."""
    short = short.rstrip("-")
    return short == word or (len(short) >= 3 and word.startswith(short))


def _same_person(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    pa, pb = fa.split(" "), fb.split(" ")
    if len(pa) < 2 or len(pb) < 2 or pa[0] != pb[0]:
        # "Anna Karin-Ek" is "Anna-Karin Ek" with the hyphen moved.
        return fa.replace(" ", "") == fb.replace(" ", "") and len(fa) > 8
    sa, sb = " ".join(pa[1:]), " ".join(pb[1:])
    # "Berg" is short for "Berg Lind" (a double surname).
    if sb.startswith(sa + " ") or sa.startswith(sb + " "):
        return True
    if len(sa) >= 4 and fuzz.ratio(sa, sb) >= 85:
        return True
    # OCR and typing confuse e/o/c and double letters: "Lindgren"/"Lindgreen". Only for longer surnames.
    return min(len(sa), len(sb)) >= 7 and fuzz.ratio(_lookalike(sa), _lookalike(sb)) >= 90


def _lookalike(text: str) -> str:
    text = re.sub(r"[oc]", "e", text)
    return re.sub(r"(.)\1", r"\1", text)


def _evidence(variant: str, canonical: str) -> str:
    if fold(variant) == fold(canonical):
        return "same letters apart from accents, case or hyphens"
    pa, pb = fold(variant).split(" "), fold(canonical).split(" ")
    if pa[0] == pb[0] and fuzz.ratio(" ".join(pa[1:]), " ".join(pb[1:])) < 85 and not fold(canonical).startswith(fold(variant)):
        score = fuzz.ratio(_lookalike(" ".join(pa[1:])), _lookalike(" ".join(pb[1:])))
        return f"similar spelling when OCR look-alike letters (e/o/c, double letters) are ignored (similarity {score:.0f}%), same given name"
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
    attendees = tuple(replace(a, name=r.person(a.name, record),
                              organization=r.body(a.organization, record, context) if a.organization else None)
                      for a in record.attendees)
    # A name struck through in the list (garbled by the scan) is someone who did not attend.
    attendees = tuple(replace(a, present=False) if (record.document, b.name) in r.garbled else a
                      for a, b in zip(attendees, record.attendees))
    items = tuple(replace(i, presenters=tuple(r.person(p, record) for p in i.presenters)) for i in record.items)
    decisions = tuple(replace(d, body=meeting_body) for d in record.decisions)
    mandates = tuple(replace(m, giver=_party(m.giver, record, context, r, m.item),
                             receiver=_party(m.receiver, record, context, r, m.item),
                             report_to=r.body(m.report_to, record, context, m.item) if m.report_to else None)
                     for m in record.mandates)
    bodies = [r.body(b, record, context) for b in record.bodies]
    owner = owner_of(meeting_body) or _owner_in_text(meeting_body, bodies)
    roles = tuple(replace(x, person=r.person(x.person, record),
                          body=r.body(x.body, record, context) if x.body else default_body(x.role, meeting_body, owner))
                  for x in record.roles)
    roles = tuple(dict.fromkeys(roles_unique(_split_roles(roles))))
    references = tuple(replace(x, body=r.body(x.body, record, context, x.item)) for x in record.references)
    bodies = _related_bodies(bodies, meeting_body, attendees, roles, references, mandates, r)
    return replace(record, attendees=attendees, items=items, decisions=decisions, mandates=mandates,
                   roles=roles, bodies=bodies, references=references)


def _split_roles(roles):
    """'områdessamordnare' with body 'och ordförande i SUS-gruppen' holds two posts."""
    from extraction.components.roles import attendee_roles
    for x in roles:
        if x.body and x.body.lower().startswith("och "):
            parts = attendee_roles(f"{x.role} {x.body}", None)
            if len(parts) > 1:
                for role, body in parts:
                    yield replace(x, role=role, body=body[:1].upper() + body[1:] if body else None)
                continue
        yield x


def roles_unique(roles):
    seen = set()
    for x in roles:
        key = (x.person, x.role.lower(), x.body)
        if key not in seen:
            seen.add(key)
            yield x


ORGANISATION_SHAPE = re.compile(r"(?:förbund|förbundet|regionen|\bAB|\blän)$|^Region\s+[A-ZÅÄÖ]")


def _owner_in_text(meeting_body: str | None, bodies: list[str]) -> str | None:
    """A board named bare ("Direktionen") belongs to the organisation the minutes name first
    (a förbund, a region, a company): that is the staff's employer."""
    if not meeting_body or " " in meeting_body.strip() or not is_board_word(meeting_body):
        return None
    return next((b for b in bodies if b and ORGANISATION_SHAPE.search(b) and b != meeting_body), None)


def _is_organisation(name: str | None, resolver: Resolver) -> bool:
    """A body or organisation, not a person, not a single municipality, not a lower-case phrase."""
    if not name or not name[:1].isupper() or name in resolver.person_map.values():
        return False
    if name.split()[0].lower() in ("samtliga", "alla", "berörda", "respektive", "och", "varje", "övriga"):
        return False
    if gazetteers.municipality(name) is not None and not name.startswith("Region "):
        return False
    words = name.split()
    return not (len(words) in (2, 3) and is_given_name(words[0]) and all(w[:1].isupper() for w in words))


def _related_bodies(bodies: list[str], meeting_body, attendees, roles, references, mandates, resolver) -> tuple[str, ...]:
    """Every body the record names anywhere: its own, the attendees' organisations, the units of
    roles, the bodies of references and mandates, and the owner of a board ("Direktionen för X": X)."""
    found = [meeting_body] + bodies
    found += [a.organization for a in attendees]
    found += [x.body for x in roles]
    found += [x.body for x in references]
    found += [p for m in mandates for p in (m.giver, m.receiver)]
    found += [owner_of(b) for b in list(found)]
    return tuple(dict.fromkeys(b for b in found if _is_organisation(b, resolver)))


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
    return sorted(out, key=lambda m: (m.kind != "person", fold(m.canonical), fold(m.variant)))


MERGE_COLUMNS = ("kind", "variant", "canonical", "evidence", "document")


def format_merges(found: list[Merge], fmt: str = "table") -> str:
    """The merges as a plain table, CSV or JSON, one merge per row."""
    import csv
    import io
    import json
    rows = [{c: getattr(m, c) for c in MERGE_COLUMNS} for m in found]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=MERGE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if not rows:
        return "no merges\n"
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in MERGE_COLUMNS}
    widths.update({c: min(widths[c], 48) for c in ("variant", "canonical")})
    line = lambda r: "  ".join(str(r[c])[:widths[c]].ljust(widths[c]) for c in MERGE_COLUMNS).rstrip()
    head = {c: c for c in MERGE_COLUMNS}
    return "\n".join([line(head), "  ".join("-" * widths[c] for c in MERGE_COLUMNS)] + [line(r) for r in rows]) + "\n"
