"""What a sentence holds that may answer a question (``mentions`` finds them): a name,
number, date or place, by its span and a key to compare it by."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """An entity in a sentence: its span and comparable key."""

    kind: str  # name, number, money, date, place; for a "who" question also person
    start: int
    end: int
    key: str
    name: str = ""  # the knowledge layer's canonical name, where it resolved the mention
