"""Repairs Swedish text whose å/ä/ö were lost or misread by OCR or a broken PDF text layer."""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz

_LEXICON_DIR = Path(__file__).with_name("lexicon")

# A word token; "@" belongs to it because OCR reads "ä" as "a@".
_WORD = re.compile(r"[^\W_](?:[^\W_]|@)*")
_LETTER = re.compile(r"[^\W\d_]")

# Reading a/o as themselves is free; restoring the lost ring or dots costs 1.
_FREE = {"a": {"a": 0, "å": 1, "ä": 1}, "o": {"o": 0, "ö": 1}}
# Misread characters: what they may stand for and at what cost.
_SINGLE = {
    "é": {"ö": 1, "ä": 1},
    "6": {"ö": 1},
    "@": {"ä": 1},
    "d": {"d": 0, "ö": 2, "ä": 2},
}
_DOUBLE = {"éa": "ä", "oé": "ö", "dé": "ö", "od": "ö", "do": "ö", "a@": "ä"}
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})

_MIN_PART = 3
_MIN_LAST = 4          # a compound's last part ("-det", "-som" are noise, not words)
_MIN_HEAD_COUNT = 5    # a first part must begin at least this many lexicon compounds
_MAX_PARTS = 3
_MAX_FORCED = 3        # misread positions tried together in one token
_MAX_D = 2             # of those, "d" read as ö/ä (d is also a plain letter)
_SPLIT_COST = 2        # a compound is a weaker reading than a whole lexicon word
_MAX_COST = 8


@dataclass(frozen=True)
class Repair:
    """Repaired text and the distinct (wrong, right) replacements made in it."""

    text: str
    changes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Lexicon:
    words: frozenset[str]                # lower-case correctly spelled forms
    function: frozenset[str]             # stop words: never a compound part, preferred on ties
    by_fold: dict[str, tuple[str, ...]]  # fold -> forms with å/ä/ö/é
    heads: dict[str, int]                # first parts of compounds -> number of compounds
    head_fold: dict[str, tuple[str, ...]]
    pairs: dict[str, tuple[tuple[str, frozenset[str]], ...]]


def _fold(word: str) -> str:
    return word.lower().translate(_FOLD)


_HEADS_FILE = "compound_heads.tsv.gz"


def _lemma_words() -> set[str]:
    table = resources.files("spacy_lookups_data") / "data" / "sv_lemma_lookup.json.gz"
    with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        lemmas = json.load(fh)
    return {w.lower() for w in lemmas} | {w.lower() for w in lemmas.values()}


def build_heads(words: Iterable[str], min_count: int = _MIN_HEAD_COUNT) -> dict[str, int]:
    """First parts of the lexicon's own compounds ("hälso" from hälsovård ...), with counts."""
    words = set(words)
    heads: Counter[str] = Counter()
    for w in sorted(words):  # sorted: the dict's order must not follow the string hash seed
        for i in range(_MIN_PART, len(w) - _MIN_LAST + 1):
            if w[i:] in words:
                heads[w[:i]] += 1
    return {h: heads[h] for h in sorted(heads) if heads[h] >= min_count}


def _load_heads(words: set[str]) -> dict[str, int]:
    path = _LEXICON_DIR / _HEADS_FILE
    if not path.exists():  # generated once from spacy-lookups-data; see write_heads()
        return build_heads(words)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {h: int(n) for h, n in (ln.rstrip("\n").split("\t") for ln in fh)}


