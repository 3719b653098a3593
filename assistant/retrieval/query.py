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
from ..types import Assumption


@dataclass(frozen=True)
class QueryPlan:
    outlets: tuple[tuple[str, ...], ...] = ()  # one group of outlet keys per mention
    dates: tuple[int, ...] = ()  # YYYYMMDD of each date the question names
    # The part of the question about each outlet group: from the end of the previous
    # outlet's mention to the start of the next one ("…reported by A that X, while B says Y").
    clauses: tuple[str, ...] = ()

    def without(self, ignore: Iterable[str]) -> QueryPlan:
        """The plan less what the caller said not to read into the question (keys as in
        ``assumptions``)."""
        ignore = set(ignore)
        if not ignore:
            return self
        kept = [(g, c) for g, c in zip(self.outlets, self.clauses, strict=True) if outlet_key(g) not in ignore]
        return QueryPlan(outlets=tuple(g for g, _ in kept), clauses=tuple(c for _, c in kept),
                         dates=tuple(d for d in self.dates if date_key(d) not in ignore))


def outlet_key(group: tuple[str, ...]) -> str:
    return "outlet:" + "|".join(group)


def date_key(day: int) -> str:
    return f"date:{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def assumptions(read: QueryPlan, ignore: Iterable[str], names: dict[str, str]) -> tuple[Assumption, ...]:
    """What ``read`` takes from the question, as the journalist may undo it: each outlet
    group (shown by ``names``, casefolded key → outlet as written) and each day, those in
    ``ignore`` marked not applied."""
    ignore = set(ignore)
    out = [Assumption("outlet", key, " or ".join(names.get(o, o) for o in group), key not in ignore)
           for group in read.outlets for key in (outlet_key(group),)]
    out += [Assumption("date", key, key.split(":", 1)[1], key not in ignore)
            for day in dict.fromkeys(read.dates) for key in (date_key(day),)]
    return tuple(out)


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
