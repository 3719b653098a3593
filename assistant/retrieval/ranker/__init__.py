"""The learned final ranking: features of the fused candidates, the shipped model, and
(``train``) how it is trained."""

from .features import FEATURES, features
from .model import Ranker, load_ranker

__all__ = ["FEATURES", "Ranker", "features", "load_ranker"]
