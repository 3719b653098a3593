"""The packaged irregular verb forms: spaCy's, and read by the answerer's ``norm``."""

from __future__ import annotations

import pytest

from assistant.answer.language import norm
from assistant.text import verbs
from assistant.text.stemming import english


def test_the_packaged_forms_are_the_installed_pipelines() -> None:
    pytest.importorskip("spacy")
    from assistant.knowledge.nlp import verb_exceptions

    # Rebuilt by scripts/verb_forms.py: a new spaCy pipeline with other tables fails here until it is rerun.
    assert verbs.packaged() == verbs.irregular(verb_exceptions().items(), english().stem_word)


@pytest.mark.parametrize(("form", "base"), [("met", "meet"), ("said", "says"), ("took", "taking"),
                                            ("built", "builds"), ("sold", "sell"), ("paid", "pay")])
def test_an_irregular_form_reads_as_its_base(form: str, base: str) -> None:
    assert norm(form) == norm(base)


def test_auxiliaries_and_regular_verbs_are_left_to_the_stemmer() -> None:
    forms = verbs.packaged()
    assert not {"is", "was", "were", "had", "did", "been"} & set(forms)
    assert "walked" not in forms and norm("walked") == norm("walk")
    assert norm("was") != norm("be")  # a stopword stays the word it is
