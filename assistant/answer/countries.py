"""Which names are countries, and which questions ask for one.

"Which country …, according to A, and …, as B reported?" is answered by a country the
articles share, not by the city where a summit met: the knowledge layer tags cities,
regions and countries alike as places. A name is a country by ISO 3166's names
(pycountry: "China", "Türkiye", "South Korea") or a short form news copy uses that ISO
does not ("the U.S.", "Russia", "Britain"); spellings of one country share one key, so
"the U.S." in one article and "the United States" in another are the same answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..knowledge.names import fold
from .language import DEMONYMS
from .partitive import referred_noun

# "Which (European) country", "in which two nations"; not "the United States", "state
# media" or "which United Nations agency" (the noun in lower case: no name's word).
_ASKS = re.compile(r"\b(?:[Ww]hich|[Ww]hat|WHICH|WHAT)\s+(?:[\w-]+\s+){0,2}?(?:country|countries|nation|nations)\b")
# Short forms and old names news copy uses that pycountry's names do not hold, by the ISO
# name they stand for (it holds "South Korea", "Iran", "Vietnam"). Codes are not read as
# names: "AI", "LA" and "CA" are ISO codes too (Anguilla, Laos, Canada).
_SHORT = {
    "us": "united states", "usa": "united states", "america": "united states", "uk": "united kingdom",
    "britain": "united kingdom", "great britain": "united kingdom", "uae": "united arab emirates",
    "russia": "russian federation", "prc": "china", "burma": "myanmar", "holland": "netherlands",
    "ivory coast": "cote d'ivoire", "drc": "congo, the democratic republic of the",
    "turkey": "turkiye", "palestine": "palestine, state of",
}
# Countries news copy names that ISO does not (the project's demonyms name these too).
_OWN = frozenset({"england", "scotland", "wales", "northern ireland", "kosovo", "korea"})


def asks_country(question: str) -> bool:
    """Whether ``question`` asks for a country ("Which country …?", "in which European nation",
    "Of the seven countries …, which one …?")."""
    return bool(_ASKS.search(question)) or referred_noun(question) in ("countries", "nations")


def _folded(name: str) -> str:
    """Folded, without dots and a leading "the", quotes made plain: "the U.S." -> "us"."""
    low = " ".join(fold(name).replace(".", " ").replace("’", "'").split())
    low = low.removeprefix("the ")
    return re.sub(r"\b(\w) (?=\w\b)", r"\1", low)  # "u s" (from "U.S.") -> "us"


@lru_cache(maxsize=1)
def _iso() -> dict[str, str]:
    """Every ISO 3166 name, official name and common name, folded, to its alpha-3 code."""
    import pycountry  # loaded on the first country question only

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[_folded(value)] = c.alpha_3
    return names


@lru_cache(maxsize=4096)
def country_of(name: str) -> str | None:
    """The key of the country ``name`` names (its ISO alpha-3 code, or its own folded name
    for one ISO does not list), or None: not a country ("San Francisco", "Europe", "AI")."""
    low = _folded(name)
    if not low:
        return None
    low = _SHORT.get(low, low)
    code = _iso().get(low)
    if code is not None:
        return code
    return low if low in _OWN else None


def named_countries(question: str) -> set[str]:
    """The keys of the countries ``question`` names in one word, by name or adjective
    ("Russian citizens", "Russians": Russia); the entities it names cover the rest."""
    out = set()
    for word in re.findall(r"[A-Z][\w'’-]*", question):  # a name's case: "us" is no country, "US" is
        low = word.lower()
        low = low[:-1] if low.endswith("s") and low[:-1] in DEMONYMS else low
        key = country_of(DEMONYMS.get(low, low))
        if key is not None:
            out.add(key)
    return out


def is_country(name: str) -> bool:
    """Whether ``name`` names a country (see ``country_of``)."""
    return country_of(name) is not None
