"""Scoring the knowledge layer against a labelled set (``eval/knowledge/*.json``: file,
line and names only): ``load_labels``, ``read_system`` (an index's knowledge store) and
``score``, which returns a ``KnowledgeReport``. A system quote is right when a labelled
quote starts within one line of it and its speaker entity's names hold a spelling of the
labelled speaker and of no other labelled entity; merging is scored over pairs of the
labelled spellings found at system mentions; a labelled event is found by a system event
whose sentence holds its line and whose date text overlaps it. In JSON collections a
line is the line inside the record's body. Does not index, and never prints.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import ConfigError
from ..knowledge.store import KnowledgeStore

TARGETS = {"attribution_precision": 0.95, "attribution_recall": 0.85, "people_merged": 0}
Doc = tuple[str, int | None]  # (source, record)


def fold(text: str) -> str:
    """Case, diacritics, curly apostrophes and spacing folded, for comparing names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _name(text: str) -> str:
    """A name as compared: folded, no leading "the", possessive or end punctuation
    ("the Renault Group's" → "renault group")."""
    text = re.sub(r"^the\s+", "", fold(text)).strip(" .,;:!?\"'()[]")
    return re.sub(r"'s?$", "", text).strip()


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _where(doc: Doc, line: int | None = None) -> str:
    return doc[0] + ("" if doc[1] is None else f"#{doc[1]}") + ("" if line is None else f":{line}")


# -- labels -------------------------------------------------------------------------------
class Label(NamedTuple):
    """A labelled quote (``speakers``: any one of them; none named: empty) or event."""

    doc: Doc
    line: int
    speakers: tuple[str, ...] = ()
    kind: str = ""
    section: str = "body"
    date_text: str = ""
    date: str | None = None
    precision: str | None = None


@dataclass
class LabelSet:
    """One labels file: a collection's articles, entities and pairs never to merge."""

    collection: str
    docs: list[Doc] = field(default_factory=list)
    quotes: list[Label] = field(default_factory=list)
    events: list[Label] = field(default_factory=list)
    spellings: dict[Doc, dict[str, str]] = field(default_factory=dict)  # doc -> folded spelling -> entity
    types: dict[str, str] = field(default_factory=dict)  # entity -> person/org
    distinct: set[tuple[str, str]] = field(default_factory=set)

    def forms(self, entity: str) -> set[str]:
        """The folded names that stand for ``entity`` and for no other labelled entity."""
        pairs = [(f, o) for by_form in self.spellings.values() for f, o in by_form.items()]
        return {_name(entity)} | ({f for f, o in pairs if o == entity} - {f for f, o in pairs if o != entity})


