"""English irregular verb forms and their base forms ("met" -> "meet", "said" -> "say").

A stemmer leaves "met" and "meet" apart, so "Did Orsik meet Vale?" held nothing of
"Orsik met Vale" but the names. A capitalised word is a name, and left as it is ("Fed",
"Rose"). The forms are spaCy's: the English lemmatizer's verb
exceptions (``lemma_exc``), as the installed pipeline carries them, written to
``assistant/models/verb_forms.txt`` by ``scripts/verb_forms.py`` so that reading a
question needs no spaCy import. Only the forms a stemmer cannot bring to their base's
stem are kept, and not those of the auxiliaries ("was", "had", "did"): those are
stopwords, and "is" read as "be" would change nothing but what stopword tests see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

PACKAGED = "verb_forms.txt"
AUXILIARIES = frozenset({"be", "have", "do", "may", "can", "shall", "will"})
# Forms that news copy uses as other words as often as not: "found" (founded), "ground"
# forces, "wounded", "bound", "a bit", "born", "lay"/"lie", "left" (the political left),
# archaic or rare past forms that are nouns ("rent", "stove", "dove", "clad").
_AMBIGUOUS = """
found ground bound wound lay laid lain bit born borne bore left rent lent kent laden hung sung pent gelt gilt
clad smelt spelt clove cleft stove rove dove leant sown sewn wove woven shod mown hewn riven reft shent clept
"""
AMBIGUOUS = frozenset(_AMBIGUOUS.split())


def irregular(pairs: Iterable[tuple[str, str]], stem: Callable[[str], str]) -> dict[str, str]:
    """Of (form, base) pairs, those whose stems differ, as form -> base, auxiliaries left out."""
    out = {}
    for form, base in pairs:
        if (form.isalpha() and base.isalpha() and base not in AUXILIARIES and form not in AMBIGUOUS
                and stem(form) != stem(base)):
            out[form] = base
    return dict(sorted(out.items()))


def write(path: str, forms: dict[str, str], origin: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# English irregular verb forms and their bases, from {origin}; scripts/verb_forms.py writes this\n")
        f.writelines(f"{form} {base}\n" for form, base in forms.items())


@lru_cache(maxsize=1)
def packaged() -> dict[str, str]:
    """form -> base, as shipped."""
    text = resources.files("assistant.models").joinpath(PACKAGED).read_text(encoding="utf-8")
    pairs = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {form: base for form, base in pairs}


@lru_cache(maxsize=1)
def stem_bases() -> dict[str, str]:
    """Each irregular form, as written in lower case -> the stem of its base ("met" ->
    "meet", "taken" -> "take"). By the form, not its stem: the stem of "overlain" is
    "over", and every "over" is no form of "overlie"."""
    from .stemming import english

    stem = english().stem_word
    return {form: stem(base) for form, base in packaged().items()}
