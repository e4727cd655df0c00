"""Synthetic minutes in the genre, for benchmarks: invented people, bodies and dates, repeatable by seed.

Every document is drawn from its own random stream (seed + index), so document i is the same text in a
corpus of 10 and in one of 10,000. People and bodies belong to a county "world" drawn from the seed alone,
so the same persons and bodies recur across documents (the cross-document name resolver has work to do).

    python -m bench.generate --count 1000 --seed 7 --out /tmp/corpus-1000
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PATTERNS = HERE.parent / "extraction" / "patterns"
SIZES = (10, 100, 1000, 10000)
FIRST_DAY = date(2014, 1, 1)
DAYS = 12 * 365


# ---------------------------------------------------------------- word lists (data files)

def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def genre() -> dict:
    return json.loads((DATA / "genre.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def given_names() -> tuple[str, ...]:
    """The extraction's given-name gazetteer (single names)."""
    return tuple(n for n in _lines(PATTERNS / "given_names.txt") if n.isalpha() and n[:1].isupper())


@lru_cache(maxsize=1)
def surname_parts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    firsts, seconds = [], []
    for line in _lines(DATA / "surname_parts.tsv"):
        a, _, b = line.partition("\t")
        if a.strip():
            firsts.append(a.strip())
        if b.strip():
            seconds.append(b.strip())
    return tuple(firsts), tuple(seconds)


@lru_cache(maxsize=1)
def counties() -> dict[str, tuple[str, list[str]]]:
    """County -> (region name, municipalities), from the extraction's gazetteers."""
    regions = {}
    for row in _lines(PATTERNS / "regions.tsv")[1:]:
        cols = row.split("\t")
        if len(cols) >= 2:
            regions[cols[1]] = cols[0]
    out: dict[str, tuple[str, list[str]]] = {}
    for row in _lines(PATTERNS / "municipalities.tsv")[1:]:
        cols = row.split("\t") + [""] * 5
        name, county, ambiguous = cols[0], cols[2], cols[4]
        if county in regions and not ambiguous.strip():
            out.setdefault(county, (regions[county], []))[1].append(name)
    return {c: v for c, v in sorted(out.items()) if len(v[1]) >= 4}


# ---------------------------------------------------------------- the world of one county

@dataclass
class Person:
    name: str
    home: str            # municipality, or the region's name
    title: str | None = None
    party: str | None = None


@dataclass
class Body:
    name: str
    layout: str          # "network" (numbered items, side-by-side table) or "protocol" (§, lists)
    short: str | None = None
    abbreviation: str | None = None
    long: str | None = None
    topic: str = ""


@dataclass
class County:
    name: str
    region: str
    municipalities: list[str]
    bodies: list[Body] = field(default_factory=list)
    members: dict[str, list[Person]] = field(default_factory=dict)   # municipality -> persons
    region_staff: list[Person] = field(default_factory=list)
    staff: list[Person] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)


def _surname(rng: random.Random) -> str:
    firsts, seconds = surname_parts()
    if rng.random() < 0.25:
        return rng.choice(given_names()).rstrip("s") + "son"
    return rng.choice(firsts) + rng.choice(seconds)


def _given(rng: random.Random) -> str:
    names = given_names()
    if rng.random() < 0.12:
        return f"{rng.choice(names)}-{rng.choice(names)}"
    return rng.choice(names)


def _person_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{_given(rng)} {_surname(rng)}"
        if rng.random() < 0.06:
            name += "-" + _surname(rng)
        if name not in taken:
            taken.add(name)
            return name


def _fill(template: str, **values: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m[1], m[0]), template)


def _abbreviation(name: str) -> str:
    letters = re.sub(r"[^A-ZÅÄÖ]", "", "".join(w[:1].upper() for w in name.split() if len(w) > 2))
    return (letters + "NV")[:4] if len(letters) < 3 else letters[:5]