def load_labels(folder: Path) -> list[LabelSet]:
    """Every ``*.json`` labels file in ``folder``; ``ConfigError`` naming a bad one."""
    sets = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            sets.append(parse_labels(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path} is not a labels file ({exc}); see eval/knowledge/README.md") from exc
    if not sets:
        raise ConfigError(f"no *.json label files in {folder}; see eval/knowledge/README.md")
    return sets


def parse_labels(data: dict[str, Any]) -> LabelSet:
    out = LabelSet(str(data["collection"]))
    for a in data["articles"]:
        doc = (str(a["source"]), a.get("record"))
        out.docs.append(doc)
        for q in a.get("quotes", []):
            who = q.get("speaker")
            who = tuple(who) if isinstance(who, list) else (who,) if who else ()
            out.quotes.append(Label(doc, int(q["line"]), who, q.get("kind", ""), q.get("section", "body")))
        out.events += [Label(doc, int(e["line"]), date_text=e["date_text"], date=e.get("date"),
                             precision=e.get("precision")) for e in a.get("events", [])]
        by_form = out.spellings.setdefault(doc, {})
        for e in a.get("entities", []):
            out.types[e["name"]] = e["type"]
            by_form.update({_name(s): e["name"] for s in e["spellings"]})
        out.distinct |= {tuple(sorted((str(x), str(y)))) for x, y in a.get("distinct", [])}
    return out


# -- what the system holds ---------------------------------------------------------------
class SysQuote(NamedTuple):
    doc: Doc
    line: int
    entity: int | None  # the speaker; None when the system found none
    kind: str
    said_as: str | None = None


class SysEvent(NamedTuple):
    doc: Doc
    first: int  # lines of the sentence
    last: int
    date_text: str
    date: str | None
    precision: str | None


@dataclass
class SystemFacts:
    """What one index holds for some articles; ``entities``: id → (name, type, folded names)."""

    docs: set[Doc] = field(default_factory=set)
    quotes: list[SysQuote] = field(default_factory=list)
    mentions: list[tuple[Doc, str, int | None]] = field(default_factory=list)  # (doc, text, entity)
    events: list[SysEvent] = field(default_factory=list)
    entities: dict[int, tuple[str, str, frozenset[str]]] = field(default_factory=dict)


def read_system(index_dir: Path, wanted: Iterable[Doc], texts: Callable[[str, int], str] | None = None) -> SystemFacts:
    """The quotes, mentions, events and entities of the ``wanted`` articles in the index.
    ``texts(source, record)`` gives a record's body, to turn offsets into body lines."""
    wanted, facts, bodies = set(wanted), SystemFacts(), {}
    with KnowledgeStore(Path(index_dir)).reading() as db:
        docs = {d: (s, r) for d, s, r in db.execute("SELECT doc, source, record FROM articles") if (s, r) in wanted}
        facts.docs = set(docs.values())

        def line(doc: str, offset: int, stored: int) -> int:
            # Every offset of a record maps to its one line in the file: count in the body.
            source, record = docs[doc]
            if record is None or texts is None:
                return stored
            body = bodies[doc] = bodies[doc] if doc in bodies else texts(source, record)
            return body.count("\n", 0, offset) + 1 if body else stored

        rows = db.execute("SELECT q.doc, q.start, q.line_start, m.entity, q.kind, q.said_as FROM quotes q "
                          "LEFT JOIN mentions m ON m.id = q.mention")
        facts.quotes = [SysQuote(docs[d], line(d, s, ls), e, k, said) for d, s, ls, e, k, said in rows if d in docs]
        facts.mentions = [(docs[d], t, e) for d, t, e in db.execute("SELECT doc, text, entity FROM mentions")
                          if d in docs]
        rows = db.execute('SELECT doc, start, "end", line_start, line_end, date_text, date, precision FROM events')
        facts.events = [SysEvent(docs[d], line(d, s, ls), line(d, max(s, e - 1), le), dt, date, p)
                        for d, s, e, ls, le, dt, date, p in rows if d in docs]
        for id_, name, type_, aliases in db.execute("SELECT id, name, type, aliases FROM entities"):
            facts.entities[id_] = (name, type_, frozenset(_name(x) for x in (name, *json.loads(aliases))))
    return facts


# -- the report ----------------------------------------------------------------------------
@dataclass
class Attribution:
    precision: float | None = None  # correct / system_quotes
    recall: float | None = None  # found / labelled
    system_quotes: int = 0  # those with a speaker, in labelled articles
    correct: int = 0
    unattributed: int = 0  # system quotes with no speaker (not in precision)
    labelled: int = 0  # labelled quotes with a named speaker
    found: int = 0
    unnamed_labelled: int = 0  # labelled quotes whose text names no speaker (not in recall)
    kind_agreement: float | None = None  # of the found, share with the labelled kind
    recall_by: dict[str, dict[str, Any]] = field(default_factory=dict)  # by kind and section
    errors: list[dict[str, Any]] = field(default_factory=list)  # wrong system attributions
    misses: list[dict[str, Any]] = field(default_factory=list)  # labelled quotes not found


@dataclass
class Merging:
    precision: float | None = None  # merged_right / (merged_right + merged_wrong)
    recall: float | None = None  # merged_right / same_pairs
    spellings: int = 0  # labelled (article, spelling) pairs
    recognised: int = 0  # of those, found at a system mention
    same_pairs: int = 0  # pairs of recognised spellings labelled as one entity
    merged_right: int = 0  # ... that the system put in one entity
    merged_wrong: int = 0  # pairs labelled different that the system put in one entity
    people_merged: list[dict[str, Any]] = field(default_factory=list)  # the target: none
    distinct_merged: list[dict[str, Any]] = field(default_factory=list)  # labelled "distinct" pairs
    splits: list[dict[str, Any]] = field(default_factory=list)
    not_recognised: list[str] = field(default_factory=list)


@dataclass
class Dating:
    recall: float | None = None  # found / labelled
    accuracy: float | None = None  # correct / found
    labelled: int = 0
    found: int = 0
    correct: int = 0  # found with the labelled date and precision
    unlabelled_system: int = 0  # system events in labelled articles matching no label
    misses: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class KnowledgeReport:
    articles: int = 0
    not_indexed: list[str] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)
    merging: Merging = field(default_factory=Merging)
    dates: Dating = field(default_factory=Dating)

    def to_json(self, verbose: bool = False) -> dict[str, Any]:
        """The report as JSON; the lists of errors and misses only when ``verbose`` (the
        people merged always: they are a target)."""
        data = asdict(self)
        for part in ("attribution", "merging", "dates"):
            data[part] = {k: v for k, v in data[part].items()
                          if verbose or not isinstance(v, list) or k == "people_merged"}
        data["targets"], data["targets_met"] = TARGETS, {
            "attribution_precision": (self.attribution.precision or 0) >= TARGETS["attribution_precision"],
            "attribution_recall": (self.attribution.recall or 0) >= TARGETS["attribution_recall"],
            "people_merged": not self.merging.people_merged}
        return data


