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
    return bool(_ASKS.search(question)) or referred_noun(question) == "countries"


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
    ("Russian citizens", "Russians": Russia); the entities it names cover the rest. A word
    within a longer name is not one: "the US Open", "The Irish Times", "Jordan Peterson"."""
    out = set()
    words = list(re.finditer(r"[A-Za-z][\w'’-]*", question))
    for i, m in enumerate(words):
        word = m.group()
        if not word[0].isupper() or any(_in_name(words[j].group(), j) for j in (i - 1, i + 1) if 0 <= j < len(words)):
            continue  # "us" is no country, "US" is
        low = re.sub(r"['’]s?$", "", word.lower())
        low = low[:-1] if low.endswith("s") and low[:-1] in DEMONYMS else low
        key = country_of(DEMONYMS.get(low, low))
        if key is not None:
            out.add(key)
    return out


# Capitalised words that open a question or a phrase without being part of a name.
_OPENERS = frozenset([
    "which", "what", "who", "whom", "whose", "when", "where", "why", "how", "did", "does", "do", "is", "was", "were",
    "are", "has", "have", "had", "can", "could", "will", "would", "should", "of", "among", "in", "on", "at", "to",
    "for", "from", "by", "with", "according", "the", "a", "an", "and", "or", "but"])


def _in_name(word: str, position: int) -> bool:
    """Whether a neighbouring ``word`` makes a capitalised word part of a longer name."""
    return word[0].isupper() and not (word.lower() in _OPENERS or (position == 0 and word.isalpha()))


# Parts of the world, blocs and zones that a "which country" question is not answered by.
# Only these are dropped: a country ISO spells otherwise ("Bosnia", "DR Congo") must stay.
_REGIONS = frozenset([
    "europe", "asia", "africa", "americas", "oceania", "antarctica", "arctic", "eurasia", "scandinavia", "balkans",
    "baltic", "baltics", "nordic", "nordics", "caucasus", "caribbean", "mediterranean", "sahel", "maghreb", "levant",
    "middle east", "near east", "far east", "west", "east", "north", "south", "latin america", "north america",
    "south america", "central america", "central asia", "southeast asia", "south asia", "east asia",
    "eastern europe", "western europe", "central europe", "northern europe", "southern europe", "horn of africa",
    "persian gulf", "gulf", "schengen", "eurozone", "eu", "european union", "african union", "nato", "asean", "brics",
    "g7", "g20", "opec"])
_REGION_WORDS = re.compile(r"\b(?:zone|area|region|bloc|continent)\b")


def is_region(name: str) -> bool:
    """Whether ``name`` names a part of the world, a bloc or a zone rather than a country
    ("Baltic", "the Schengen Zone", "Middle East", "EU")."""
    low = _folded(name)
    return low in _REGIONS or (bool(_REGION_WORDS.search(low)) and country_of(name) is None)


def is_country(name: str) -> bool:
    """Whether ``name`` names a country (see ``country_of``)."""
    return country_of(name) is not None
