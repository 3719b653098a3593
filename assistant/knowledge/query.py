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
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from ..text import stemming
from ..types import ENTITY_TYPES, Entity, Event, Quote
from .names import _words, fold, same_given, same_surname
from .store import KnowledgeStore

_WORD = re.compile(r"\w\w+")
_STOP = frozenset(_words("the a an of to in on and or for with about by at from as is was were be said says what who"))
# Capitalised words of a question that name a time, not someone ("in May"), or open it.
_QUESTION = frozenset(_words("""where when why how which whose whom did does do has have had are will would can
could should might must shall according"""))
_CALENDAR = frozenset(_words("""january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday"""))


def _entity(row: sqlite3.Row | tuple) -> Entity:
    id_, name, type_, aliases, mentions, articles, sources, body, sidebar = row[:9]
    return Entity(id=id_, name=name, type=type_, aliases=tuple(json.loads(aliases)), mentions=mentions,
                  articles=articles, sources=tuple(json.loads(sources)), sections={"body": body, "sidebar": sidebar})


@dataclass(frozen=True)
class _Names:
    """Every entity's folded names, for lookups by name without a scan."""

    exact: dict[str, tuple[int, ...]]  # a folded form -> entities, most mentioned first
    surname: dict[str, tuple[int, ...]]  # the last word of a form -> entities
    forms: tuple[tuple[int, str, tuple[str, ...]], ...]  # (id, type, forms), for substrings
    types: dict[int, str]
    forms_of: dict[int, tuple[str, ...]]
    by_initial: dict[str, tuple[str, ...]]  # surnames by first letter


T = TypeVar("T")

# What a serving process reads once per merge: (what, store path) -> (entities token, value).
_PER_MERGE: dict[tuple[str, str], tuple[str, Any]] = {}
_PER_MERGE_LOCK = threading.Lock()


def _per_merge(what: str, store: KnowledgeStore, db: sqlite3.Connection, build: Callable[[], T]) -> T:
    """``build()``, kept until the next merge (a new entities token) of ``store``."""
    key, stamp = (what, str(store.path)), store.entities_token(db)
    with _PER_MERGE_LOCK:
        cached = _PER_MERGE.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    value = build()
    with _PER_MERGE_LOCK:
        _PER_MERGE[key] = (stamp, value)
    return value


def _names(store: KnowledgeStore, db: sqlite3.Connection) -> _Names:
    return _per_merge("names", store, db, lambda: _read_names(db))


def _read_names(db: sqlite3.Connection) -> _Names:
    exact: dict[str, list[int]] = {}
    surname: dict[str, list[int]] = {}
    forms = []
    types = {}
    for id_, names, type_ in db.execute("SELECT id, names, type FROM entities ORDER BY mentions DESC, id"):
        own = tuple(names.split("\n"))
        forms.append((id_, type_, own))
        types[id_] = type_
        for f in own:
            exact.setdefault(f, []).append(id_)
            if f.split():
                last = surname.setdefault(f.split()[-1], [])
                if not last or last[-1] != id_:
                    last.append(id_)
    return _Names({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in surname.items()},
                  tuple(forms), types, {id_: own for id_, _, own in forms}, _initials(surname))


