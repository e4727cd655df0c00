"""Bodies and agreements found by their shape: compound heads, "Styrgruppen för X", abbreviations, gazetteers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction import gazetteers
from extraction.patterns import read_jsonl

@dataclass(frozen=True)
class Mention:
    kind: str           # body | agreement
    text: str           # as written
    name: str           # normalised surface form
    start: int
    end: int


@lru_cache(maxsize=1)
def _shape_patterns() -> list[tuple[str, str, re.Pattern]]:
    return [(r["label"], r["id"], re.compile(r["pattern"])) for r in read_jsonl("entity_shapes.jsonl")]


AGREEMENT_STOP = {"som", "att", "där", "när", "vilket", "mellan", "men", "eftersom", "då", "har", "ska", "skall",
                  "kommer", "kan", "är", "var", "blir", "löper"}
BODY_STOP = {"för", "vid", "med", "till", "om", "inför", "under", "efter", "enligt", "mellan", "på", "av", "i",
             "som", "att", "och", "samt", "men", "där", "när", "inom", "kring", "angående", "avseende"}


def _complement(text: str, max_words: int = 8, is_verb=None, label: str = "BODY") -> str:
    text = re.split(r"[.;:()\n”\"]|,\s(?=[A-ZÅÄÖ0-9])", text)[0]
    if label == "AGREEMENT":
        out = []
        for word in text.split()[:max_words + 4]:
            low = word.lower().strip(",")
            if low in AGREEMENT_STOP or (out and is_verb and is_verb(low) and low not in ("vård", "nära")):
                break
            out.append(word)
        while out and out[-1].lower().strip(",") in BODY_STOP | {"den", "det", "de"}:
            out.pop()
        return " ".join(out).rstrip(" ,-–")
    words = text.split()
    out: list[str] = []
    for k, word in enumerate(words[:max_words]):
        bare = word.strip(",")
        low = bare.lower()
        if k == 0 and low in ("det", "den"):
            out.append(word)
            continue
        if k == 0 and low[:1].islower() and not low.endswith(("et", "en", "na")):
            return ""            # "för vidare hantering": no name follows
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if out and low == "och" and nxt and not (is_verb and is_verb(nxt)):
            out.append(word)
            continue
        if out and (low in BODY_STOP or bare.isdigit()):
            break
        if is_verb and is_verb(bare) and not bare[:1].isupper():
            break
        if low in ("möte", "mötet", "möten", "sammanträde", "sammanträdet"):
            break
        out.append(word)
    name = " ".join(out).rstrip(" ,-–")
    # "Styrgruppen för Nätverkets möte" names Nätverket.
    if name.endswith("s") and name[:1].isupper() and " " not in name and len(name) > 6:
        name = name[:-1]
    return name


DEFINITE_HEADS = [("överenskommelsen", "överenskommelse"), ("överenskommelserna", "överenskommelser"),
                  ("avtalet", "avtal"), ("direktivet", "direktiv"), ("handlingsplanen", "handlingsplan"),
                  ("arbetsordningen", "arbetsordning"), ("avsiktsförklaringen", "avsiktsförklaring"),
                  ("reglementet", "reglemente"), ("förbundsordningen", "förbundsordning")]


def indefinite(name: str) -> str:
    """'Samverkansavtalet för X' -> 'Samverkansavtal för X': the name form of an agreement with a complement."""
    first, _, rest = name.partition(" ")
    if not rest:
        return name
    low = first.lower()
    for definite, base in DEFINITE_HEADS:
        if low.endswith(definite):
            return first[:len(first) - len(definite)] + (base if first[-len(definite):][0].islower() else base.capitalize()) + " " + rest
    return name


def normalise(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.-–:;")
    name = re.sub(r"^(den|det|de|en|ett|nya|nuvarande|tidigare|befintliga)\s+", "", name, flags=re.IGNORECASE)
    return name[:1].upper() + name[1:] if name else name


BARE_GROUPS = ("styrgruppen", "planeringsgruppen", "arbetsgruppen", "presidiet", "projektgruppen", "referensgruppen")


def find_entities(text: str, offset: int = 0, is_verb=None) -> list[Mention]:
    """Body and agreement mentions in a stretch of text (one line or one sentence)."""
    out: list[Mention] = []
    for label, pid, pattern in _shape_patterns():
        for m in pattern.finditer(text):
            surface = m[0]
            if "comp" in m.groupdict() and m["comp"] is not None:
                comp = _complement(m["comp"], is_verb=is_verb, label=label)
                if not comp:
                    continue
                surface = text[m.start():m.start("comp")] + comp
            elif text[m.end():m.end() + 1] == ":" and surface.isupper():
                continue             # "LAG:ar", a kind of group in the plural, not one group
            name = normalise(surface)
            if label == "AGREEMENT":
                name = normalise(indefinite(name))
            if name.lower() in BARE_GROUPS:
                # A bare group is resolved later from its context (the meeting's body, the item's topic).
                out.append(Mention("group", surface, name, offset + m.start(), offset + m.end()))
                continue
            if len(name) < 3 or name.lower() in _generic():
                continue
            out.append(Mention(label.lower(), surface, name, offset + m.start(), offset + m.start() + len(surface)))
    out.extend(_gazetteer_mentions(text, offset))
    return _longest(out)


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Bare definite heads ("styrgruppen", "avtalet") are anaphora, not names."""
    words = set()
    for word in list(gazetteers.body_types()) + list(gazetteers.agreement_types()):
        w = word.lower()
        words |= {w, w + "en", w + "et", w + "n", w + "t", w + "na", w + "erna", w + "arna"}
    return frozenset(words)


@lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    names = set(gazetteers.national_bodies()) | {r.lower() for r in gazetteers.regions()}
    names = sorted((n for n in names if len(n) > 2), key=len, reverse=True)
    return re.compile(r"(?<![\wåäö])(" + "|".join(re.escape(n) for n in names) + r")(?![\wåäö])", re.IGNORECASE)


def _gazetteer_mentions(text: str, offset: int) -> list[Mention]:
    out = []
    for m in _gazetteer_regex().finditer(text):
        surface = m[0]
        key = surface.lower()
        if surface[0].islower() and not (key in gazetteers.national_bodies() and " " not in key and key.endswith(("en", "et"))):
            continue
        canonical = gazetteers.national_bodies().get(key) or gazetteers.regions().get(key) or surface
        out.append(Mention("body", surface, canonical, offset + m.start(), offset + m.end()))
    return out


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions: keep the longest."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