def write_heads() -> Path:
    """Regenerate lexicon/compound_heads.tsv.gz from the installed spacy-lookups-data."""
    heads = build_heads(_lemma_words())
    path = _LEXICON_DIR / _HEADS_FILE
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{h}\t{n}\n" for h, n in sorted(heads.items()))
    return path


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Lemma-table keys and values of spacy-lookups-data `sv`, stop words and our own lists."""
    from spacy.lang.sv.stop_words import STOP_WORDS

    words = _lemma_words()
    function = set(STOP_WORDS) | set(_read_list("ocr_words.txt"))
    words |= function
    # Every table below is filled in sorted order: iterating a set follows PYTHONHASHSEED, and no
    # list order may depend on it (tie-breaks below also compare the words themselves).
    by_fold: dict[str, list[str]] = {}
    for w in sorted(words):
        if not w.isascii():
            by_fold.setdefault(w.translate(_FOLD), []).append(w)
    heads = _load_heads(words)
    head_fold: dict[str, list[str]] = {}
    for h in sorted(heads):
        if not h.isascii():
            head_fold.setdefault(h.translate(_FOLD), []).append(h)
    pairs: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for line in _read_list("ocr_pairs.tsv"):
        wrong, right, *context = line.split("\t")
        after = frozenset(context[0].removeprefix("after=").split(",")) if context else frozenset()
        pairs.setdefault(wrong, []).append((right, after))
    return _Lexicon(
        words=frozenset(words),
        function=frozenset(function - {"åter"}),
        by_fold={k: tuple(v) for k, v in by_fold.items()},
        heads=heads,
        head_fold={k: tuple(v) for k, v in head_fold.items()},
        pairs={k: tuple(v) for k, v in pairs.items()},
    )


def _read_list(name: str) -> list[str]:
    lines = (_LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


class _Words:
    """The lexicon plus one call's vocabulary and names, with frequencies for tie-breaks."""

    def __init__(self, vocabulary: Iterable[str], names: Iterable[str]):
        self.lex = _lexicon()
        self.freq: Counter[str] = Counter(w.lower() for w in vocabulary if w)
        self.extra = set(self.freq)
        for name in names:
            for part in re.split(r"[\s-]+", name):
                if part:
                    self.extra.add(part.lower())
        self.extra_by_fold: dict[str, list[str]] = {}
        for w in sorted(self.extra):  # sorted: set order follows the hash seed
            self.extra_by_fold.setdefault(_fold(w), []).append(w)

    def valid(self, low: str) -> bool:
        return low in self.lex.words or low in self.extra

    def candidates(self, fold: str, final: bool, whole: bool) -> list[str]:
        """Correct spellings that fold to `fold`: whole words, or parts of a compound."""
        found = list(self.lex.by_fold.get(fold, ()))
        if fold in self.lex.words:
            found.append(fold)
        if whole:
            return found + self.extra_by_fold.get(fold, [])
        # Short function words ("det", "som") are noise as compound parts; "bara" is not.
        found = [w for w in found if len(w) > 3 or w not in self.lex.function]
        if not final:
            found += [h for h in self.lex.head_fold.get(fold, ()) if h not in found]
            if fold in self.lex.heads and fold not in found:
                found.append(fold)
        return found

    def weight(self, word: str) -> tuple[int, int, int]:
        return self.freq[word], word in self.lex.function, self.lex.heads.get(word, 0)


# A slot is one output letter: allowed letters with their costs, and its fold letter.
_Slot = tuple[dict[str, int], str]


def _readings(low: str, orig: str) -> list[tuple[list[_Slot], int]]:
    """Ways to read a lower-cased token as slots, each with the cost of its misreadings."""
    options: list[list[tuple[int, list[_Slot], int, int]]] = []  # per start index
    n = len(low)
    for i, ch in enumerate(low):
        here: list[tuple[int, list[_Slot], int, int]] = []  # (span, slots, cost, forced d?)
        if ch in _FREE:
            here.append((1, [(_FREE[ch], ch)], 0, 0))
        elif ch == "6":
            if _letter_near(low, i):
                here.append((1, [({"ö": 0}, "o")], 1, 0))
            else:
                return []
        elif ch == "é":
            here += [(1, [({c: 0}, c.translate(_FOLD))], 1, 0) for c in _SINGLE["é"]]
        elif ch == "@":
            here.append((1, [({"ä": 0}, "a")], 1, 0))
        elif ch == "d":
            here.append((1, [({"d": 0}, "d")], 0, 0))
            if 0 < i < n - 1 or (i == 0 and n > 3):  # a final "d" is a "d" ("Kd", "Sd")
                here += [(1, [({c: 0}, c.translate(_FOLD))], 2, 1) for c in ("ö", "ä")]
        elif ch == "i" and orig[i] == "I" and i + 1 < n and _after_l(orig, i):
            here += [(1, [({"i": 0}, "i")], 0, 0), (1, [({"l": 0}, "l")], 1, 0)]
        elif ch.isdigit():
            return []
        else:
            here.append((1, [({ch: 0}, ch)], 0, 0))
        two = low[i:i + 2]
        if two in _DOUBLE:
            c = _DOUBLE[two]
            here.append((2, [({c: 0}, c.translate(_FOLD))], 2, 0))
        options.append(here)

    results: list[tuple[list[_Slot], int]] = []

    def walk(i: int, slots: list[_Slot], cost: int, forced: int, ds: int) -> None:
        if cost > _MAX_COST or forced > _MAX_FORCED or ds > _MAX_D or len(results) > 256:
            return
        if i == n:
            results.append((list(slots), cost))
            return
        for span, add, c, d in options[i]:
            if i + span > n:
                continue
            walk(i + span, slots + add, cost + c, forced + (c > 0), ds + d)

    walk(0, [], 0, 0, 0)
    return results


