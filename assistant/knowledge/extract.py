"""What one file's articles say about who, who said what, and when: read with spaCy at
index time, as character spans of the article text (so every fact maps to lines).

Each block (story or sidebar) is one spaCy document; ``nlp.pipe`` reads them in batches.
Named entities become mentions; quotes come from ``quotes.find_quotes`` with the
people and organisations of the block as candidate speakers; every DATE entity that is a
point in time dates its sentence (``dates.resolve_date``, against the publication date).
Does not merge mentions into entities (``names``) or store anything (``store``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ingest.documents import Article
from .dates import is_event_date, resolve_date
from .names import LABELS, TITLES, clean
from .namewords import doc_text
from .quotes import Speaker, find_quotes
from .speakers import ROLE_NOUNS
from .tense import tense_of, with_tense

# Blocks per nlp.pipe batch: small batches keep the activations in cache (50 MultiHop-RAG
# articles on one core: 14.7-15.4 s in batches of 8, 16.0-17.0 s in batches of 32).
BATCH = 8
MAX_BLOCK_CHARS = 100_000  # a story longer than this is a dump, not an article: not read for facts
# No cap per file: a collection of 600 records is 600 articles, each read (a cap of 2M
# characters once left three quarters of MultiHop-RAG without facts). spaCy's time grows
# with the text, as the embedding's does; the cap per story and the blanking below bound
# what one hostile record can cost.
# spaCy's tokenizer tries its prefix, suffix and infix rules along a run without spaces,
# which grows with the square of the run: 200,000 characters without a space took minutes.
# Such runs (URLs, base64, hostile files) are blanked to spaces of the same length before
# reading, so every offset still points into the article text.
LONG_RUN = re.compile(r"\S{64,}")
DESCRIPTOR_WINDOW = 6  # tokens before a name read for what the person is ("the French minister")
# Names the small model also gives people ("Jada" a place, "Howie Mandel" a title): a speaker as a verb's subject.
MAYBE_SPEAKERS = frozenset({"GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})


@dataclass(frozen=True)
class FoundMention:
    start: int  # offsets in the article text
    end: int
    text: str
    kind: str  # person, org, place, other (the model's label)
    section: str


@dataclass(frozen=True)
class FoundQuote:
    start: int
    end: int
    kind: str  # direct or indirect
    verb: str | None
    said_as: str | None
    speaker: int | None  # index into the article's mentions
    section: str


@dataclass(frozen=True)
class FoundEvent:
    start: int  # the sentence
    end: int
    date_text: str
    date: str | None
    precision: str | None
    section: str


@dataclass
class ArticleFacts:
    article: Article
    mentions: list[FoundMention] = field(default_factory=list)
    quotes: list[FoundQuote] = field(default_factory=list)
    events: list[FoundEvent] = field(default_factory=list)


def extract(articles: Sequence[Article], nlp: Any) -> list[ArticleFacts]:
    """The facts of each article, in order."""
    facts = [ArticleFacts(a) for a in articles]
    jobs = [(i, block) for i, a in enumerate(articles) for block in a.blocks
            if block.end - block.start <= MAX_BLOCK_CHARS and a.text[block.start:block.end].strip()]
    texts = (LONG_RUN.sub(lambda m: " " * len(m.group()), articles[i].text[b.start:b.end]) for i, b in jobs)
    for (i, block), doc in zip(jobs, nlp.pipe(texts, batch_size=BATCH), strict=True):
        _read_block(facts[i], doc, block.start, block.section)
    return facts


def _published(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.date) if article.date else None
    except ValueError:
        return None


def _read_block(facts: ArticleFacts, doc: Any, offset: int, section: str) -> None:
    speakers: list[Speaker] = []
    first = len(facts.mentions)
    for ent in map(_widened, doc.ents):
        kind = LABELS.get(ent.label_)
        if kind is not None and clean(ent.text, kind):
            if kind in ("person", "org") or ent.label_ in MAYBE_SPEAKERS:
                speakers.append(Speaker(ent.start_char, ent.end_char, ent.text, kind,
                                        str(len(facts.mentions)), _descriptors(ent)))
            facts.mentions.append(FoundMention(ent.start_char + offset, ent.end_char + offset, ent.text, kind,
                                               section))
        elif ent.label_ == "DATE" and is_event_date(ent.text):
            published = _published(facts.article)
            resolved = with_tense(resolve_date(ent.text, published), ent.text, published, tense_of(ent))
            start, end = _trim(doc_text(doc), ent.sent.start_char, ent.sent.end_char)
            facts.events.append(FoundEvent(start + offset, end + offset, ent.text, resolved.date,
                                           resolved.precision, section))
    added: dict[str, int] = {}
    for q in find_quotes(doc, speakers):
        key = q.speaker_key
        if key is not None and key.startswith("+"):  # a person the model missed, named as a verb's subject
            if key not in added:
                start, end = map(int, key[1:].split(":"))
                added[key] = len(facts.mentions)
                facts.mentions.append(FoundMention(start + offset, end + offset, doc_text(doc)[start:end], "person",
                                                   section))
            key = str(added[key])
        speaker = int(key) if key is not None else None
        if speaker is not None and not first <= speaker < len(facts.mentions):
            speaker = None
        facts.quotes.append(FoundQuote(q.start + offset, q.end + offset, q.kind, q.verb, q.said_as, speaker,
                                       section))


def _widened(ent: Any) -> Any:
    """A name with the first word the model left out of it ("Billie" of "Billie Jean King", "Open" of an
    organisation's acronym "Open AI"): a capitalised word of the same name just before it in its sentence."""
    start = ent.start - 1  # one word, opening its sentence or after one in lower case: not "Majority Leader"
    t = ent.doc[max(start, 0)]
    acronym = ent.label_ == "ORG" and len(ent) == 1 and ent.text.isupper() and len(ent.text) > 1
    named = ent.label_ == "PERSON" or acronym
    if not (named and start >= ent.sent.start and t.tag_ == "NNP" and t.is_title and t.is_alpha
            and t.dep_ == "compound" and ent.start <= t.head.i < ent.end and not t.ent_type_
            and t.lower_ not in TITLES | ROLE_NOUNS and (start == ent.sent.start or not ent.doc[start - 1].is_title)):
        return ent
    from spacy.tokens import Span
    return Span(ent.doc, start, ent.end, label=ent.label_)


_STRAY = re.compile(r"""\s*(?:["“”'‘’]\s+)?""")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence span without surrounding whitespace, nor the closing mark of the quote
    before it that the parser left at its start ("”\n\nThe meeting took place …")."""
    start += _STRAY.match(text, start, end).end() - start  # type: ignore[union-attr]
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _descriptors(ent: Any) -> frozenset[str]:
    """Words just before a name, in its sentence, that say what the person is: titles and
    nationalities ("French Minister of the Armed Forces Sebastian Lecornu")."""
    sent_start = ent.sent.start
    words = set()
    for token in ent.doc[max(sent_start, ent.start - DESCRIPTOR_WINDOW):ent.start]:
        word = token.lower_
        if word in TITLES or token.ent_type_ == "NORP":
            words.add(word)
    for token in ent:
        if token.lower_ in TITLES:
            words.add(token.lower_)
    return frozenset(words)
