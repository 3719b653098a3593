"""A crowd's size counts people: "Police put the crowd at about 4,000" answers "How many
people marched, according to police?", though no noun follows the number."""

from __future__ import annotations

import re

_SIZED = re.compile(r"\b(?:crowds?|attendance|audiences?)\s+(?:(?:was|were|is|of|at|stood\s+at|numbered)\s+)?"
                    r"(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+|over\s+|"
                    r"at\s+least\s+|up\s+to\s+)?$", re.I)


def sizes_crowd(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is how many people a crowd held: "put the
    crowd at about 4,000", "a crowd of 18,400"; not a share ("attendance was 64%")."""
    return _SIZED.search(text, max(0, start - 60), start) is not None and not re.match(
        r"\s*(?:%|per\s*cent)", text[end:end + 10]) and not text[start:end].endswith("%")