def _after_l(orig: str, i: int) -> bool:
    """Whether an "I" may be a misread "l": inside a lower-case word, or before a vowel or 6."""
    nxt = orig[i + 1]
    return nxt in "aeiouyåäöé6j" or (i > 0 and nxt.islower())


def _letter_near(s: str, i: int) -> bool:
    return any(0 <= j < len(s) and _LETTER.match(s[j]) for j in (i - 1, i + 1))


def _match_cost(word: str, slots: list[_Slot]) -> int | None:
    cost = 0
    for ch, (allowed, _) in zip(word, slots):
        c = allowed.get(ch)
        if c is None:
            return None
        cost += c
    return cost


def _best_whole(words: _Words, slots: list[_Slot], fold: str, final: bool = True, whole: bool = True):
    """(cost, -weight, word) of the cheapest correct spelling the slots can be read as."""
    best = None
    # The key ends with the word itself, so the minimum never depends on the candidates' order.
    for w in sorted(set(words.candidates(fold, final, whole))):
        if len(w) != len(slots):
            continue
        c = _match_cost(w, slots)
        if c is None:
            continue
        key = (c, tuple(-x for x in words.weight(w)), w)
        if best is None or key < best:
            best = key
    return best


def _best_compound(words: _Words, slots: list[_Slot], fold: str):
    """Cheapest split into 2-3 parts (first parts >= 3 letters, last >= 4), as "part|part"."""
    n = len(slots)
    if n < _MIN_PART + _MIN_LAST:
        return None
    memo: dict[tuple[int, int], tuple | None] = {}

    def part(i: int, j: int):
        if (i, j) not in memo:
            memo[(i, j)] = _best_whole(words, slots[i:j], fold[i:j], j == n, whole=False)
        return memo[(i, j)]

    result = None
    # frontier: (end, parts so far, cost, weight, text)
    frontier = [(0, 0, 0, (0, 0, 0), "")]
    while frontier:
        i, k, cost, weight, text = frontier.pop()
        if k >= _MAX_PARTS:
            continue
        for j in range(i + _MIN_PART, n + 1):
            final = j == n
            if (final and (k == 0 or j - i < _MIN_LAST)) or (not final and n - j < _MIN_LAST):
                continue
            p = part(i, j)
            if p is None:
                continue
            w = tuple(a + b for a, b in zip(weight, p[1]))
            t = text + ("|" if text else "") + p[2]
            if final:
                total = (cost + p[0] + _SPLIT_COST * k, w, t)
                if result is None or total < result:
                    result = total
            else:
                frontier.append((j, k + 1, cost + p[0], w, t))
    return result


class _Repairer:
    def __init__(self, words: _Words):
        self.words = words
        self.cache: dict[str, str | None] = {}

    def word(self, token: str) -> str | None:
        """The repaired lower-case form of a token, or None when it should stay.

        Reading the token as it stands (a whole word, or a compound of lexicon words) competes
        with the readings that restore letters; the cheapest wins and a tie keeps the token."""
        if token in self.cache:
            return self.cache[token]
        low = token.lower()
        best = None
        if not self.words.valid(low):
            for slots, cost in _readings(low, token):
                if best is not None and best[0] <= cost:
                    continue
                fold = "".join(f for _, f in slots)
                for found in (_best_whole(self.words, slots, fold), _best_compound(self.words, slots, fold)):
                    if found is None:
                        continue
                    word = found[2].replace("|", "")
                    cand = (found[0] + cost - (0.5 if word == low else 0), found[1], word)
                    best = cand if best is None or cand < best else best
        out = best[2] if best is not None and best[2] != low else None
        self.cache[token] = out
        return out

    def pair(self, low: str, previous: str) -> str | None:
        for right, after in self.words.lex.pairs.get(low, ()):
            if not after:
                return right
            prev = "#" if previous.isdigit() else previous.lower()
            if prev in after:
                return right
        return None


def _recase(token: str, word: str, sentence_start: bool) -> str:
    rest = token[1:]
    if len(token) > 1 and token.isupper():
        return word.upper()
    if token[0].isupper():
        if token[0] == "I" and word[0] == "l" and not sentence_start and rest.islower():
            return word
        return word[0].upper() + word[1:]
    return word


