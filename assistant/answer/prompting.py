"""Prompt templates as files, rendered strictly.

Templates live in the top-level ``prompts/`` folder, which pyproject.toml maps to the
``assistant.prompts`` package (``package-dir``) in a wheel and an editable install alike,
so ``importlib.resources`` is the one way they are read. ``{{name}}`` is a variable;
rendering with a variable missing raises ``PromptError`` instead of sending a prompt
with a hole in it, and a value is inserted once, never re-read as a template (an article holding ``{{x}}``
stays text). Does not call a model.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from ..errors import PromptError

_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@lru_cache(maxsize=32)
def load(name: str) -> str:
    """The text of template ``name`` (``prompts/<name>.txt``)."""
    filename = name if "." in name else f"{name}.txt"
    try:
        resource = files("assistant.prompts").joinpath(filename)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass  # a copy of assistant/ run without installing: the mapping is not there
    raise PromptError(f"prompt template {filename!r} not found; install the package (pip install -e .)")


def variables(template: str) -> set[str]:
    return set(_VAR.findall(template))


def render_text(template: str, **values: object) -> str:
    """``template`` with every ``{{name}}`` replaced; a missing one raises ``PromptError``.

    >>> render_text("Q: {{question}}", question="who?")
    'Q: who?'
    """
    missing = sorted(variables(template) - values.keys())
    if missing:
        raise PromptError(f"prompt needs {', '.join(missing)}; pass {', '.join(f'{m}=...' for m in missing)}")
    return _VAR.sub(lambda m: str(values[m.group(1)]), template)


def render(name: str, **values: object) -> str:
    """Template ``name`` from ``prompts/``, rendered strictly."""
    try:
        return render_text(load(name), **values)
    except PromptError as exc:
        raise PromptError(f"prompt {name!r}: {exc}") from None
