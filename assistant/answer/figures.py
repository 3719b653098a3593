"""A number as a short answer: with its unit where the unit says what it is ("146 km/h",
"18 million euros", "six years"), bare where the question already says it ("How many
passengers …?": "11.2 million")."""

from __future__ import annotations

from .language import Question, norm
from .lexicon import CURRENCY, STOPWORDS
from .mentions import with_unit


def figure(q: Question, text: str, start: int, end: int) -> str:
    """The short for the number at ``text[start:end]``, for a count, measure or sum question."""
    bare, whole = text[start:end].strip(), with_unit(text, start, end)
    if q.kind == "money" and CURRENCY.fullmatch(whole[len(bare):].strip()):
        return whole  # "18 million euros": the sum, in its currency
    if q.measure:
        return whole  # "450 metres" for "How long is the bridge?"
    unit = whole.split()[-1].lower()
    if not q.unit and not bare.endswith("%") and unit not in STOPWORDS and not q.has(norm(unit)):
        return whole  # "What was the highest gust?": 146 km/h; "What was his sentence?": six years
    return bare
