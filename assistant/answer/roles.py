"""Who runs a thing, said by the title of whoever runs it.

"Who runs Northgate hospital?" is answered by "Hospital director Marek Nowak said …",
which holds no form of "run": news copy says who runs a thing by a title beside the
thing's name ("hospital director", "director of the hospital", "OpenAI's chief
executive"). So where a question asks who runs (heads, leads, manages …) something, the
verb is held by a leader's title within ``NEAR`` words of a word of that something.
Only then: "Who is the person who directed the misappropriation of funds at Alameda?" is
not answered by "Alameda's CEO", nor "Who led the inquiry?" by "Smith, head of the agency,
said the inquiry …". A question that names a title itself asks something else ("Who ran
for president?": a campaign, not an office held).

A short list of English words, not a thesaurus: the one checked lists opposites as
synonyms (increase/decrease), and a wrong "who" looks as sourced as a right one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

LEADING = "run head lead direct manage chair helm oversee supervise"
LEADERS = ("director head chief leader manager chair chairman chairwoman chairperson president ceo boss "
           "superintendent")
NEAR = 3  # words between a title and what it is the title of: "director of the hospital"
OBJECT_WORDS = 6  # words of what is run, after the verb: "runs the new children's wing at Northgate"
_FORMS = (r"runs?|ran|running|heads?|headed|heading|leads?|led|leading|directs?|directed|directing|"
          r"manages?|managed|managing|chairs?|chaired|chairing|helms?|helmed|oversees?|oversaw|overseen|"
          r"overseeing|supervises?|supervised|supervising")
# "Who runs …?", "Who now heads …?", "Who will lead …?", "Who is running …?": the one asked for is the leader.
_ASKED = re.compile(rf"^\W*who\s+(?:(?:now|currently|still|will|would|is|was|has|had|have|been|to|"
                    rf"can|could|should)\s+){{0,3}}(?P<verb>{_FORMS})\s+(?P<object>[^?,;:.!]*)", re.I)


@dataclass(frozen=True)
class Led:
    """What a question asks the leader of: its verb and the words of what is led (normalised)."""

    verb: str
    about: frozenset[str]


Vocabulary = tuple[frozenset[str], frozenset[str]]  # verbs of leading, titles: normalised


def vocabulary(norm: Callable[[str], str]) -> Vocabulary:
    """The words, normalised as the caller compares words (``language.norm``, which reads
    questions with this module)."""
    return frozenset(map(norm, LEADING.split())), frozenset(map(norm, LEADERS.split()))


def asked(question: str, norm: Callable[[str], str], stopwords: frozenset[str],
          words: Vocabulary) -> Led | None:
    """Whether ``question`` asks who leads something, and what; None where it names a
    title itself or says nothing of what is led."""
    m = _ASKED.match(question[:1000])
    if m is None:
        return None
    leading, leaders = words
    named = [w for w in re.findall(r"[\w'’-]+", question[:1000]) if w.lower() not in stopwords]
    if any(norm(w) in leaders and norm(w) not in leading for w in named):
        return None
    about = [w for w in re.findall(r"[\w'’-]+", m.group("object"))[:OBJECT_WORDS] if w.lower() not in stopwords]
    return Led(norm(m.group("verb")), frozenset(map(norm, about))) if about else None


def held_by_title(led: Led | None, words: Sequence[str], vocabulary: Vocabulary) -> frozenset[str]:
    """``led``'s verb, where a leader's title in ``words`` (a text's normalised words, in
    order) stands next to a word of what is led; else nothing."""
    if led is None:
        return frozenset()
    leaders = vocabulary[1]
    for i, word in enumerate(words):
        if word in leaders and led.about.intersection(words[max(0, i - NEAR):i + NEAR + 1]):
            return frozenset([led.verb])
    return frozenset()
