"""What the best quote gives whole, before any name of the quotes is weighed: the country a
role belongs to ("French Economy Minister" for "Which country's minister …?"), the owner
named before the asked noun ("on a SpaceX rocket" for "Whose rocket …?"), an ordinal ("the
81st" for "Which anniversary …?"), a name said to be withheld ("The auction house did not name
the buyer": no one), a quoted title, or a match's result ("Rovers beat Lakeside 2-1")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .asked import owning_country
from .language import Question
from .ordinals import ordinal
from .quoted_names import quoted_name
from .results import result_of
from .whose import owner
from .withheld import withheld_asked


def given_whole(q: Question, ranked: Sequence[tuple[Any, list[tuple[int, int]]]],
                noun: str | None) -> tuple[bool, str | None]:
    """(True, the short) where the best of ``ranked`` (the extractive answerer's sentences
    with their quoted spans, best first) answers ``q`` whole, the short None where it says the
    answer is withheld; (False, None) where the names of the quotes are to be weighed."""
    if not ranked:
        return False, None
    best, spans = ranked[0]
    quoted = " ".join(best.hit.text[a:b] for a, b in spans)
    if q.kind == "place" and (country := owning_country(q.text, best.text)):
        return True, country
    if q.kind not in ("person", "entity"):
        return False, None
    if own := owner(q.text, quoted):
        return True, own
    if q.kind == "entity" and (nth := ordinal(noun, quoted)):
        return True, nth
    if withheld_asked(q, best.text):
        return True, None
    at = (quoted_name(q, best.text) if q.kind == "entity" else None) or result_of(q, best.text)
    if at and any(sa <= best.start + at[0] and best.start + at[1] <= sb for sa, sb in spans):
        return True, best.text[at[0]:at[1]]
    return False, None