def _initials(surnames: dict[str, list[int]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for key in surnames:
        if len(key) >= 5:
            out.setdefault(key[0], []).append(key)
    return {k: tuple(v) for k, v in out.items()}


def match_ids(store: KnowledgeStore, db: sqlite3.Connection, name: str, type_: str | None = None) -> list[int]:
    """Entities ``name`` names: any form equal to it (folded), else whose surname it is,
    else whose forms contain it; most mentioned first."""
    wanted = fold(" ".join(name.split()))
    if not wanted:
        return []
    names = _names(store, db)
    for table in (names.exact, names.surname):
        found = [i for i in table.get(wanted, ()) if type_ is None or names.types[i] == type_]
        if found:
            return found
    return [id_ for id_, t, own in names.forms if (type_ is None or t == type_) and any(wanted in f for f in own)]


_NOT_NAMES = _STOP | _CALENDAR | _QUESTION


def _by_surname(names: _Names, surname: str, type_: str) -> list[int]:
    """Entities of ``type_`` with this last name, or one a transliteration away ("Umierov")."""
    exact = [i for i in names.surname.get(surname, ()) if names.types[i] == type_]
    if exact or len(surname) < 5:
        return exact
    return [i for key in names.by_initial.get(surname[0], ()) if same_surname(key, surname)
            for i in names.surname[key] if names.types[i] == type_]


_CAPITAL = re.compile(r"[^\W\d_][\w’'.-]*", re.UNICODE)


def named_in(store: KnowledgeStore, text: str) -> list[tuple[str, list[Entity]]]:
    """The entities ``text`` names (a question: "What did Umierov say?"), each with the
    words that name it: runs of capitalised words equal to an entity's name or alias, or
    to a person's surname, longest first; the text's other words are not looked up."""
    words = [(m.group().rstrip(".’'").removesuffix("’s").removesuffix("'s"), m.start())
             for m in _CAPITAL.finditer(text)]
    out: list[tuple[str, list[Entity]]] = []
    with store.reading() as db:
        names = _names(store, db)
        used: set[int] = set()
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                run = words[i:i + size]
                if any(j in used for j in range(i, i + size)) or not all(w[:1].isupper() for w, _ in run):
                    continue
                if text[run[0][1]:run[-1][1]].count("\n") or (size == 1 and fold(run[0][0]) in _NOT_NAMES):
                    continue
                folded = fold(" ".join(w for w, _ in run))
                ids = list(names.exact.get(folded, ()))
                if not ids and size == 1:
                    ids = _by_surname(names, folded, "person")
                elif not ids and size == 2:  # "Sebastian Lecornu" for "Sébastien Lecornu"
                    given, last = folded.split()[0], folded.split()[-1]
                    ids = [i for i in _by_surname(names, last, "person")
                           if any(len(f.split()) > 1 and same_given(given, f.split()[0]) for f in names.forms_of[i])]
                if ids:
                    used.update(range(i, i + size))
                    rows = db.execute(f"SELECT * FROM entities WHERE id IN ({','.join('?' * len(ids))})",
                                      ids).fetchall()
                    by_id = {r[0]: _entity(r) for r in rows}
                    out.append((" ".join(w for w, _ in run), [by_id[i] for i in ids if i in by_id]))
    return out


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
            ids = match_ids(store, db, name, type_)
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
            ids = match_ids(store, db, speaker)
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
        sql = ("SELECT e.name, e.id, q.said_as, q.quote, q.kind, q.verb, q.source, q.line_start, q.line_end, "
               "a.outlet, a.date, coalesce(a.title, ''), q.section, a.record, q.start, q.\"end\" "
               "FROM quotes q JOIN mentions m ON m.id = q.mention JOIN entities e ON e.id = m.entity "
               "JOIN articles a ON a.doc = q.doc WHERE " + " AND ".join(clauses) + " ORDER BY q.source, q.start")
        # Every quote of the corpus (``--about`` alone) is read once per merge in a serving process.
        rows = db.execute(sql, args).fetchall() if args else \
            _per_merge("quotes", store, db, lambda: db.execute(sql).fetchall())
    if about:  # ranked on the rows: only the quotes returned become objects
        rows = _by_relevance(rows, about)
    rows = rows[:limit] if limit is not None else rows
    return [Quote(*r[:13], record=r[13], char_start=r[14], char_end=r[15]) for r in rows]


@lru_cache(maxsize=200_000)
def _stems(text: str) -> frozenset[str]:
    """The stemmed content words of a quote or topic; cached, since every ``--about``
    ranks all the speaker's (or corpus's) quotes: a serving process stems each once."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return frozenset(stemming.english().stem_words(words)) if words else frozenset()


def _by_relevance(rows: list[tuple], about: str) -> list[tuple]:
    """Quote rows (the quote's text at index 3) holding the topic's words, most of its
    (rarer) words first."""
    topic = _stems(about)
    if not topic or not rows:
        return []
    shared = [topic & _stems(r[3]) for r in rows]
    df = Counter(t for h in shared for t in h)
    idf = {t: math.log(1 + len(rows) / (1 + df[t])) for t in topic}
    total = sum(idf.values())
    scored = [(sum(idf[t] for t in h) / total, i) for i, h in enumerate(shared) if h]
    return [rows[i] for _, i in sorted(scored, key=lambda s: (-s[0], s[1]))]


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
                                 record=r[13], char_start=r[1], char_end=r[2]))
    return out


def mention_spans(store: KnowledgeStore, name: str) -> list[tuple[str, int, int]]:
    """(doc, start, end) of every mention of the entities ``name`` names."""
    with store.reading() as db:
        ids = match_ids(store, db, name)
        if not ids:
            return []
        return db.execute(f'SELECT doc, start, "end" FROM mentions WHERE entity IN ({",".join("?" * len(ids))})',
                          ids).fetchall()


def mentions_in(store: KnowledgeStore, spans: Sequence[tuple[str, int, int]],
                type_: str | None = None) -> list[tuple[str, int, int, Entity]]:
    """(doc, start, end, entity) of every resolved mention inside one of ``spans`` (doc,
    start, end), of entities of ``type_`` when given."""
    if not spans:
        return []
    docs = sorted({d for d, _, _ in spans})
    with store.reading() as db:
        rows = db.execute(
            'SELECT m.doc, m.start, m."end", e.* FROM mentions m JOIN entities e ON e.id = m.entity '
            f"WHERE m.doc IN ({','.join('?' * len(docs))})" + (" AND e.type = ?" if type_ else "")
            + " ORDER BY m.doc, m.start", [*docs, *([type_] if type_ else [])]).fetchall()
    out = []
    cache: dict[int, Entity] = {}
    for doc, start, end, *entity in rows:
        if any(d == doc and a <= start and end <= b for d, a, b in spans):
            if entity[0] not in cache:
                cache[entity[0]] = _entity(entity)
            out.append((doc, start, end, cache[entity[0]]))
    return out
