"""The architecture holds: each layer imports only the layers below it, no package's
modules import each other in a cycle, every sub-package ships, and no module grows past
what one reader can hold.

The layers and the rules are import-linter contracts in pyproject.toml; these tests run
the real ``lint-imports`` on this checkout, and on a copy of the package with one bad
import planted, to show the contracts catch what they claim to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"
LINT = Path(sys.executable).with_name("lint-imports")
MAX_MODULE_LINES = 420  # the "~400": a module one reader can hold

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is a dev dependency: make setup")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package under ``root`` (PYTHONPATH puts that copy first)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "pyproject.toml", "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def copy_with(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package and its pyproject.toml with ``line`` appended to ``module``."""
    shutil.copytree(PACKAGE, tmp_path / "assistant", ignore=shutil.ignore_patterns("__pycache__", "*.npz"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    return tmp_path


def test_this_checkout_keeps_every_contract() -> None:
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 kept, 0 broken" in out.stdout


def test_a_lower_layer_importing_a_higher_one_is_caught(tmp_path: Path) -> None:
    # text/ sits below answer/: a date helper reaching up for the answerer is a leak.
    out = lint(copy_with(tmp_path, "assistant/text/dates.py", "from ..answer import base"))
    assert out.returncode == 1
    assert "assistant.text is not allowed to import assistant.answer" in out.stdout
    assert "assistant.text.dates -> assistant.answer.base" in out.stdout


def test_serve_and_evaluate_may_not_import_each_other(tmp_path: Path) -> None:
    out = lint(copy_with(tmp_path, "assistant/evaluate/metrics.py", "from ..serve import jsonlog"))
    assert out.returncode == 1
    assert "assistant.evaluate is not allowed to import assistant.serve" in out.stdout


def test_a_cycle_inside_a_layer_is_caught(tmp_path: Path) -> None:
    # extractive imports language; language importing extractive back closes a loop.
    out = lint(copy_with(tmp_path, "assistant/answer/language.py", "from .extractive import MAX_WORDS"))
    assert out.returncode == 1
    assert "No cycles are allowed in assistant.answer" in out.stdout
    assert ".language -> .extractive" in out.stdout


def test_every_sub_package_is_listed_for_the_wheel() -> None:
    # The list in pyproject.toml is written out (prompts/ maps into the package), so a new
    # sub-package left off it would be missing from an installed wheel.
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found | {"assistant.prompts"} == listed


def test_no_module_is_longer_than_one_reader_can_hold() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these by role: {long}"
