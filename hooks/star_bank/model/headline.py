"""A story's headline when its file has none: the Result's sentence, or clause, that carries the most figures.

A headline is read whole or not at all: a sentence of the Result if it fits, else one of its clauses
(split at ; : — or a comma before and/but/so/while/whereas/yet), never words cut mid-phrase and never
"…". When no sentence or clause with a figure fits, there is no headline: the story shows its question
alone and the coach asks for one. Linear time: the Result is split once and each piece counted once.
"""

from __future__ import annotations

import re

HEADLINE_CHARS = 100  # about two lines on a phone
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9$€£])")
# Where one clause of a sentence ends and the next begins; "10:30" and "1,000" are no breaks.
_CLAUSE_BREAK = re.compile(r"[;:]\s+|\s+[—–-]\s+|—|,\s+(?:and|but|so|while|whereas|yet)\s+")
_FIGURE = re.compile(r"[$€£¥]?\d[\d.,]*\s?(?:%|x\b|k\b|K\b|M\b|B\b)?")
_TRAILING = " .…,;:—–-"


def derive_headline(result: str) -> str:
    """The Result's whole sentence, or clause, with the most figures within HEADLINE_CHARS; '' when none has one."""
    best, most = "", 0
    for candidate in _candidates(" ".join(result.split())):
        figures = count_figures(candidate)
        if figures > most:  # the first of equals
            best, most = candidate, figures
    return best


def _candidates(result: str) -> list[str]:
    """Each sentence that fits; for one too long, each of its clauses that fits; end punctuation dropped."""
    pieces = []
    for sentence in _SENTENCE_END.split(result):
        sentence = sentence.strip().rstrip(_TRAILING)
        if len(sentence) <= HEADLINE_CHARS:
            pieces.append(sentence)
        else:
            pieces += [_capitalised(clause.strip().rstrip(_TRAILING)) for clause in _CLAUSE_BREAK.split(sentence)]
    return [piece for piece in pieces if piece and len(piece) <= HEADLINE_CHARS]


def _capitalised(clause: str) -> str:
    """A clause from inside a sentence, read as one: 'mean time fell' as 'Mean time fell' ('iOS' stays)."""
    first = clause.split(" ", 1)[0]
    return clause[:1].upper() + clause[1:] if first.isalpha() and first.islower() else clause


def count_figures(text: str) -> int:
    """How many figures (numbers, percentages, amounts) `text` holds."""
    return len(_FIGURE.findall(text))
