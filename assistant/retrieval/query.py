"""Reading a question for retrieval hints: the outlets it names and the dates it gives.

"…as reported by both The Verge and TechCrunch" needs evidence from each outlet, so the
retriever runs one sub-search per named outlet; "the article published on October 5,
2023" favours articles of that date. Outlet names are matched against the outlets the
index actually holds, with common short forms ("The Independent" for "The Independent -
Life and Style", "CNBC" for "Cnbc | World Business News Leader"). Does not rewrite
follow-up questions (see the conversation module).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..text.dates import find_dates


@dataclass(frozen=True)
class QueryPlan:
    outlets: tuple[tuple[str, ...], ...] = ()  # one group of outlet keys per mention
    dates: tuple[int, ...] = ()  # YYYYMMDD of each date the question names
    # The part of the question about each outlet group: from the end of the previous
    # outlet's mention to the start of the next one ("…reported by A that X, while B says Y").
    clauses: tuple[str, ...] = ()


def outlet_aliases(name: str) -> set[str]:
    key = name.casefold().strip()
    out = {key}
    for sep in (" - ", " | ", ": ", " – "):
        if sep in key:
            out.add(key.split(sep, 1)[0].strip())
    for alias in list(out):
        if alias.startswith("the ") and len(alias) > 8:
            out.add(alias[4:])
        if alias.endswith(".com"):
            out.add(alias[:-4])
    return {a for a in out if len(a) >= 3}


class OutletMatcher:
    """Finds outlet names of the index in a question."""

    def __init__(self, outlets: Iterable[str]) -> None:
        by_alias: dict[str, set[str]] = defaultdict(set)
        for outlet in set(outlets):
            if outlet:
                for alias in outlet_aliases(outlet):
                    by_alias[alias].add(outlet.casefold())
        self._by_alias = {a: tuple(sorted(v)) for a, v in by_alias.items()}
        aliases = sorted(self._by_alias, key=len, reverse=True)  # longest mention wins
        self._pattern = (
            re.compile(r"(?<![\w])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w])", re.IGNORECASE)
            if aliases else None
        )

    def find(self, question: str) -> tuple[tuple[str, ...], ...]:
        return tuple(group for group, _ in self.find_with_clauses(question))

    def find_with_clauses(self, question: str) -> list[tuple[tuple[str, ...], str]]:
        """Each outlet group the question names, once, with the words around its mentions."""
        if self._pattern is None:
            return []
        mentions = [(self._by_alias[m.group(1).casefold()], m.start(), m.end())
                    for m in self._pattern.finditer(question)]
        clauses: dict[tuple[str, ...], list[str]] = {}
        for i, (group, start, end) in enumerate(mentions):
            left = mentions[i - 1][2] if i > 0 else 0
            right = mentions[i + 1][1] if i + 1 < len(mentions) else len(question)
            clauses.setdefault(group, []).append(question[left:start] + " " + question[end:right])
        return [(group, " ".join(parts)) for group, parts in clauses.items()]


def plan(question: str, matcher: OutletMatcher | None) -> QueryPlan:
    found = matcher.find_with_clauses(question) if matcher else []
    return QueryPlan(outlets=tuple(g for g, _ in found), dates=find_dates(question),
                     clauses=tuple(c for _, c in found))
