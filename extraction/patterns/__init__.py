"""Pattern and word-list files of the extraction rules, and their small readers."""
from __future__ import annotations

import gc
import re
from functools import lru_cache
from pathlib import Path

import srsly

HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    return HERE / name


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a word list."""
    lines = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated file, comments and blank lines skipped."""
    return [line.split("\t") for line in read_lines(name)]


def settled(loaded):
    """`loaded` (a lexicon or pipeline kept for the life of the process), after moving every object alive now
    out of the cyclic garbage collector's generations (gc.freeze). Speed only: a lemma table and a lexicon
    are hundreds of thousands of objects that each full collection, every few documents, would walk again;
    objects freed by reference counting are freed as before."""
    gc.freeze()
    return loaded


def squeeze(text: str) -> str:
    """re.sub(r"\s+", " ", text).strip(): runs of white space as one space, none at the ends. Speed only: splitting
    at white space and joining is several times faster than the regex, with the same result (both take white
    space as str.isspace does; tests/test_extract_speed_equivalence.py checks every character)."""
    return " ".join(text.split())


@lru_cache(maxsize=None)
def read_jsonl(name: str) -> tuple[dict, ...]:
    return tuple(srsly.read_jsonl(path(name)))


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in read_lines(name))


# -- cheap tests before a pattern is run ---------------------------------------------------------

@lru_cache(maxsize=None)
def required_texts(pattern, shortest: int = 3) -> tuple[tuple[str, ...], ...]:
    """Texts every match of a compiled `pattern` contains, each as alternatives of which at least one is
    there (read from the parsed pattern: runs of literal text, and groups of alternatives that each hold
    one); () when unknown. Texts shorter than `shortest` are left out: they are found in almost any text.

    Speed only: Python's regex engine tries a pattern at every position of a text, and a pattern with a
    lazy `[^.;:]{1,80}?` group at every position again; a substring test rules most texts out first."""
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        from re import _parser as parser
        tree = parser.parse(pattern.pattern, pattern.flags)
    except Exception:                      # another Python's parser: no shortcut, same results
        return ()
    return tuple(need for need in _needs(list(tree), parser) if min(map(len, need)) >= shortest)


def _needs(items: list, parser) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    run = ""
    for op, arg in items:
        if op is parser.LITERAL:
            run += chr(arg)
            continue
        if op is parser.BRANCH and run:
            # "uppdr(?:as|ogs)" (the parser takes a shared start out of the alternatives): the run goes on
            # into each alternative's leading text, "uppdras" or "uppdrogs", which rules out "uppdrag".
            out.append(tuple(run + _leading_text(branch, parser) for branch in arg[1]))
        elif run:
            out.append((run,))
        run = ""
        if op is parser.SUBPATTERN:                       # a group: its content is required
            if not arg[1] & re.IGNORECASE:                # (?i:...): its letters may be of either case
                out += _needs(list(arg[-1]), parser)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT) and arg[0] >= 1:
            out += _needs(list(arg[2]), parser)           # repeated at least once
        elif op is parser.BRANCH:                         # one of the alternatives: each must hold a text
            texts = [max((n[0] for n in _needs(list(branch), parser) if len(n) == 1), key=len, default="")
                     for branch in arg[1]]
            if all(texts):
                out.append(tuple(texts))
    if run:
        out.append((run,))
    return out


def _leading_text(items, parser) -> str:
    """The literal text a part of a pattern starts with ('' when it starts otherwise)."""
    text = ""
    for op, arg in items:
        if op is not parser.LITERAL:
            break
        text += chr(arg)
    return text


def any_needed(needs_of_patterns) -> re.Pattern | None:
    """A pattern that finds something in every text in which at least one of several patterns may match (see
    may_match; `needs_of_patterns` gives required_texts of each): the texts of each one's need with the
    longest texts, as one alternation. None when a pattern needs no known text (it may match anywhere).
    Speed only: one search rules a text out for all the patterns at once."""
    texts: set[str] = set()
    for needs in needs_of_patterns:
        if not needs:
            return None
        texts.update(max(needs, key=lambda need: min(map(len, need))))
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=lambda t: (-len(t), t))))


def may_match(needs: tuple[tuple[str, ...], ...], text: str) -> bool:
    """False when text lacks one of the required texts (see required_texts): the pattern cannot match."""
    for need in needs:
        for part in need:
            if part in text:
                break
        else:
            return False
    return True
