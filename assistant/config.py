"""Settings, resolved at the edges: CLI flag, then environment variable, then config
file, then default.

The library itself takes explicit arguments; only the CLI, the app and ``open_index``
with no arguments come through here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_INDEX_DIR = "index"
DEFAULT_EMBED_MODEL = "all-MiniLM-L6-v2"
DEFAULT_MAX_FILE_MB = 25.0
DEFAULT_RANKER = "learned"

# setting name -> environment variable
ENV = {
    "index_dir": "ASSISTANT_INDEX_DIR",
    "embed_model": "ASSISTANT_EMBED_MODEL",
    "chroma_url": "ASSISTANT_CHROMA_URL",
    "max_file_mb": "ASSISTANT_MAX_FILE_MB",
    "ranker": "ASSISTANT_RANKER",
}
CONFIG_ENV = "ASSISTANT_CONFIG"
CONFIG_FILE = "assistant.toml"


@dataclass(frozen=True)
class Settings:
    index_dir: Path
    embed_model: str
    chroma_url: str | None
    max_file_mb: float
    ranker: str  # "learned", "none", or the path of a ranker model


def _config_file() -> dict[str, Any]:
    explicit = os.environ.get(CONFIG_ENV)
    path = Path(explicit) if explicit else Path(CONFIG_FILE)
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file {path} (from ${CONFIG_ENV}) does not exist; fix the path")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}; fix or remove it") from exc
    section = data.get("assistant", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path}: [assistant] must be a table")
    unknown = set(section) - set(ENV)
    if unknown:
        raise ConfigError(
            f"config file {path}: unknown setting(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(ENV))}"
        )
    return section


def resolve(**flags: Any) -> Settings:
    """Resolve every setting; ``flags`` are the CLI's values (None when not given)."""
    unknown = set(flags) - set(ENV)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(sorted(unknown))}")
    file_values = _config_file()

    def pick(name: str, default: Any) -> Any:
        if flags.get(name) not in (None, ""):
            return flags[name]
        env = os.environ.get(ENV[name])
        if env:
            return env
        if file_values.get(name) not in (None, ""):
            return file_values[name]
        return default

    raw_mb = pick("max_file_mb", DEFAULT_MAX_FILE_MB)
    try:
        max_mb = float(raw_mb)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"max_file_mb must be a number of megabytes, got {raw_mb!r}") from exc
    if max_mb <= 0:
        raise ConfigError(f"max_file_mb must be positive, got {max_mb}")
    return Settings(
        index_dir=Path(pick("index_dir", DEFAULT_INDEX_DIR)).expanduser(),
        embed_model=str(pick("embed_model", DEFAULT_EMBED_MODEL)),
        chroma_url=pick("chroma_url", None),
        max_file_mb=max_mb,
        ranker=str(pick("ranker", DEFAULT_RANKER)),
    )
