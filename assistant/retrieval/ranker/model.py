"""The final ranking of a search: a LightGBM LambdaRank model over the features of the
fused candidates (``features``), and how a model is chosen (``load_ranker``).
"""

from __future__ import annotations

import sys
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ConfigError
from .features import FEATURES, features

if TYPE_CHECKING:
    from ..candidates import Pool


DEFAULT = "learned"  # the model shipped with the package
OFF = ("none", "off", "fused")
_PACKAGED = "ranker.txt"


def _import_lightgbm() -> Any:
    """lightgbm, without the scikit-learn it imports for its estimator classes when it can
    (1.1 s of a 3 s cold search; a Booster needs none of it). Where scikit-learn is loaded
    already, or lightgbm is, nothing is kept from anyone."""
    if "lightgbm" in sys.modules or "sklearn" in sys.modules:
        import lightgbm

        return lightgbm
    sys.modules["sklearn"] = None  # type: ignore[assignment]  # makes "import sklearn" fail, in lightgbm.compat
    try:
        import lightgbm
    finally:
        del sys.modules["sklearn"]
    return lightgbm


class Ranker:
    """A LightGBM LambdaRank model over ``FEATURES``; higher scores rank first."""

    def __init__(self, booster: Any, name: str) -> None:
        self._booster = booster  # None: read from ``name`` on first use (``load(lazy=True)``)
        self.name = name
        # One shared booster serves every request of the HTTP API; LightGBM's predictor
        # set-up writes to it (LightGBM issue #6142), so calls take turns (1-2 ms each).
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: str, lazy: bool = False) -> Ranker:
        """The model in ``path``; with ``lazy``, read when it first ranks (importing
        lightgbm is 0.55 s of a new process, and a short question is never ranked)."""
        return cls(None if lazy else cls._read(path), path)

    @staticmethod
    def _read(path: str) -> Any:
        try:
            lightgbm = _import_lightgbm()
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise ConfigError("the learned ranker needs lightgbm: pip install lightgbm, "
                              "or set ASSISTANT_RANKER=none") from exc
        try:
            booster = lightgbm.Booster(model_file=path)
        except (OSError, lightgbm.basic.LightGBMError) as exc:
            raise ConfigError(f"cannot load ranker model {path}: {str(exc).splitlines()[0]}; "
                              "give a model written by scripts/train_ranker.py, or set ranker to "
                              f"'{DEFAULT}' or 'none'") from exc
        names = tuple(booster.feature_name())
        if names != FEATURES:
            raise ConfigError(f"ranker model {path} was trained on other features ({len(names)} vs "
                              f"{len(FEATURES)}); retrain it with scripts/train_ranker.py")
        return booster

    def scores(self, x: np.ndarray) -> np.ndarray:
        # One thread: a few hundred rows finish faster than a thread pool starts.
        with self._lock:
            if self._booster is None:
                self._booster = self._read(self.name)
            return np.asarray(self._booster.predict(x, num_threads=1), dtype=np.float64)

    def rank(self, pool: Pool) -> tuple[np.ndarray, np.ndarray]:
        """The candidates of ``pool`` reordered, best first, with the model's scores.

        Page furniture (sidebars, related-article lists) comes after the story's own
        passages: the training corpus had none, so the model cannot judge it."""
        scores = self.scores(features(pool))
        order = np.lexsort((-scores, pool.evidence.sidebar))  # type: ignore[union-attr]
        return pool.rows[order], scores[order]


_cache: dict[str, Ranker] = {}


def load_ranker(spec: str | None) -> Ranker | None:
    """``learned`` (the packaged model, the default), ``none`` (fused order), or the path
    of a model file."""
    spec = (spec or DEFAULT).strip()
    if spec.casefold() in OFF:
        return None
    lazy = spec.casefold() == DEFAULT  # the packaged model (tests read it); a user's file is checked now
    if lazy:
        path = str(resources.files("assistant.models").joinpath(_PACKAGED))
    else:
        path = spec
        if not Path(path).is_file():
            raise ConfigError(f"ranker model {path} does not exist; give a model file, or set ranker "
                              f"to '{DEFAULT}' or 'none'")
    if path not in _cache:
        _cache[path] = Ranker.load(path, lazy=lazy)
    return _cache[path]

