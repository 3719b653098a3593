"""The ``assistant`` command line: ``cli`` (the click group) and ``main`` (the console script)."""

from .main import cli, main

__all__ = ["cli", "main"]
