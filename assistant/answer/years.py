"""The years a yes/no question asks of, and whether a sentence speaks of them: "Did waiting
times fall in 2024?" is not decided by "Waiting times fell in the north" (no year said),
and is decided No by "Waiting times rose in every year from 2022 to 2025", which covers
2024 though it never writes it."""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "in every year from 2021 to 2026", "each year between 2019 and 2023"
_EVERY = re.compile(r"\b(?:every|each)\s+year\s+(?:from|between)\s+((?:19|20)\d\d)\s*(?:to|and|until|through|-|–)\s*"
                    r"((?:19|20)\d\d)\b", re.I)


def covered(text: str) -> set[str]:
    """The years ``text`` says something held in, every one of them, by a range it names."""
    return {str(y) for m in _EVERY.finditer(text) for y in range(int(m.group(1)), int(m.group(2)) + 1)}


def year_unsaid(question: str, text: str) -> bool:
    """Whether ``question`` names a year that ``text`` neither writes nor covers with a range."""
    asked = set(_YEAR.findall(question))
    return bool(asked) and not asked & (set(_YEAR.findall(text)) | covered(text))