def _name_key(text: str) -> str:
    """A person name folded for comparison: no diacritics, no case, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", text.replace("6", "o"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\s\-]+", text)).strip()


def _name_keys(text: str) -> set[str]:
    # OCR's é stands for ä or ö as often as for e.
    keys = {_name_key(text)}
    if "é" in text.lower():
        for sub in ("a", "o"):
            keys.add(_name_key(text.replace("é", sub).replace("É", sub.upper())))
    return keys


def _name_index(names: Iterable[str]) -> tuple[dict[str, str | None], dict[str, str | None]]:
    full: dict[str, str | None] = {}
    last: dict[str, str | None] = {}
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        for index, key, value in ((full, _name_key(name), name),
                                  (last, _name_key(name.split()[-1]), name.split()[-1])):
            if key in index and index[key] != value:
                index[key] = None  # two names fold alike: no evidence for either
            else:
                index[key] = value
    return full, last


def _repair_names(text: str, names: list[str]) -> tuple[str, list[tuple[str, str]]]:
    full, last = _name_index(names)
    changes: list[tuple[str, str]] = []
    if not full:
        return text, changes
    cap = r"[^\W\d_][\w\-é]*"
    pattern = re.compile(rf"(?<![\w-])({cap}(?:[ \t]+{cap}){{0,2}})(?![\w-])")

    def repl(m: re.Match) -> str:
        span = m.group(1)
        tokens = span.split()
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in (3, 2):
                chunk = " ".join(tokens[i:i + size])
                if len(tokens) - i >= size and chunk[0].isupper():
                    hit = {full.get(k) for k in _name_keys(chunk)} - {None}
                    if len(hit) == 1 and chunk not in hit:
                        right = hit.pop()
                        changes.append((chunk, right))
                        out.append(right)
                        i += size
                        break
            else:
                tok = tokens[i]
                hit = {last.get(k) for k in _name_keys(tok)} - {None} if tok[:1].isupper() else set()
                if len(hit) == 1 and tok not in hit:
                    right = hit.pop()
                    changes.append((tok, right))
                    out.append(right)
                else:
                    out.append(tok)
                i += 1
        if out == tokens:
            return m.group(0)
        return " ".join(out)

    return pattern.sub(repl, text), changes


def _iter_tokens(text: str):
    """Word tokens with the previous and following word and whether a sentence or line starts there.

    A word glued to a colon ("LAG:ar", "1:a") is an ending, not a word, and is left out."""
    matches = [m for m in _WORD.finditer(text) if text[m.start() - 1:m.start()] != ":"]
    previous = ""
    for k, m in enumerate(matches):
        start = _starts_sentence(text, m.start())
        following = matches[k + 1].group(0) if k + 1 < len(matches) else ""
        yield m, previous, start, following
        previous = m.group(0)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 3):at].rstrip(" \t")
    return before == "" or before[-1] in ".:!?\n|)" or at == 0


def _eligible(token: str) -> bool:
    if len(token) < 2 or not _LETTER.search(token):
        return False
    if any(c.isdigit() and c != "6" for c in token):
        return False
    inner = token[1:]
    # Mixed case other than Title/UPPER is an acronym ("CityLab", "ONV"), except OCR's capital
    # vowels inside an otherwise lower word ("LAnschefs").
    if not (inner.islower() or token.isupper() or not any(c.isalpha() for c in inner)):
        if sum(c.isupper() for c in inner) > 1 or not any(c in "AOÉ" for c in inner):
            return False
    return True


def _looks_like_name(token: str, start: bool, following: str) -> bool:
    # A short capitalised word inside a sentence, or before another capitalised word, is a name
    # more often than a damaged word.
    if not token[0].isupper() or token.isupper() or len(token) >= 8:
        return False
    return not start or following[:1].isupper()


def _strong(token: str) -> bool:
    """Carries a misreading no correct Swedish word has (é for ö/ä, 6 or @ inside letters, I for l)."""
    return bool(re.search(r"[éÉ@6]|.I[a-zåäö]", token)) or (
        token[0] == "I" and len(token) > 1 and _after_l(token, 0))


def _repair_words(text: str, words: _Words) -> tuple[str, list[tuple[str, str]]]:
    repairer = _Repairer(words)
    pieces: list[str] = []
    changes: list[tuple[str, str]] = []
    last = 0
    for m, previous, start, following in _iter_tokens(text):
        token = m.group(0)
        if not _eligible(token):
            continue
        low = token.lower()
        right = None
        if low in words.lex.pairs and (token.islower() or token.isupper() or start):
            right = repairer.pair(low, previous)
        if right is None and not (len(token) <= 3 and token.isupper()):
            right = repairer.word(token)
            if right is not None and _looks_like_name(token, start, following) and not _strong(token):
                right = None
        if right is None:
            continue
        new = _recase(token, right, start)
        if new == token:
            continue
        pieces += [text[last:m.start()], new]
        last = m.end()
        changes.append((token, new))
    pieces.append(text[last:])
    return "".join(pieces), changes


def repair_text(text: str, vocabulary: Iterable[str] = (), names: Iterable[str] = ()) -> Repair:
    """Restore å/ä/ö (and l read as I) in words the lexicon, vocabulary or names know better."""
    names = [n for n in names if n and n.strip()]
    vocabulary = list(vocabulary)
    # The document's own words with å/ä/ö were read correctly: they count as evidence too.
    own = [m.group(0) for m in _WORD.finditer(text) if re.search("[åäöÅÄÖ]", m.group(0))]
    text, name_changes = _repair_names(text, names)
    text_once, word_changes = _repair_words(text, _Words(vocabulary + own, names))
    # Words repaired from unmistakable misreadings ("Omsorgsnétverket") are the document's own
    # spelling: a second pass lets them decide its plainer losses ("Omsorgsnatverket").
    counts = Counter(right.lower() for wrong, right in word_changes if _strong(wrong))
    by_fold: dict[str, str] = {}
    # One spelling per fold: the document's most frequent; equal counts go to the first met in the
    # text (most_common keeps insertion order on ties), never to set or hash order.
    for word, _ in counts.most_common():
        by_fold.setdefault(_fold(word), word)
    sure = [w for w in by_fold.values() for _ in range(counts[w])]
    if sure:
        text, word_changes = _repair_words(text, _Words(vocabulary + own + sure, names))
    else:
        text = text_once
    distinct = list(dict.fromkeys(name_changes + word_changes))
    return Repair(text=text, changes=tuple(distinct))


_PLAIN_CACHE_LIMIT = 1 << 17   # distinct tokens remembered across texts (a large corpus would grow it for ever)


class _DamageCheck:
    """The lexicon-only repairer that looks_damaged() asks, and what it found per token: the answers hold for
    any text, so one instance serves every call (most words come again in the next document)."""

    def __init__(self) -> None:
        self.repairer = _Repairer(_Words((), ()))
        self.pairs = self.repairer.words.lex.pairs
        # token -> (lower, has pair, is lower, repairable on its own), or () when not counted
        self.tokens: dict[str, tuple[str, bool, bool, bool] | tuple[()]] = {}

    def token(self, token: str) -> tuple[str, bool, bool, bool] | tuple[()]:
        """() for a token looks_damaged() does not count."""
        if token not in self.tokens:
            if len(self.tokens) > _PLAIN_CACHE_LIMIT:
                self.tokens.clear()
                self.repairer.cache.clear()
            counted = _eligible(token) and (token.isalpha() or "6" in token or "@" in token)
            low = token.lower()
            repairable = counted and self.repairer.word(token) is not None
            self.tokens[token] = (low, low in self.pairs, token.islower(), repairable) if counted else ()
        return self.tokens[token]


@lru_cache(maxsize=1)
def _damage_check() -> _DamageCheck:
    from extraction.patterns import settled
    return settled(_DamageCheck())


def looks_damaged(text: str) -> float:
    """Share of word tokens (0..1) that read as damaged: not valid as they stand but repairable."""
    check = _damage_check()
    repairer = check.repairer
    known = check.tokens
    total = damaged = 0
    previous = ""
    # As _iter_tokens(), without the work its other callers need: a sentence start only decides a pair.
    for m in _WORD.finditer(text):
        at = m.start()
        if text[at - 1:at] == ":":
            continue
        token = m.group(0)
        seen = known.get(token)
        if seen is None:
            seen = check.token(token)
        if seen:
            total += 1
            low, paired, lower, repairable = seen
            if paired and (lower or _starts_sentence(text, at)):
                damaged += repairer.pair(low, previous) is not None
            elif repairable:
                damaged += 1
        previous = token
    return damaged / total if total else 0.0


def resolve_garbled_name(token: str, names: Iterable[str], threshold: float) -> tuple[str, float] | None:
    """The known name a garbled token (struck-through in a scan) most likely is, with its score 0-100."""
    key = _name_key(token.replace("é", "e"))
    best: tuple[str, float] | None = None
    for name in names:
        score = fuzz.ratio(key, _name_key(name))
        if score >= threshold and (best is None or score > best[1]):
            best = (name, score)
    return best