# -- scoring ---------------------------------------------------------------------------------
def score(labels: Sequence[LabelSet], systems: Sequence[SystemFacts]) -> KnowledgeReport:
    """Compare the labels with what the systems hold; each labelled article is scored in
    the first system holding it, and listed in ``not_indexed`` when none does."""
    report = KnowledgeReport()
    tally: dict[str, Counter[str]] = defaultdict(Counter)  # recall by kind and section, agreements
    for ls in labels:
        groups: dict[int, set[Doc]] = defaultdict(set)
        for doc in ls.docs:
            held = next((i for i, s in enumerate(systems) if doc in s.docs), None)
            if held is None:
                report.not_indexed.append(f"{ls.collection}: {_where(doc)}")
            else:
                groups[held].add(doc)
        for i, docs in groups.items():
            report.articles += len(docs)
            _attribution(ls, systems[i], sorted(docs, key=str), report.attribution, tally)
            _merging(ls, systems[i], sorted(docs, key=str), report.merging)
            _dating(ls, systems[i], sorted(docs, key=str), report.dates)
    a, m, d = report.attribution, report.merging, report.dates
    a.precision, a.recall, a.kind_agreement = (_share(a.correct, a.system_quotes), _share(a.found, a.labelled),
                                               _share(tally.pop("kinds", Counter())["same"], a.found))
    a.recall_by = {key: {**c, "recall": _share(c["found"], c["labelled"])} for key, c in sorted(tally.items())}
    m.precision, m.recall = _share(m.merged_right, m.merged_right + m.merged_wrong), _share(m.merged_right,
                                                                                             m.same_pairs)
    d.recall, d.accuracy = _share(d.found, d.labelled), _share(d.correct, d.found)
    return report


def _match(adjacency: Sequence[Sequence[int]]) -> dict[int, int]:
    """A maximum matching, left → right (Kuhn's augmenting paths; the groups are small)."""
    owner: dict[int, int] = {}

    def place(u: int, seen: set[int]) -> bool:
        for v in adjacency[u]:
            if v not in seen:
                seen.add(v)
                if v not in owner or place(owner[v], seen):
                    owner[v] = u
                    return True
        return False

    for u in range(len(adjacency)):
        place(u, set())
    return {u: v for v, u in owner.items()}


def _attribution(ls: LabelSet, system: SystemFacts, docs: list[Doc], out: Attribution,
                 tally: dict[str, Counter[str]]) -> None:
    forms = {e: ls.forms(e) for e in {*ls.types, *(s for lab in ls.quotes for s in lab.speakers)}}

    def speaks(label: Label, entity: int) -> bool:
        # The labelled speaker and nobody else labelled: an entity merging two is no one's.
        claimed = {e for e, f in forms.items() if f & system.entities[entity][2]}
        return bool(claimed & set(label.speakers)) and claimed <= set(label.speakers)

    for doc in docs:
        labels = [lab for lab in ls.quotes if lab.doc == doc]
        quotes = [q for q in system.quotes if q.doc == doc]
        named, attributed = [lab for lab in labels if lab.speakers], [q for q in quotes if q.entity is not None]
        out.unattributed += len(quotes) - len(attributed)
        out.unnamed_labelled += len(labels) - len(named)
        for q in attributed:
            near = [lab for lab in named if abs(lab.line - q.line) <= 1]
            out.system_quotes += 1
            if any(speaks(lab, q.entity) for lab in near):
                out.correct += 1
                continue
            expected = sorted({s for lab in near for s in lab.speakers}) or [
                "(the text names no speaker)" if any(abs(lab.line - q.line) <= 1 for lab in labels)
                else "(no labelled quote here)"]
            out.errors.append({"where": _where(doc, q.line), "expected": expected,
                               "got": system.entities[q.entity][0], "said_as": q.said_as, "kind": q.kind})
        pairs = _match([[j for j, q in enumerate(attributed) if abs(lab.line - q.line) <= 1 and speaks(lab, q.entity)]
                        for lab in named])
        out.labelled, out.found = out.labelled + len(named), out.found + len(pairs)
        for i, lab in enumerate(named):
            for key in (f"kind:{lab.kind}", f"section:{lab.section}"):
                tally[key].update(labelled=1, found=int(i in pairs))
            if i in pairs:
                tally["kinds"]["same"] += attributed[pairs[i]].kind == lab.kind
                continue
            got = {system.entities[q.entity][0] if q.entity is not None else "(no speaker)"
                   for q in quotes if abs(lab.line - q.line) <= 1}
            out.misses.append({"where": _where(doc, lab.line), "expected": list(lab.speakers), "kind": lab.kind,
                               "got": sorted(got) or ["(no quote found)"]})