@lru_cache(maxsize=64)
def county_world(seed: int, county: str) -> County:
    """People, bodies and agreements of one county, drawn from the seed alone."""
    rng = random.Random(f"{seed}/county/{county}")
    g = genre()
    region, munis = counties()[county]
    world = County(county, region, list(munis))
    taken: set[str] = set()
    for muni in munis:
        world.members[muni] = [Person(_person_name(rng, taken), muni, party=rng.choice(g["parties"]))
                               for _ in range(rng.randint(2, 4))]
    world.region_staff = [Person(_person_name(rng, taken), region, rng.choice(g["region_titles"]))
                          for _ in range(rng.randint(5, 9))]
    world.staff = [Person(_person_name(rng, taken), region, rng.choice(g["staff_titles"])) for _ in range(4)]
    stems = rng.sample(g["network_stems"], 5)
    topics = rng.sample(g["topics"], 8)
    for i, stem in enumerate(stems):
        topic = topics[i]
        name = _fill(rng.choice(g["network_forms"]), stem=stem, topic=topic, stem_lower=stem.lower())
        body = Body(name, "network", topic=topic)
        if rng.random() < 0.5 and name.endswith("nätverket") and " " not in name:
            body.long = f"Länsnätverket för {_lower_first(stem)}frågor, "
            body.abbreviation = _abbreviation(name + " nätverk")
        world.bodies.append(body)
    for form in rng.sample(g["protocol_bodies"], 3):
        world.bodies.append(Body(_fill(form, topic=rng.choice(topics)), "protocol", topic=rng.choice(topics)))
    for _ in range(5):
        form = rng.choice(g["agreement_forms"])
        world.agreements.append(_fill(form, topic=rng.choice(topics), region=region, stem=rng.choice(stems)))
    world.agreements = list(dict.fromkeys(world.agreements))
    return world


# ---------------------------------------------------------------- one document

_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december")


def _short(d: date) -> str:
    return d.strftime("%y%m%d")


