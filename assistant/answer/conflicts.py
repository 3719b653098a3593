"""When the reports disagree: different dates given for the same event, or different
numbers of the same thing.

Two outlets that give different days for one announcement are a story, or a correction
to make; an answer that quotes one of them and stays silent about the other hides it. For
a "when" question, every sentence among the passages read that dates *the event the
question asks about* gives a vote: its date as the knowledge layer resolved it against
the article's publication date ("on Friday" in a story of Saturday 7 June 2025 is 6 June),
or the weekday alone when the article has no date. A bare weekday agrees with the date
that falls on it. Copies of one story vote once.

A sentence dates the asked-about event only when (read with the knowledge layer's spaCy
pipeline) the verb the date hangs on is the question's verb, or both are verbs of making
something known ("announced" / "revealed" / "confirmed"); the verb's subject names
someone the question names, when it names anyone; and the sentence is about what the
question is about (embedding similarity with the question of ``TOPIC`` or more). So a
photo caption dated 6 June that mentions the minister is not a vote on his announcement,
nor "In June, France Info revealed …" one on when he revealed it.

A "how many" or "how much" question is read the same way: each sentence that gives a
number of the thing asked about, on the question's verb, votes with its amount read as a
number ("80", "eighty" and "80.0" are one value; "3.5 million" is 3,500,000); an amount
hedged ("about", "nearly", "more than", "up to") agrees with any within ``HEDGED``.

The answer leads with the value most independent stories give (the one it already
quoted, on a tie), and quotes the others after the dissent line, each cited;
``conflicts`` lists every value with the passages that give it. No conflict is made of
wording: two sentences disagree only when their dates, or their amounts, do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.tags import is_verb
from ..types import Answer, Conflict, ConflictValue, Hit
from .compared import another_year
from .facts import spoken_date
from .language import Question, norm, same_term
from .language import norms as norms_of
from .lexicon import words_of
from .mentions import answer_entities, dates
from .predicate import predicate

TOPIC = 0.4  # cosine of question and sentence (all-MiniLM-L6-v2): what the sentence is about
DISSENT = {"date": "Not every report gives that date: ", "number": "Not every report gives that number: "}
HEDGED = 0.1  # relative difference a hedged amount ("about 200") still agrees with
_HEDGE = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|more than|over|up to|at least|"
                    r"fewer than|less than|under|close to|an estimated)\s*$", re.I)
_SMALL = {w: i for i, w in enumerate(words_of("zero one two three four five six seven eight nine ten eleven twelve "
                                              "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"))}
_TENS = {w: 10 * i for i, w in enumerate(words_of("_ _ twenty thirty forty fifty sixty seventy eighty ninety"))
         if i > 1}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "dozen": 12}
_DISCLOSE = frozenset(norm(w) for w in ("announce", "reveal", "confirm", "unveil", "disclose", "say", "tell",
                                        "state", "declare", "report"))
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "agent"})


@dataclass
class _Vote:
    sentence: Any  # the extractive answerer's Sentence
    date: str | None  # ISO day, when resolved
    weekday: int | None  # 0 = Monday
    span: tuple[int, int]  # the date's or amount's words in hit.text
    spoken: str
    amount: float | None = None  # a number's value
    hedged: bool = False  # "about 200"


@dataclass
class _Value:
    votes: list[_Vote]

    @property
    def date(self) -> str | None:
        return next((v.date for v in self.votes if v.date), None)

    @property
    def weekday(self) -> int | None:
        return next((v.weekday for v in self.votes if v.weekday is not None), None)

    def stories(self) -> set[str]:
        return {v.sentence.hit.story for v in self.votes}

    def spoken(self) -> str:
        return next((v.spoken for v in self.votes if v.date), self.votes[0].spoken)

    def takes(self, vote: _Vote) -> bool:
        if vote.amount is not None:
            return any(_same_amount(vote, v) for v in self.votes)
        if vote.date and self.date:
            return vote.date == self.date
        return vote.weekday is not None and vote.weekday == self.weekday


def votes(question: str, q: Question, sentences: Sequence[Any], facts: Any, embed: Any | None) -> list[_Value]:
    """The dates (a when-question) or amounts (how many, how much) the passages give for
    what ``question`` asks about, grouped by value, most independent stories first; empty
    when the spaCy pipeline is missing, or for dates, the knowledge layer."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return []
    verb = predicate(question)
    has_facts = facts is not None and facts.available
    if verb is None or (q.kind == "date" and not has_facts):
        return []
    names = _names(question, facts) if has_facts else []

    def found_in(text: str) -> list[Any]:
        return [f for f in dates(text) if f.kind == "date"] if q.kind == "date" else answer_entities(q, text)

    candidates = [s for s in sentences if found_in(s.text)]
    out: list[_Vote] = []
    for sent, sim in zip(candidates, _similar(question, [s.text for s in candidates], embed), strict=True):
        # An amount's subject is often the amount itself ("80 companies visited"): for
        # numbers the names need only be in the sentence, for dates they are the verb's subject.
        if sim < TOPIC or (q.kind != "date" and names and not any(set(norms_of(sent.text)) & n for n in names)):
            continue
        doc = nlp(sent.text)
        for found in found_in(sent.text):
            dated = getattr(sent.hit, "date", None)
            if not _dates_the_event(doc, found.start, found.end, verb, names if q.kind == "date" else []) or (
                    q.kind != "date" and another_year(question, sent.text, dated, found.start)):
                continue  # "The last deadly quake, in 1998, killed 11" gives no count of this one
            vote = _vote(sent, found.start, found.end, facts) if q.kind == "date" else _amount_vote(sent, found)
            if vote is not None:
                out.append(vote)
                break
    return _grouped(out)


