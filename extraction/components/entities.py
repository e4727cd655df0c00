"""Bodies and agreements found by their shape: compound heads, "Styrgruppen för X", abbreviations, gazetteers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction import gazetteers
from extraction.patterns import may_match, read_jsonl, required_texts, squeeze

@dataclass(frozen=True)
class Mention:
    kind: str           # body | agreement
    text: str           # as written
    name: str           # normalised surface form
    start: int
    end: int


@lru_cache(maxsize=1)
def _shape_patterns() -> list[tuple[str, str, re.Pattern, bool, tuple]]:
    """(label, id, pattern, lower, the texts a match needs): the needs are read once here (speed only:
    looking them up per text hashed the whole compiled pattern every time)."""
    out = []
    for r in read_jsonl("entity_shapes.jsonl"):
        pattern = re.compile(r["pattern"])
        out.append((r["label"], r["id"], pattern, bool(r.get("lower")), required_texts(pattern, 2)))
    return out


AGREEMENT_STOP = {"som", "att", "där", "när", "vilket", "mellan", "men", "eftersom", "då", "har", "ska", "skall",
                  "kommer", "kan", "är", "var", "blir", "löper"}
BODY_STOP = {"för", "vid", "med", "till", "om", "inför", "under", "efter", "enligt", "mellan", "på", "av", "i",
             "som", "att", "och", "samt", "men", "där", "när", "inom", "kring", "angående", "avseende"}


COMPLEMENT_END = re.compile(r"[.;:()\n”\"*]|,\s(?=[A-ZÅÄÖ0-9])")
ENDING_MARK = re.compile(r"[,.;:]$")


def _complement(text: str, max_words: int = 8, is_verb=None, label: str = "BODY", lower: bool = False) -> str:
    # Markdown emphasis ("*...*") closes a name as punctuation does.
    text = COMPLEMENT_END.split(text)[0]
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
        if k == 0 and bare[:1].islower() and not low.endswith(("et", "en", "na")) and not lower:
            return ""            # "för vidare hantering": no name follows
        if lower and out and out[0][:1].islower() and bare[:1].isupper():
            break                # "nämnd för tolkfrågor Onsdag 3 maj": the topic has ended
        if lower and out and out[-1].endswith("s") and bare[:1].islower() and low not in BODY_STOP and k == 1:
            out[-1] = out[-1][:-1]
            break                # "nämnd för tolkfrågors beslut": a genitive ends the name
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if out and low == "och" and nxt and not (is_verb and is_verb(nxt)):
            out.append(word)
            continue
        if out and (low in BODY_STOP or bare.isdigit()):
            break
        if not bare[:1].isupper() and (_verb(is_verb, bare) or (k > 0 and _infinitive(bare))):
            break
        if k == 0 and low in GENERIC_TOPICS:
            # "Styrgruppen för arbetet kring X": the name needs what follows; "för uppdraget" alone is no name.
            if nxt.lower() not in ("kring", "med", "om", "inom", "avseende"):
                return ""
            out.extend(words[k:k + 1])
            for w in words[k + 1:k + 14]:
                if ENDING_MARK.search(w) or _verb(is_verb, w):
                    out.append(w.rstrip(",.;:")) if ENDING_MARK.search(w) else None
                    break
                out.append(w)
            break
        if low in ("möte", "mötet", "möten", "sammanträde", "sammanträdet") or (out and _is_month(low)):
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


LEADING_DETERMINER = re.compile(r"^(den|det|de|en|ett|nya|nuvarande|tidigare|befintliga)\s+", re.IGNORECASE)


def normalise(name: str) -> str:
    name = squeeze(name).strip(" ,.-–:;*_")
    name = LEADING_DETERMINER.sub("", name)
    return name[:1].upper() + name[1:] if name else name


def unit_owner(name: str) -> str:
    """'Utvecklingsenheten Division Kirurgi' -> 'Division Kirurgi': a unit named together with the
    organisation it is part of (a division, a region, a municipality) stands for that organisation."""
    first, _, rest = name.partition(" ")
    if not rest or not first[:1].isupper() or gazetteers.body_type(first) != "unit":
        return name
    words = rest.split(" ")
    if gazetteers.unit_head(words[0]) and len(words) > 1 and words[1][:1].isupper():
        return rest
    if gazetteers.region(rest) or gazetteers.municipality_official(rest) == rest:
        return rest
    return name


GENERIC_TOPICS = {"arbetet", "uppdraget", "projektet", "frågan", "området", "frågorna", "satsningen"}
BARE_GROUPS = ("styrgruppen", "planeringsgruppen", "arbetsgruppen", "presidiet", "projektgruppen", "referensgruppen")


def find_entities(text: str, offset: int = 0, is_verb=None) -> list[Mention]:
    """Body and agreement mentions in a stretch of text (one line or one sentence)."""
    found = _entities(text, is_verb)
    if not offset:
        return list(found)
    return [Mention(m.kind, m.text, m.name, offset + m.start, offset + m.end) for m in found]


# Speed only: a pure function of the text. A document's lines are mostly its sentences again, and
# minutes repeat their standing lines ("Mötets öppnande", "Nästa möte"), so the same text comes often.
@lru_cache(maxsize=1 << 14)
def _entities(text: str, is_verb) -> tuple[Mention, ...]:
    out: list[Mention] = []
    for label, pid, pattern, lower, needs in _shape_patterns():
        if label == "AGREEMENT":
            continue                 # agreements come from find_agreements() below; a shape's would be dropped
        if not may_match(needs, text):
            continue                 # cheap test first: most texts lack the words a shape needs
        for m in pattern.finditer(text):
            surface = m[0]
            if "comp" in m.groupdict() and m["comp"] is not None:
                comp = _complement(m["comp"], is_verb=is_verb, label=label, lower=lower)
                if not comp:
                    continue
                surface = text[m.start():m.start("comp")] + comp
            elif text[m.end():m.end() + 1] == ":" and surface.isupper():
                continue             # "LAG:ar", a kind of group in the plural, not one group
            name = normalise(surface)
            if label == "BODY":
                name = unit_owner(name)
            if name.lower() in BARE_GROUPS:
                # A bare group is resolved later from its context (the meeting's body, the item's topic).
                out.append(Mention("group", surface, name, m.start(), m.end()))
                continue
            if len(name) < 3 or (name.lower() in _generic() and not _proper_use(text, m.start(), surface)):
                continue
            out.append(Mention(label.lower(), surface, name, m.start(), m.start() + len(surface)))
    out.extend(_gazetteer_mentions(text, 0))
    found = find_agreements(text, 0, is_verb) + [m for m in _rok(text, 0)]
    agreements = _longest(found)
    # A named agreement inside another ("uppdragsbeskrivning för slutförandet av Regional handlingsplan för X").
    agreements += [m for m in found if m not in agreements and m.text[:1].isupper()
                   and any(a.start < m.start and m.end <= a.end for a in agreements)]
    return tuple(_longest(out) + agreements)


def _is_month(word: str) -> bool:
    from extraction.dates import months
    return word in months()


INSIDE_SENTENCE = re.compile(r"[a-zåäö0-9,]$")


def _proper_use(text: str, start: int, surface: str) -> bool:
    """'antagna av Regionfullmäktige': a type word written with a capital inside a sentence names one body."""
    before = text[:start].rstrip()
    return surface[:1].isupper() and " " not in surface and bool(INSIDE_SENTENCE.search(before))


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Bare definite heads ("styrgruppen", "avtalet") are anaphora, not names."""
    words = set()
    for word in list(gazetteers.body_types()) + list(gazetteers.agreement_types()):
        w = word.lower()
        words |= {w, w + "en", w + "et", w + "n", w + "t", w + "na", w + "erna", w + "arna"}
    return frozenset(words)


