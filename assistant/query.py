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

from .cleaning import _DATE_PATTERNS, parse_date


@dataclass(frozen=True)
class QueryPlan:
    outlets: tuple[tuple[str, ...], ...] = ()  # one group of outlet keys per mention
    dates: tuple[int, ...] = ()  # YYYYMMDD of each date the question names


def _aliases(name: str) -> set[str]:
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
                for alias in _aliases(outlet):
                    by_alias[alias].add(outlet.casefold())
        self._by_alias = {a: tuple(sorted(v)) for a, v in by_alias.items()}
        aliases = sorted(self._by_alias, key=len, reverse=True)  # longest mention wins
        self._pattern = (
            re.compile(r"(?<![\w])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w])", re.IGNORECASE)
            if aliases else None
        )

    def find(self, question: str) -> tuple[tuple[str, ...], ...]:
        if self._pattern is None:
            return ()
        groups: list[tuple[str, ...]] = []
        for m in self._pattern.finditer(question):
            group = self._by_alias[m.group(1).casefold()]
            if group not in groups:
                groups.append(group)
        return tuple(groups)


def find_dates(question: str) -> tuple[int, ...]:
    found: list[int] = []
    for pattern, _ in _DATE_PATTERNS:
        for m in pattern.finditer(question):
            iso = parse_date(m.group(0))
            if iso:
                value = int(iso.replace("-", ""))
                if value not in found:
                    found.append(value)
    return tuple(found)


def plan(question: str, matcher: OutletMatcher | None) -> QueryPlan:
    return QueryPlan(outlets=matcher.find(question) if matcher else (), dates=find_dates(question))