def _merging(ls: LabelSet, system: SystemFacts, docs: list[Doc], out: Merging) -> None:
    items: list[tuple[str, int]] = []  # (labelled entity, system entity) of each recognised spelling
    for doc in docs:
        spellings = ls.spellings.get(doc, {})
        seen: dict[str, Counter[int]] = {f: Counter() for f in spellings}
        for _, text, entity in (m for m in system.mentions if m[0] == doc and m[2] is not None):
            # A spelling ends a mention ("Defense Minister Rustem Umerov"), or begins an
            # organisation's ("Renault Group"); the longest one that fits is the one meant.
            m = _name(text)
            fits = [f for f, e in spellings.items()
                    if m == f or m.endswith(" " + f) or (ls.types.get(e) == "org" and m.startswith(f + " "))]
            if fits:
                seen[max(fits, key=len)][entity] += 1
        out.spellings += len(seen)
        for form, ids in seen.items():
            if ids:
                items.append((spellings[form], ids.most_common(1)[0][0]))
            else:
                out.not_recognised.append(f"{_where(doc)}: {form!r} ({spellings[form]})")
    out.recognised += len(items)
    for (gold_a, sys_a), (gold_b, sys_b) in combinations(items, 2):
        if gold_a == gold_b:
            out.same_pairs += 1
            out.merged_right += sys_a == sys_b
        elif sys_a == sys_b:
            out.merged_wrong += 1
            pair = tuple(sorted((gold_a, gold_b)))
            entry = {"labelled": list(pair), "system_entity": system.entities[sys_a][0]}
            if {ls.types.get(gold_a), ls.types.get(gold_b)} == {"person"} and entry not in out.people_merged:
                out.people_merged.append(entry)
            if pair in ls.distinct and entry not in out.distinct_merged:
                out.distinct_merged.append(entry)
    by_entity: dict[str, set[int]] = defaultdict(set)
    for gold, sys_id in items:
        by_entity[gold].add(sys_id)
    out.splits += [{"labelled": gold, "system_entities": sorted(system.entities[i][0] for i in ids)}
                   for gold, ids in sorted(by_entity.items()) if len(ids) > 1]


_LEADING = re.compile(r"^(?:(?:on|in|at|by|from|since|until|during|for|of|over|the|back in|as of)\s+)+")


def _overlap(a: str, b: str) -> bool:
    """Whether two date texts hold one another, leading prepositions aside ("on Friday", "Friday")."""
    a, b = (_LEADING.sub("", re.sub(r"'s$", "", fold(t).strip(" .,;:()[]\"'"))) for t in (a, b))
    return bool(a and b and (a in b or b in a))


def _dating(ls: LabelSet, system: SystemFacts, docs: list[Doc], out: Dating) -> None:
    def fits(lab: Label, ev: SysEvent) -> bool:
        return ev.first - 1 <= lab.line <= ev.last + 1 and _overlap(lab.date_text, ev.date_text)

    def right(lab: Label, ev: SysEvent) -> bool:
        return ev.date == lab.date and (lab.date is None or ev.precision == lab.precision)

    for doc in docs:
        labs = [lab for lab in ls.events if lab.doc == doc]
        evs = [ev for ev in system.events if ev.doc == doc]
        # Right readings first, so that a wrong one never takes the event a right one needs.
        pairs = _match([[j for j, ev in enumerate(evs) if fits(lab, ev) and right(lab, ev)] for lab in labs])
        free = set(range(len(evs))) - set(pairs.values())
        pairs = _match([[pairs[i]] if i in pairs else [j for j in free if fits(lab, evs[j])]
                        for i, lab in enumerate(labs)])
        out.labelled, out.found = out.labelled + len(labs), out.found + len(pairs)
        out.unlabelled_system += len(evs) - len(pairs)
        for i, lab in enumerate(labs):
            ev = evs[pairs[i]] if i in pairs else None
            if ev is not None and right(lab, ev):
                out.correct += 1
            else:
                got = "(not found)" if ev is None else f"{ev.date} {ev.precision} ({ev.date_text})"
                out.misses.append({"where": _where(doc, lab.line), "date_text": lab.date_text,
                                   "expected": f"{lab.date} {lab.precision}", "got": got})