def _gazetteer_names() -> set[str]:
    names = set(gazetteers.national_bodies()) | {r.lower() for r in gazetteers.regions()}
    return {n.lower() for n in names if len(n) > 2}


@lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    return re.compile(_whole_words(_gazetteer_names()), re.IGNORECASE)


def _whole_words(names: set[str]) -> str:
    """A pattern for any of the names standing as whole words."""
    return r"(?<![\wåäö])(" + _trie(names) + r")(?![\wåäö])"


# Text in which every character lower-cases to one character, the one IGNORECASE compares: ASCII, Latin-1
# but µ, punctuation, private-use bullets.
ONE_TO_ONE_CASE = re.compile(r"[\x00-\xb4\xb6-\xff\u2000-\u206f\ue000-\uf8ff]*")


@lru_cache(maxsize=1)
def _lowered_gazetteer_regex() -> re.Pattern | None:
    """_gazetteer_regex without IGNORECASE, for lower-cased text; None when a name is not of that text."""
    names = _gazetteer_names()
    if not all(ONE_TO_ONE_CASE.fullmatch(n) for n in names):
        return None
    return re.compile(_whole_words(names))


def _gazetteer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the matches of _gazetteer_regex in text. Speed only: Python's regex engine runs a
    pattern of lower-case names several times faster on the lower-cased text than with IGNORECASE, with the
    same matches where each character lower-cases to one; other text is searched as before."""
    lowered = _lowered_gazetteer_regex()
    if lowered is not None and ONE_TO_ONE_CASE.fullmatch(text):
        return [m.span() for m in lowered.finditer(text.lower())]
    return [m.span() for m in _gazetteer_regex().finditer(text)]


EXACT_EDGE = r"[\wåäöÅÄÖ-]"


@lru_cache(maxsize=1)
def _exact_regex() -> re.Pattern:
    """As re.compile(r"(?<!EDGE)(" + _trie(names) + r")(?!EDGE)"), with the look-behind after each name's first
    character (see _trie). Speed only: a pattern that opens with characters, not a look-behind, is searched by
    skipping to the characters the names start with (mostly capitals), about twice as fast."""
    return re.compile("(" + _trie(gazetteers.national_bodies_exact(), behind=EXACT_EDGE) + ")(?!" + EXACT_EDGE + ")")


def _trie(words, behind: str | None = None) -> str:
    """An alternation of words as a prefix tree, longer words tried first: it matches what the words sorted
    longest first would (the words matching at one place are prefixes of each other), without trying
    every word at every character.

    With `behind` (a pattern of one character), a word matches only where that character does not stand
    before it: "(?<!B)" before the tree, written as "(?<!B[\\s\\S])" after each first character instead."""
    tree: dict = {}
    for word in sorted(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if behind is None:
        return _trie_pattern(tree)
    if "" in tree or not tree:
        return "(?<!" + behind + ")" + _trie_pattern(tree)      # an empty word: the look-behind first, as written
    branches = [re.escape(ch) + "(?<!" + behind + r"[\s\S])" + _trie_pattern(child) for ch, child in tree.items()]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:               # a word ends here: try the longer words first, then this one
        return "(?:" + body + ")?"
    return body


def _gazetteer_mentions(text: str, offset: int) -> list[Mention]:
    """National bodies and regions by name; forms only safe in their exact case ("SKR", "IVO") as written."""
    out = [Mention("body", m[0], gazetteers.national_bodies_exact()[m[0]], offset + m.start(), offset + m.end())
           for m in _exact_regex().finditer(text)
           # "Kommunal hjälpmedelssamverkan": a word that is also an adjective names the body only on its own.
           if m[0].isupper() or not re.match(r"\s+[a-zåäö]", text[m.end():])]
    for start, end in _gazetteer_spans(text):
        surface = text[start:end]
        key = surface.lower()
        if surface[0].islower() and not (key in gazetteers.national_bodies() and " " not in key and key.endswith(("en", "et"))):
            continue
        canonical = gazetteers.national_bodies().get(key) or gazetteers.regions().get(key) or surface
        out.append(Mention("body", surface, canonical, offset + start, offset + end))
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


# -- agreements ---------------------------------------------------------------------------------

AGREEMENT_LINKS = ("om", "för", "kring", "inom", "avseende", "mellan", "inför", "gällande", "rörande", "angående", "till")
AGREEMENT_END = {"som", "att", "där", "när", "vilket", "vilka", "eftersom", "men", "samt", "då", "med", "enligt",
                 "ska", "skall", "kommer", "kan", "är", "var", "blir", "löper", "har", "hade", "och"}
ADJECTIVE_END = ("a", "ig", "nde", "sk", "al", "sam", "ell", "ad", "ny")
DETERMINERS = {"den", "det", "de", "en", "ett", "s.k.", "så", "kallade", "denna", "detta", "dessa"}
JOINT = {"gemensam", "gemensamma", "länsgemensam", "länsgemensamma"}
NOT_VERBS = {"för", "om", "till", "vid", "mot", "under", "över", "efter", "inför", "kring", "inom", "hos", "från",
             "vård", "nära", "hälsa", "samverkan", "planer"}


def _verb(is_verb, word: str) -> bool:
    """A finite verb that ends a name; prepositions and participles ('angränsande') are not."""
    low = word.lower().strip(",.;:")
    if not is_verb or low in NOT_VERBS or low.endswith(("ande", "ende", "or")):
        return False
    if is_verb(low):
        return True
    from extraction.pipeline import lemma_table
    lem = lemma_table().get(low)
    # A passive ("antogs", "beslutades"): its lemma is an infinitive.
    return low.endswith(("ades", "des", "tes", "ogs", "ågs", "ngs", "as")) and len(low) > 4 and bool(lem) \
        and lem != low and lem.endswith(("a", "å"))


def _infinitive(word: str) -> bool:
    """'godkänna', 'anta': a verb in the infinitive (its own lemma), not an adjective ('regionala')."""
    from extraction.pipeline import lemma_table
    low = word.lower()
    return low.endswith(("a", "å")) and lemma_table().get(low) in (None, low) and not low.endswith(("nda", "iga", "ska", "ala"))


def _content_word(word: str) -> bool:
    low = word.lower()
    return low[:1].isalpha() and low[:1] == word[:1] and low not in AGREEMENT_LINKS and low not in (
        "och", "i", "av", "på", "till", "vid", "från", "med", "mellan", "den", "det", "de", "en", "ett")


LEADING_PARTICIPLE = re.compile(r"^[a-zåäöA-ZÅÄÖ]+(?:ade|gna|dda|tta)\s+(?=\S)")
LINK_ARTICLE = re.compile(r"\b(om|för|kring|inom|till|avseende)\s+(?:en|ett)\s+")


def normalise_agreement(name: str) -> str:
    name = squeeze(name).strip(" ,.-–:;")
    name = re.sub(r"^(?:(?:den|det|de|en|ett|s\.k\.|denna|detta)\s+)+", "", name, flags=re.IGNORECASE)
    # "föreslagna", "reviderade": a participle says what happened to it, not which one it is.
    name = LEADING_PARTICIPLE.sub("", name)
    # "för en regional processgrupp": the article is no part of the name.
    name = LINK_ARTICLE.sub(r"\1 ", name)
    return name[:1].upper() + name[1:] if name else name
WORD = re.compile(r"[^\s]+")


@lru_cache(maxsize=1)
def _agreement_heads() -> tuple[str, ...]:
    from extraction.patterns import read_lines
    return tuple(sorted((w.lower() for w in read_lines("agreement_heads.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def _any_head() -> re.Pattern:
    """Any agreement head, or "plan", anywhere in a lower-case text (one scan instead of one per head)."""
    return re.compile("|".join(re.escape(w) for w in ("plan",) + _agreement_heads()))


def agreement_head(word: str) -> tuple[str, str, bool] | None:
    """(stem, head, definite) when word is an agreement head or a compound of one, in the singular:
    'Färdtjänstavtalets' -> ('färdtjänst', 'avtal', True); plurals and other words give None."""
    low = word.lower()
    low = low[:-1] if low.endswith("s") and not low.endswith(("ss",)) and _agreement_form(low[:-1]) else low
    return _agreement_form(low)


@lru_cache(maxsize=1 << 16)   # speed only: a pure function of the word, asked for every word of every sentence
def _agreement_form(low: str) -> tuple[str, str, bool] | None:
    for head in _agreement_heads():
        for ending, definite in (("", False), ("en", True), ("et", True), ("n", True), ("t", True)):
            form = head + ending
            if low.endswith(form):
                if definite and ending in ("n", "t") and not head.endswith(("e",)):
                    continue
                if definite and ending == "en" and head.endswith(("e", "al", "iv", "rag", "ment", "ument", "kt")):
                    continue
                if definite and ending == "et" and not head.endswith(("al", "iv", "rag", "ment", "ument", "kt")):
                    continue
                stem = low[:-len(form)]
                if stem and len(stem) < 3:
                    continue
                return stem, head, definite
    return None


LETTER_WORD = re.compile(r"[A-ZÅÄÖa-zåäö-]+")
YEAR = re.compile(r"(?:19|20)\d\d")
TRAILING_PUNCTUATION = re.compile(r"[,.;:()”\"']+$")


def find_agreements(text: str, offset: int = 0, is_verb=None) -> list[Mention]:
    """Named agreements: head word ('överenskommelse', 'avtal', a compound of one) with the adjectives
    before it and its complement ('om X', 'för X', a capitalised name, a topic ending in a year)."""
    if not _any_head().search(text.lower()):
        return []                # every agreement has a head word (or is a joint "plan"): most texts have none
    words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    out = []
    for k, (word, start, end) in enumerate(words):
        bare = word.strip(",.;:()”\"'")
        if not bare or not bare[0].isalpha() or bare.isupper():
            continue
        found = agreement_head(bare)
        prev_word = words[k - 1][0].lower() if k else ""
        joint = bare.lower() in ("plan", "planen") and prev_word in JOINT
        if joint:
            found = ("", "plan", bare.lower() == "planen")   # "en gemensam plan": a joint plan
        if not found:
            continue
        stem, head, definite = found
        # Adjectives before the head ("långsiktig", "Länsövergripande", "nya regionala").
        first = k
        while first > 0 and k - first < 2:
            prev = words[first - 1][0]
            if not LETTER_WORD.fullmatch(prev) or prev.lower() in DETERMINERS:
                break
            if not prev.lower().endswith(ADJECTIVE_END) or _verb(is_verb, prev) or prev.lower() in AGREEMENT_END \
                    or prev.lower() in AGREEMENT_LINKS or prev.lower() in NOT_VERBS \
                    or _infinitive(prev):
                break
            if first < k and words[first][0][:1].isupper() and prev.lower() in ("ny", "nya", "nytt"):
                break            # "förslag till ny Länsövergripande överenskommelse": the name starts after "ny"
            first -= 1
        dated = first >= 2 and YEAR.fullmatch(words[first - 2][0]) and words[first - 1][0] == "års"
        if dated:
            first -= 2           # "2025 års överenskommelse": the year names which one
        complement_end = _agreement_complement(words, k, word, is_verb)
        title_only = complement_end < 0
        complement_end = abs(complement_end)
        has_complement = complement_end > k
        if title_only and not stem:
            first = k + 1        # "den tidigare överenskommelsen Samverkan vid X": the title names it
        if not has_complement:
            # A bare head is an anaphor ("avtalet", "nya överenskommelsen"); a compound in the definite
            # names one agreement ("Färdtjänstavtalet"), unless it is itself a kind ("samverkansavtalet").
            if not (joint or dated):
                if not stem or not definite or bare.lower().rstrip("s") in _generic() or bare.lower() in _generic():
                    continue
                first = k
        s, e = words[first][1], words[complement_end][2]
        surface = text[s:e]
        surface = TRAILING_PUNCTUATION.sub("", surface)
        if not has_complement and surface.endswith("s") and agreement_head(surface.split()[-1][:-1]):
            surface = surface[:-1]       # genitive: "Tidöavtalets fokus"
        name = normalise_agreement(surface)
        if len(name) < 4:
            continue
        out.append(Mention("agreement", surface, name, offset + s, offset + s + len(surface)))
    return out


def _agreement_complement(words, k: int, head_word: str, is_verb) -> int:
    """Index of the last word of the head's complement (k when it has none)."""
    if head_word.endswith((",", ".", ";", ":", ")")) or k + 1 >= len(words):
        return k
    nxt = words[k + 1][0]
    low = nxt.lower().strip(",")
    if low in AGREEMENT_LINKS:
        last, j = k, k + 1
    elif nxt[:1].isupper() and not _verb(is_verb, nxt):
        # "Arbetsordning Omsorgsnätverket", "RÖK Äldres hälsa": a name follows.
        last = k
        for j in range(k + 1, min(len(words), k + 5)):
            w = words[j][0]
            if not (w[:1].isupper() or (w.lower() == "och" and j + 1 < len(words) and words[j + 1][0][:1].isupper())):
                break
            last = j
            if w.endswith((",", ".", ";", ":")):
                break
        if last > k and last + 1 < len(words) and not words[last][0].endswith((",", ".", ";", ":")) \
                and words[last + 1][0].lower() in ("vid", "för", "om", "inom", "från", "i", "av", "med"):
            return -_link_end(words, last + 1, k, is_verb)   # a title in words: "överenskommelsen Samverkan vid X"
        return last if words[last][0].strip(",.;:")[:1].isupper() else k
    else:
        # "överenskommelse psykisk hälsa och suicidprevention 2024": a topic that ends in a year.
        saw_and = False
        for j in range(k + 1, min(len(words), k + 7)):
            raw = words[j][0]
            w = raw.strip(",.;:()")
            if YEAR.fullmatch(w):
                return j
            if not LETTER_WORD.fullmatch(w) or w.lower() in AGREEMENT_END - {"och"} or _verb(is_verb, w) \
                    or w.lower() in ("i", "på", "av", "till", "med", "för", "om", "vid", "från") \
                    or (j == k + 1 and w.lower() == "och") or head_word.rstrip(",.;:").endswith("s"):
                break
            saw_and = saw_and or w.lower() == "och"
            if raw.endswith((".", ",", ";")):
                # "från överenskommelse psykisk hälsa och suicidprevention.": an indefinite head with its topic
                return j if saw_and and head_word[:1].islower() and j > k + 2 else k
        return k
    return _link_end(words, j, k, is_verb)


