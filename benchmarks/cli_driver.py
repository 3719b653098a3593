"""Run many ``assistant`` command lines of ONE checkout in one process (helper of compare_behaviour.py).

    python -P benchmarks/cli_driver.py SRC JOBS.json OUT.jsonl

SRC is a checkout (the folder holding ``assistant/``). JOBS.json is a list of
``{"id": ..., "args": [...]}``; each job runs exactly as ``python -m assistant ARGS`` would
(``runpy`` of the package's ``__main__``, so no module path inside the package is assumed),
with stdout and stderr captured. OUT.jsonl gets one line first, ``{"loaded": ...}`` (where
``assistant`` and its prompts were imported from), then one line a job:
``{"id", "exit", "stdout", "stderr", "seconds"}``.

The checkout wins over anything installed: SRC goes first on ``sys.path``, the editable
install's import hook (which maps ``assistant`` and ``assistant.prompts`` to the checkout
pip installed) is removed, and the checkout's own ``[tool.setuptools] package-dir`` mapping
(``assistant.prompts`` -> ``prompts/``) is served from SRC instead, as its wheel would.
Run it with ``-P`` from a folder without an ``assistant/`` of its own.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import io
import json
import runpy
import sys
import time
import tomllib
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, ClassVar


def _package_dirs(src: Path) -> dict[str, Path]:
    """The checkout's ``package-dir`` mapping (package name -> folder), as its wheel would install it."""
    try:
        data = tomllib.loads((src / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    mapping = data.get("tool", {}).get("setuptools", {}).get("package-dir", {})
    return {name: src / folder for name, folder in mapping.items() if name and (src / folder).is_dir()}


class _PackageDirFinder:
    """Finds the packages of ``package-dir`` (e.g. ``assistant.prompts``) in the checkout."""

    dirs: ClassVar[dict[str, Path]] = {}

    @classmethod
    def find_spec(cls, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        folder = cls.dirs.get(fullname)
        if folder is None or not (folder / "__init__.py").is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])


def _is_editable_hook(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "") or ""
    return "__editable__" in module


def isolate(src: Path) -> dict[str, Any]:
    """Make ``import assistant`` load the checkout at ``src``; return where it came from."""
    sys.path[:] = [str(src)] + [p for p in sys.path if p not in ("", ".", str(src))]
    sys.meta_path[:] = [f for f in sys.meta_path if not _is_editable_hook(f)]
    sys.path_hooks[:] = [h for h in sys.path_hooks if not _is_editable_hook(h)]
    sys.path_importer_cache.clear()
    _PackageDirFinder.dirs = _package_dirs(src)
    sys.meta_path.insert(0, _PackageDirFinder)  # type: ignore[arg-type]
    for name in [m for m in sys.modules if m == "assistant" or m.startswith("assistant.")]:
        del sys.modules[name]
    import assistant

    loaded: dict[str, Any] = {"assistant": assistant.__file__}
    for name in _PackageDirFinder.dirs:
        spec = importlib.util.find_spec(name)
        loaded[name] = spec.origin if spec is not None else None
    return loaded


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """``python -m assistant ARGS`` in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved_argv = sys.argv
    sys.argv = ["assistant", *args]
    status = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                runpy.run_module("assistant", run_name="__main__", alter_sys=False)
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:
                err.write(traceback.format_exc())
                status = 99  # an uncaught exception (the real CLI would print a traceback and exit 1)
    finally:
        sys.argv = saved_argv
    return status, out.getvalue(), err.getvalue()


def main() -> None:
    src, jobs_file, out_file = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), Path(sys.argv[3])
    jobs = json.loads(jobs_file.read_text(encoding="utf-8"))
    loaded = isolate(src)
    with out_file.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"loaded": loaded}) + "\n")
        fh.flush()
        for n, job in enumerate(jobs, 1):
            start = time.perf_counter()
            status, stdout, stderr = run_cli([str(a) for a in job["args"]])
            fh.write(json.dumps({"id": job["id"], "exit": status, "stdout": stdout, "stderr": stderr,
                                 "seconds": round(time.perf_counter() - start, 3)}, ensure_ascii=False) + "\n")
            fh.flush()
            if n % 25 == 0 or n == len(jobs):
                print(f"  {n}/{len(jobs)} commands", file=sys.__stderr__, flush=True)


if __name__ == "__main__":
    main()