def _grouped(votes: list[_Vote]) -> list[_Value]:
    values: list[_Value] = []
    for vote in sorted(votes, key=lambda v: v.date is None):  # dates first: a weekday joins its date
        home = next((v for v in values if v.takes(vote)), None)
        if home is None:
            values.append(_Value([vote]))
        else:
            home.votes.append(vote)
    return sorted(values, key=lambda v: -len(v.stories()))



def _amount_vote(sent: Any, found: Any) -> _Vote | None:
    written = sent.text[found.start:found.end]
    amount = _amount(written)
    if amount is None:
        return None
    hedged = bool(_HEDGE.search(sent.text[max(0, found.start - 16):found.start]))
    return _Vote(sent, None, None, (sent.start + found.start, sent.start + found.end), written, amount, hedged)


def with_conflict(answer: Answer, values: list[_Value], sources: Any, compose: Any) -> Answer:
    """``answer`` led by the value most stories give, the others quoted and cited after it,
    and ``conflicts`` set; ``answer`` itself when the passages agree. ``compose(short,
    items)`` writes an answer from (sentence, must-hold span) items."""
    if len(values) < 2:
        return answer
    cited = {(c.source, c.record) for c in answer.citations}
    top = len(values[0].stories())
    # On a tie, the value the answer quoted first keeps the lead.
    leading = next((v for v in values if len(v.stories()) == top
                    and any((x.sentence.hit.source, x.sentence.hit.record) in cited for x in v.votes)), values[0])
    # A report that gives two numbers ("cars will pay 45 kroner", "Lorries will pay 120 kroner")
    # says two things, not two accounts of one: only another story's value dissents.
    others = [v for v in values if v is not leading and v.stories() - leading.stories()]
    if not others:
        return answer
    base = compose(leading.spoken(), [(x.sentence, x.span) for x in _one_per_story(leading.votes)])
    parts, citations = [], list(base.citations)
    for value in others:
        for vote in _one_per_story(value.votes):
            sent, hit = vote.sentence, vote.sentence.hit
            cit = sources.cite(sent.n, hit, sent.start, sent.end)
            citations.append(cit)
            # The dissenting report is named: its outlet, or its file when the page gives none.
            when = ", ".join(x for x in (hit.outlet or hit.source, (hit.date or "")[:10]) if x)
            parts.append(f"“{cit.quote}” [{sent.n}] ({when})")
    kind = "number" if leading.votes[0].amount is not None else "date"
    conflict = Conflict(about=f"{kind}: {answer.question.strip()}", values=tuple(
        ConflictValue(v.spoken(), tuple(sorted({x.sentence.n for x in v.votes}))) for v in [leading, *others]))
    text = base.text + " " + DISSENT[kind] + " ".join(parts)
    return replace(base, text=text, citations=tuple(citations), conflicts=(conflict,))