BRACKETED_ABBREVIATION = re.compile(r"\([A-ZÅÄÖ]{2,8}\)")
DIGIT = re.compile(r"\d")
NUMBER = re.compile(r"(19|20)\d\d|\d+(:e|a)?")


def _link_end(words, j: int, k: int, is_verb) -> int:
    """Words from j on, up to punctuation, a verb, a relative word or a number that is not a year."""
    last = k
    for j in range(j, min(len(words), k + 22)):
        raw = words[j][0]
        w = raw.strip(",.;:()”\"'")
        low = w.lower()
        if BRACKETED_ABBREVIATION.fullmatch(raw):
            continue             # "(RHF)": an abbreviation inside the name
        if j > k + 1 and (low in AGREEMENT_END and low != "och" or raw.startswith(("(", "”", "\"")) or raw in ("...", "…", "–", "-")):
            break
        if j > k + 1 and low == "och" and j + 1 < len(words) and _verb(is_verb, words[j + 1][0]):
            break
        if DIGIT.search(w) and not NUMBER.fullmatch(w):
            break
        if j > k + 1 and _verb(is_verb, w) and not w[:1].isupper():
            break
        if not w:
            break
        if j > k + 1 and w[:1].isupper() and _content_word(words[j - 1][0]):
            break                        # "... länets kommuner Reglemente för": a new name begins
        last = j
        if raw.endswith(",") and words[k + 1][0].lower() == "mellan" and j + 1 < len(words) \
                and words[j + 1][0][:1].isupper():
            continue             # "överenskommelse mellan A och B, Samverkan vid ...": the title follows
        if raw.endswith(",") and j + 2 < len(words) and words[j + 1][0][:1].islower() \
                and any(w[0].lower() == "och" for w in words[j + 2:j + 4]):
            continue             # "LPO Rehabilitering, habilitering och försäkringsmedicin": a list inside the name
        if raw.endswith((",", ".", ";", ":", ")")) or YEAR.fullmatch(w):
            break
    while last > k and words[last][0].lower().strip(",.;:") in AGREEMENT_LINKS + ("och", "i", "av", "på", "till", "den", "det"):
        last -= 1
    return last


@lru_cache(maxsize=1)
def _rok_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((short, re.compile(rf"(?<![\wÅÄÖåäö]){re.escape(short)}(?::[a-zåäö]+)?(?![\wÅÄÖåäö-])"))
                 for short, (kind, _) in gazetteers.agreement_abbreviations().items() if kind == "agreement")


def _rok(text: str, offset: int) -> list[Mention]:
    """Abbreviated agreements ('RÖK', 'LÖK:arna') as written."""
    out = []
    for short, pattern in _rok_patterns():
        if short not in text:
            continue             # the pattern needs the abbreviation as written: most texts have none
        for m in pattern.finditer(text):
            out.append(Mention("agreement", m[0], m[0], offset + m.start(), offset + m.end()))
    return out
