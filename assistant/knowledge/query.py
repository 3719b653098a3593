"""Reading the knowledge store: entities by type or name, quotes by speaker and topic,
events inside given passages. Returns the package's dataclasses (``Entity``, ``Quote``,
``Event``), never rows.

A name matches an entity by any of its forms, case and diacritics folded: the canonical
name, an alias, or the surname of either ("Lecornu" finds "Sébastien Lecornu"). A topic
(``about``) ranks quotes by the IDF-weighted share of the topic's words they hold.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Sequence

from ..text import stemming
from ..types import ENTITY_TYPES, Entity, Event, Quote
from .names import _words, fold
from .store import KnowledgeStore

_WORD = re.compile(r"\w\w+")
_STOP = frozenset(_words("the a an of to in on and or for with about by at from as is was were be said says what who"))


def _entity(row: sqlite3.Row | tuple) -> Entity:
    id_, name, type_, aliases, mentions, articles, sources, body, sidebar = row[:9]
    return Entity(id=id_, name=name, type=type_, aliases=tuple(json.loads(aliases)), mentions=mentions,
                  articles=articles, sources=tuple(json.loads(sources)), sections={"body": body, "sidebar": sidebar})


def match_ids(db: sqlite3.Connection, name: str, type_: str | None = None) -> list[int]:
    """Entities ``name`` names: any form equal to it (folded), else whose surname it is,
    else whose forms contain it; most mentioned first."""
    wanted = fold(" ".join(name.split()))
    if not wanted:
        return []
    rows = db.execute("SELECT id, names, type FROM entities ORDER BY mentions DESC, id").fetchall()
    rows = [r for r in rows if type_ is None or r[2] == type_]
    forms = [(r[0], r[1].split("\n")) for r in rows]
    for test in (lambda f: f == wanted, lambda f: f.split()[-1] == wanted if f.split() else False,
                 lambda f: wanted in f):
        found = [id_ for id_, names in forms if any(test(f) for f in names)]
        if found:
            return found
    return []


def entities(store: KnowledgeStore, *, type_: str | None = None, name: str | None = None,
             limit: int | None = None) -> list[Entity]:
    """Entities, most mentioned first; ``type_`` one of ENTITY_TYPES; ``name`` any form."""
    if type_ is not None and type_ not in ENTITY_TYPES:
        raise ValueError(f"type must be one of {', '.join(ENTITY_TYPES)}, got {type_!r}")
    with store.reading() as db:
        query = "SELECT * FROM entities"
        args: list[object] = []
        clauses = []
        if name:
            ids = match_ids(db, name, type_)
            if not ids:
                return []
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            args += ids
        if type_:
            clauses.append("type = ?")
            args.append(type_)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " ORDER BY mentions DESC, articles DESC, id"
        if limit is not None:
            query += " LIMIT ?"
            args.append(limit)
        return [_entity(r) for r in db.execute(query, args)]


def quotes(store: KnowledgeStore, *, speaker: str | None = None, about: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None, outlets: Sequence[str] = (),
           sources: Sequence[str] = (), limit: int | None = None) -> list[Quote]:
    """Attributed quotes: in file order, or by relevance to ``about``."""
    with store.reading() as db:
        clauses = ["q.mention IS NOT NULL", "m.entity IS NOT NULL"]
        args: list[object] = []
        if speaker:
            ids = match_ids(db, speaker)
            if not ids:
                return []
            clauses.append(f"m.entity IN ({','.join('?' * len(ids))})")
            args += ids
        if since:
            clauses.append("a.date >= ?")
            args.append(since.isoformat())
        if until:
            clauses.append("a.date <= ? AND a.date IS NOT NULL")
            args.append(until.isoformat())
        if outlets:
            clauses.append(f"lower(a.outlet) IN ({','.join('?' * len(outlets))})")
            args += [o.casefold() for o in outlets]
        if sources:
            wanted = [s.rstrip("/") for s in sources]
            clauses.append("(" + " OR ".join("(q.source = ? OR q.source LIKE ? ESCAPE '\\')" for _ in wanted) + ")")
            for s in wanted:
                args += [s, s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"]
        rows = db.execute(
            "SELECT e.name, e.id, q.said_as, q.quote, q.kind, q.verb, q.source, q.line_start, q.line_end, "
            "a.outlet, a.date, coalesce(a.title, ''), q.section, a.record "
            "FROM quotes q JOIN mentions m ON m.id = q.mention JOIN entities e ON e.id = m.entity "
            "JOIN articles a ON a.doc = q.doc WHERE " + " AND ".join(clauses) + " ORDER BY q.source, q.start",
            args).fetchall()
    found = [Quote(*r[:13], record=r[13]) for r in rows]
    if about:
        found = _by_relevance(found, about)
    return found[:limit] if limit is not None else found


def _stems(text: str) -> set[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return set(stemming.english().stem_words(words)) if words else set()


def _by_relevance(found: list[Quote], about: str) -> list[Quote]:
    """Quotes holding the topic's words, most of its (rarer) words first."""
    topic = _stems(about)
    if not topic or not found:
        return []
    held = [_stems(q.quote) for q in found]
    idf = {t: math.log(1 + len(found) / (1 + sum(t in h for h in held))) for t in topic}
    total = sum(idf.values())
    scored = [(sum(idf[t] for t in topic & h) / total, i) for i, h in enumerate(held)]
    return [found[i] for score, i in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]


def events_in(store: KnowledgeStore, spans: Sequence[tuple[str, int, int]]) -> list[Event]:
    """Dated events whose sentence overlaps one of ``spans`` (doc, start, end), in the
    order of the spans, each once."""
    if not spans:
        return []
    with store.reading() as db:
        docs = sorted({d for d, _, _ in spans})
        rows = db.execute(
            "SELECT ev.doc, ev.start, ev.\"end\", ev.date, ev.precision, ev.date_text, ev.text, ev.source, "
            "ev.line_start, ev.line_end, a.outlet, a.date, a.title, a.record FROM events ev "
            "JOIN articles a ON a.doc = ev.doc WHERE ev.date IS NOT NULL "
            f"AND ev.doc IN ({','.join('?' * len(docs))}) "
            "ORDER BY ev.doc, ev.start", docs).fetchall()
    by_doc: dict[str, list[tuple]] = {}
    for r in rows:
        by_doc.setdefault(r[0], []).append(r)
    out: list[Event] = []
    seen: set[tuple[str, int, str]] = set()
    for doc, start, end in spans:
        for r in by_doc.get(doc, []):
            key = (r[0], r[1], r[5])
            if r[1] < end and r[2] > start and key not in seen:
                seen.add(key)
                out.append(Event(date=r[3], precision=r[4], date_text=r[5], text=r[6], source=r[7],
                                 line_start=r[8], line_end=r[9], outlet=r[10], published=r[11], title=r[12] or "",
                                 record=r[13]))
    return out


def mention_spans(store: KnowledgeStore, name: str) -> list[tuple[str, int, int]]:
    """(doc, start, end) of every mention of the entities ``name`` names."""
    with store.reading() as db:
        ids = match_ids(db, name)
        if not ids:
            return []
        return db.execute(f'SELECT doc, start, "end" FROM mentions WHERE entity IN ({",".join("?" * len(ids))})',
                          ids).fetchall()
