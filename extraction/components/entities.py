"""Bodies and agreements found by their shape: compound heads, "Styrgruppen för X", abbreviations, gazetteers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction import gazetteers
from extraction.patterns import read_jsonl

STOP_COMPLEMENT = re.compile(r"\s+(?:som|har|hade|ska|skall|kommer|är|var|att|och\s+(?=[a-zåäö]+(?:ar|er|ade)\b)|vid|med|i\s+(?=uppdrag)|"
                             r"mellan|kring|inför|under|efter|enligt|samt|där|för\s+att|får|fick|gav|ger|beslutade|beslutar)\b.*$")


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


def _complement(text: str, max_words: int = 8) -> str:
    text = re.split(r"[.;:()\n”\"]|,\s(?=[A-ZÅÄÖ0-9])", text)[0]
    text = STOP_COMPLEMENT.sub("", text)
    words = text.split()
    return " ".join(words[:max_words]).rstrip(" ,-–")


def normalise(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.-–:;")
    name = re.sub(r"^(den|det|de|en|ett|nya|nuvarande|tidigare|befintliga)\s+", "", name, flags=re.IGNORECASE)
    return name[:1].upper() + name[1:] if name else name


def find_entities(text: str, offset: int = 0) -> list[Mention]:
    """Body and agreement mentions in a stretch of text (one line or one sentence)."""
    out: list[Mention] = []
    for label, pid, pattern in _shape_patterns():
        for m in pattern.finditer(text):
            surface = m[0]
            if "comp" in m.groupdict() and m["comp"] is not None:
                comp = _complement(m["comp"])
                if not comp:
                    continue
                surface = text[m.start():m.start("comp")] + comp
            name = normalise(surface)
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
        if surface[0].islower() and not surface.isupper():
            continue
        key = surface.lower()
        canonical = gazetteers.national_bodies().get(key) or gazetteers.regions().get(surface) \
            or _region_ci(surface) or surface
        out.append(Mention("body", surface, canonical, offset + m.start(), offset + m.end()))
    return out


def _region_ci(surface: str) -> str | None:
    for alias, canonical in gazetteers.regions().items():
        if alias.lower() == surface.lower():
            return canonical
    return None


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions: keep the longest."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