def _long(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _genitive(name: str) -> str:
    return name if name.endswith("s") else name + "s"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Writer:
    """Draws the parts of one document from its own random stream."""

    def __init__(self, rng: random.Random, world: County, body: Body, when: date):
        self.rng, self.world, self.body, self.when = rng, world, body, when
        self.g = genre()
        self.year = str(when.year)

    def pick(self, options):
        return self.rng.choice(options)

    def others(self) -> list[str]:
        names = [b.name for b in self.world.bodies if b is not self.body]
        names += [f"{s} för {self.body.name}" for s in self.g["sub_groups"][:2]]
        return names

    def values(self) -> dict[str, str]:
        agreement = self.pick(self.world.agreements)
        return {"topic": self.pick(self.g["topics"]), "region": self.world.region, "year": self.year,
                "agreement": agreement, "agreement_lower": _lower_first(agreement),
                "sub": self.pick(self.g["sub_groups"]).lower()}

    def earlier(self) -> date:
        return self.when - timedelta(days=self.rng.randint(14, 200))

    def later(self) -> date:
        return self.when + timedelta(days=self.rng.randint(14, 120))

    def person(self) -> Person:
        pool = self.world.region_staff + [p for ps in self.world.members.values() for p in ps]
        return self.pick(pool)

    def receiver(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return f"{self.pick(self.g['sub_groups'])} för {self.body.name}"
        if r < 0.6:
            return self.world.region
        if r < 0.8:
            return self.person().name
        return self.pick(self.others())

    def sentence(self, template: str, **extra: str) -> str:
        v = self.values()
        v.update(person=self.person().name, other=self.pick(self.others()))
        v.update(extra)
        d = self.earlier()
        v.update(short=_short(d), long=_long(d), iso=d.isoformat(), deadline=_long(self.later()))
        v["task"] = _fill(self.pick(self.g["tasks"]), **v)
        v.setdefault("receiver", self.receiver())
        v.setdefault("giver", self.pick(self.others()))
        return _fill(template, **v)

    def discussion(self, k: int) -> list[str]:
        return [self.sentence(t) for t in self.rng.sample(self.g["discussion"], k)]

    def decision_clauses(self, agenda: bool) -> list[str]:
        clauses = [self.sentence(self.pick(self.g["closing_decisions"]))]
        r = self.rng.random()
        if r < 0.35:
            clauses.append(self.sentence(self.pick(self.g["mandate_clauses"])))
        elif r < 0.42:
            clauses = [self.pick(self.g["postponed"])]
        return clauses


def _network_header(w: _Writer, present: list[Person], region_side: list[Person]) -> list[str]:
    b, rng = w.body, w.rng
    out = []
    if b.long and b.abbreviation:
        out += [f"{b.long}", f"({b.name}, {b.abbreviation})", ""]
    out += [f"Minnesanteckningar {b.name}", ""]
    if rng.random() < 0.5:
        out.append(f"Datum: {w.when.isoformat()}")
    else:
        out.append(f"Datum: {_long(w.when)}")
    start = rng.choice((8, 9, 10, 13))
    out.append(f"Tid: Kl. {start}.{rng.choice(('00', '30'))} – {start + 3}.00")
    muni = rng.choice(w.world.municipalities)
    out.append(f"Plats: {rng.choice(w.g['places'])}, {rng.choice(w.g['streets'])} {rng.randint(1, 40)}, {muni}")
    out += ["", "Närvarande:", f"Kommun {w.world.region}"]
    rows = max(len(present), len(region_side))
    for i in range(rows):
        left = right = ""
        if i < len(present):
            p = present[i]
            left = f"{p.name} {p.home}"
        if i < len(region_side):
            q = region_side[i]
            right = f"{q.name} {q.title}"
        out.append(f"{left} {right}".strip() + " ")
    return out + ["", ""]


def _protocol_header(w: _Writer, members: list[Person], deputies: list[Person], staff: list[Person]) -> list[str]:
    b, rng = w.body, w.rng
    out = [b.name.upper(), "PROTOKOLL", "", f"Sammanträdesdatum {w.when.isoformat()}", ""]
    start = rng.choice((9, 10, 13))
    out.append(f"Tid kl. {start}.00-{start + 2}.30")
    out.append(f"Plats {rng.choice(w.g['places'])}, {rng.choice(w.world.municipalities)}")
    out += ["", "Beslutande"]
    for i, p in enumerate(members):
        role = ", ordförande" if i == 0 else ", vice ordförande" if i == 1 else ""
        out.append(f"{p.name} ({p.party}){role}, {p.home}")
    out += ["", "Ersättare"]
    out += [f"{p.name} ({p.party}), {p.home}" for p in deputies]
    out += ["", "Övriga deltagare"]
    out += [f"{p.name}, {p.title}" for p in staff]
    out += ["", "Justering", f"Att jämte ordföranden justera protokollet utses {members[-1].name}.", "", ""]
    return out


def _items(w: _Writer, chair: Person, protocol: bool) -> list[str]:
    rng, g, b = w.rng, w.g, w.body
    first = rng.randint(1, 60) if protocol else 1
    verb = "beslutar" if protocol and rng.random() < 0.3 else "beslutade"
    out: list[str] = []
    number = first

    paragraph_first = rng.random() < 0.5

    def heading(n: int, title: str) -> str:
        if not protocol:
            return f"{n}. {title}"
        return f"§ {n} {title}" if paragraph_first else f"{n} § {title}"

    def decide(clauses: list[str]) -> list[str]:
        if len(clauses) == 1 and rng.random() < 0.5:
            return [f"{b.name} {verb} {clauses[0]}.", ""]
        return [f"{b.name} {verb}:" if rng.random() < 0.5 else f"{b.name} {verb}"] + clauses + [""]

    out += [heading(number, "Mötets öppnande"), "",
            f"Ordförande {chair.name} hälsade alla välkomna och öppnade mötet.", ""]
    out += decide(["att öppna mötet"])
    number += 1
    out += [heading(number, "Godkännande av dagordning"), ""]
    out += decide(["att godkänna dagordningen"])
    number += 1
    previous = w.earlier()
    out += [heading(number, f"Föregående minnesanteckningar {_short(previous)}" if not protocol
                    else "Föregående protokoll"), ""]
    out += decide(["att lägga minnesanteckningarna till handlingarna" if not protocol
                   else "att lägga protokollet till handlingarna"])
    for _ in range(rng.randint(4, 8)):
        number += 1
        v = w.values()
        title = _fill(rng.choice(g["item_titles"]), **v)
        subs = [None] if protocol or rng.random() < 0.6 else list("abc"[:rng.randint(2, 3)])
        if subs != [None]:
            out += [heading(number, rng.choice(("Rapporter och information", "Aktuella frågor", "Skriftlig information"))), ""]
        for letter in subs:
            kind = rng.choice(g["item_kinds"])
            line = f"{kind}: {title}" if rng.random() < 0.75 else title
            if letter:
                out.append(f"{letter}) {line}")
                title = _fill(rng.choice(g["item_titles"]), **w.values())
            elif protocol:
                out.append(heading(number, title))
            else:
                out.append(heading(number, line))
            presenter = w.person()
            if rng.random() < 0.8:
                label = presenter.title or ("ordförande" if presenter is chair else None)
                out.append(f"Föredragande: {presenter.name}" + (f", {label.lower()}" if label else "") + "")
            out.append("")
            sentences = w.discussion(rng.randint(1, 3))
            if rng.random() < 0.45:
                sentences.append(w.sentence(rng.choice(g["references"])))
            if rng.random() < 0.35:
                sentences.append(w.sentence(rng.choice(g["mandate_sentences"])))
            if protocol:
                out += ["Ärendebeskrivning", ""] + _wrap(" ".join(w.discussion(rng.randint(2, 4))), 86) + [""]
            out += _wrap(" ".join(sentences), rng.choice((78, 84, 90)))
            out.append("")
            out += decide(w.decision_clauses(protocol and verb == "beslutar"))
    number += 1
    out += [heading(number, "Övriga frågor"), "", "Inga övriga frågor anmäldes.", ""]
    number += 1
    out += [heading(number, "Nästa möte"), "", f"Nästa möte hålls den {_long(w.later())}.", ""]
    return out


def _wrap(text: str, width: int) -> list[str]:
    """Lines as a PDF text layer gives them: cut near `width`, a trailing space on each."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line + " ")
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line + " ")
    return lines


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40]


def generate_document(seed: int, index: int) -> tuple[str, str]:
    """(file name, text) of document `index` of the corpus drawn with `seed`."""
    rng = random.Random(f"{seed}/doc/{index}")
    county = rng.choice(sorted(counties()))
    world = county_world(seed, county)
    body = rng.choice(world.bodies)
    when = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    w = _Writer(rng, world, body, when)
    protocol = body.layout == "protocol"
    munis = rng.sample(world.municipalities, min(len(world.municipalities), rng.randint(5, 12)))
    if protocol:
        members = [rng.choice(world.members[m]) for m in munis]
        deputies = [p for m in rng.sample(munis, min(3, len(munis))) for p in world.members[m][1:2]
                    if p not in members]
        staff = rng.sample(world.staff, rng.randint(1, 3))
        lines = _protocol_header(w, members, deputies, staff)
        chair = members[0]
    else:
        present = [rng.choice(world.members[m]) for m in munis]
        region_side = rng.sample(world.region_staff, min(len(world.region_staff), rng.randint(3, 6)))
        lines = _network_header(w, present, region_side)
        chair = present[0]
    lines += _items(w, chair, protocol)
    text = "\n".join(lines).rstrip() + "\n"
    return f"{index:05d}_{slug(body.name)}_{when.isoformat()}.txt", text


def generate_corpus(count: int, seed: int = 1):
    """(file name, text) of documents 0..count-1."""
    for i in range(count):
        yield generate_document(seed, i)


def write_corpus(out: Path, count: int, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate_corpus(count, seed):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus of Swedish minutes (.txt).")
    parser.add_argument("--count", type=int, default=100, help=f"documents to write (benchmark sizes: {SIZES})")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same corpus (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args(argv)
    if args.count < 1:
        print("generate: --count must be at least 1", file=sys.stderr)
        return 2
    paths = write_corpus(args.out, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