def _one_per_story(votes: list[_Vote]) -> list[_Vote]:
    seen: set[str] = set()
    out = []
    for v in votes:
        if v.sentence.hit.story not in seen:
            seen.add(v.sentence.hit.story)
            out.append(v)
    return out


def _names(question: str, facts: Any) -> list[set[str]]:
    """For each person or organisation the question names, every word of every name it has."""
    out = []
    for named in facts.named(question):
        entity = named.entities[0]
        if entity.type in {"person", "org"}:
            out.append({norm(w) for n in (entity.name, *entity.aliases) for w in n.split()} | {norm(named.words)})
    return out


def _similar(question: str, texts: list[str], embed: Any | None) -> list[float]:
    if embed is None:
        return [1.0] * len(texts)  # no model: the verb and subject decide alone
    q = np.asarray(embed.embed_query(question), dtype=np.float32)
    m = np.asarray(embed.embed_for_query(texts), dtype=np.float32)
    q /= np.linalg.norm(q) or 1.0
    m /= np.linalg.norm(m, axis=1, keepdims=True).clip(1e-9)
    return (m @ q).tolist()


def _dates_the_event(doc: Any, start: int, end: int, verb: str, names: list[set[str]]) -> bool:
    """Whether the date at ``start:end`` of the parsed sentence hangs on the question's verb
    (or a verb of making known, when the question's is one) whose subject is named in it."""
    tokens = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not tokens:
        return False
    head = tokens[0]
    for _ in range(8):
        if is_verb(head) or head.head is head:
            break
        head = head.head
    if not is_verb(head):
        return False
    word = norm(head.text)
    if not (same_term(word, verb) or (word in _DISCLOSE and verb in _DISCLOSE)):
        return False
    if not names:
        return True
    subject = {norm(t.text) for c in head.children if c.dep_ in _SUBJECTS for t in c.subtree}
    return any(subject & n for n in names)


def _vote(sent: Any, start: int, end: int, facts: Any) -> _Vote | None:
    hit: Hit = sent.hit
    written = " ".join(sent.text[start:end].lower().split())
    a, b = sent.start + start, sent.start + end
    for event in facts.events(hit, sent.start, sent.end):
        said = " ".join(event.date_text.lower().split())
        if event.date and event.precision == "day" and (said in written or written in said):
            day = dt.date.fromisoformat(event.date)
            return _Vote(sent, event.date, day.weekday(), (a, b), spoken_date(event))
    weekday = next((i for i, d in enumerate(_WEEKDAYS) if d in written.split()), None)
    if weekday is None:
        return None  # a month or a year is not a day to disagree about
    return _Vote(sent, None, weekday, (a, b), _WEEKDAYS[weekday].capitalize())


def _same_amount(a: _Vote, b: _Vote) -> bool:
    if a.amount is None or b.amount is None:
        return False
    if a.amount == b.amount:
        return True
    tolerance = HEDGED if a.hedged or b.hedged else 0.0
    return abs(a.amount - b.amount) <= tolerance * max(abs(a.amount), abs(b.amount))


def _amount(text: str) -> float | None:
    """The value of a written amount: "1,200", "3.5 million", "eighty", "forty-two",
    "two hundred", "$4 billion"; None when it is not one."""
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower().replace("-", " "))
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w[0].isdigit():
            try:
                current += float(w.replace(",", ""))
            except ValueError:
                return None
            seen = True
        elif w in _SMALL or w in _TENS:
            current += _SMALL.get(w, 0) + _TENS.get(w, 0)
            seen = True
        elif w.rstrip("s") in _SCALE:
            if w.endswith("s") and not current:
                return None  # "hundreds of", "thousands": no amount to compare
            scale = _SCALE[w.rstrip("s")]
            current = (current or 1.0) * scale
            if scale >= 1_000:
                total, current = total + current, 0.0
            seen = True
        elif w in {"and", "a"}:
            continue
        else:
            break  # the unit: "80 companies"
    return total + current if seen else None
