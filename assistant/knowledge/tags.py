"""Coarse word classes read from the tagger's Penn Treebank tags.

The pipeline runs without spaCy's attribute_ruler, which only maps these tags to
universal parts of speech and cost 12% of the layer's spaCy time (measured on 40
MultiHop-RAG articles: 1.7 s of 13.7 s); the few classes the rules ask for are read
from the tag itself.
"""

from __future__ import annotations

from typing import Any

_NOMINAL = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS"})


def is_verb(tok: Any) -> bool:
    """A verb or auxiliary (universal VERB or AUX): VB* and modals."""
    tag = tok.tag_
    return tag.startswith("VB") or tag == "MD"


def is_nominal(tok: Any) -> bool:
    """A noun, proper noun or adjective (universal NOUN, PROPN, ADJ)."""
    return tok.tag_ in _NOMINAL
