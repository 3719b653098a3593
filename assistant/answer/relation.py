"""The question's own verb: "Who built the Millbrook bridge?" is answered where building is
said, not by the mayor who opened it.

A sentence naming more of the question's words may still not say what the question asks:
"Mayor Ada Okafor opened the new Millbrook river bridge" names Millbrook and the bridge,
"The steel bridge … was built by the regional engineering firm Harlan & Vos" names the
bridge and the building. Requiring the verb everywhere loses answers written in other words
(MultiHop-RAG paraphrases most of its verbs: research/NOTES.md, session 43), so the verb
only decides between sentences that score alike: one holding the verb and a candidate,
within ``NEAR`` of a best one without it, goes first, and the short answer then names
only those of the sentences that say the verb. Where the best sentence says it already,
nothing changes: the others may say it in other words ("hosted" for "met").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from .language import norm, norms, tokens
from .lexicon import FIRM_NAME_WORDS, STOPWORDS, same_deed, words_of
from .parsed import last_word, parsed, verb_above
from .withheld import withholds

NEAR = 0.85  # of the best sentence's score: a sentence holding the verb this close goes first
WIDE = 0.75  # … and one whose candidate the verb takes right after it, this close
_LIGHT = frozenset({"be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did",
                    "say", "says", "said", "get", "got", "make", "made", "take", "took", "go", "went", "come",
                    "came", "become", "became"})


@lru_cache(maxsize=256)
def root_verb(question: str) -> str | None:
    """The normalised root verb of a question ("Who built the bridge?" -> "build", "Which
    carmaker could make drones?" -> "make", "Who said …?" -> "said"), read by the knowledge
    layer's spaCy parse; None for a question without one, or no pipeline."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return None
    doc = nlp(question[:300], disable=["ner"])
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    after_aux = root is not None and root.i and (doc[root.i - 1].tag_ == "MD" or doc[root.i - 1].lower_ in _DO)
    if after_aux and not any(c.dep_.startswith("nsubj") for c in root.children):
        # "Where will biscuit production move?": the word after "will" is no verb with no subject, the last one is
        root = next((c for c in root.children if c.dep_ == "dobj" and c.i == len(doc) - 2), root)
    # "When will the festival return?": the small model tags the last word a noun; after "will" it is the verb.
    # … or an adverb, or an adjective with an object: "How many shops will the chain close?" (not "When did
    # waiting times peak?", which would lose "from 2022 to 2025, peaking at 68 days": its dates hang on "rose")
    last = root is not None and (root.tag_ in ("NN", "RB") or (root.tag_ == "JJ" and any(
        c.dep_ == "dobj" for c in root.children))) and root.i == len(doc) - 2 and any(
        t.tag_ == "MD" or t.lower_ in ("do", "does", "did") for t in doc[:root.i])
    # "Which city did the governor visit on Monday?": tagged a noun, with "did" as its auxiliary.
    done = root is not None and root.tag_ == "NN" and any(
        c.dep_ == "aux" and c.lower_ in ("do", "does", "did") for c in root.children)
    if root is None or not (root.tag_.startswith("VB") or last or done):
        return None
    if root.lower_ in ("have", "has", "had"):  # "What had the union asked for?": parsed with "had" at the root
        root = next((c for c in root.children if c.dep_ == "ccomp" and c.tag_ == "VBN"), root)
    if root.lower_ in _AUX:  # "Which town did the raids target?" is parsed with "did" at the root
        # … and its verb sometimes tagged a noun, its object: "did the enemy attack", "did the raids target"
        verb = next((t for t in doc[root.i + 1:] if t.tag_.startswith("VB") and t.lower_ not in _AUX), None)
        root = verb or next((t for t in root.children if t.tag_ == "NN" and root.lower_ in ("do", "does", "did") and (
            t.dep_ == "dobj" or (t.dep_ == "nsubj" and t.i == len(doc) - 2))), root)  # "did the train derail?"
    return root.lower_


def main_verb(question: str) -> str | None:
    """The normalised main verb of a who/which question ("Who built the bridge?" -> "build");
    None for a light verb ("Who is …?", "Who said …?": the verb says little of what
    happened), a question without one, or no pipeline."""
    root = root_verb(question)  # … but "take over", "take charge" say what happened
    return None if root is None or (root in _LIGHT and not _TAKES_OVER.search(question)) else norm(root) or None


_TAKES_OVER = re.compile(r"\b(?:take|takes|took|taken|taking)\s+(?:over|charge|office|command)\b", re.I)
_DO = ("do", "does", "did")
_AUX = frozenset({"do", "does", "did", "will", "would", "can", "could", "shall", "should", "may", "might", "must"})
TELLING = frozenset({"say", "says", "said", "tell", "tells", "told", "report", "reports", "reported", "claim",
                     "claims", "claimed", "announce", "announces", "announced", "confirm", "confirms", "confirmed",
                     "reveal", "reveals", "revealed", "state", "states", "stated", "write", "writes", "wrote",
                     "add", "adds", "added", "warn", "warns", "warned", "insist", "insists", "insisted"})


def asks_deed(question: str) -> bool:
    """Whether the question asks who did something, not who told of it or who someone is
    ("Who said …?", "Which outlet reported …?", "Who is …?"): only then is a sentence's
    source ("…, France Info reported") no answer."""
    root = root_verb(question)
    return root is not None and root not in TELLING and root not in BE


BE = frozenset({"be", "is", "are", "was", "were", "been", "being"})


def tells(question: str, text: str, end: int) -> bool:
    """Whether the question asks who told something ("Who said no decision had been
    taken?") and the name ending at ``text[end]`` tells it, as the subject right before a
    verb of telling ("Renault confirmed … but added that …"), not who asked ("When
    contacted by France Info, Renault …")."""
    return root_verb(question) in TELLING and _verb_next(text, end, lambda word: word.lower() in TELLING)


_RECEIVED = frozenset(norm(w) for w in words_of("win get receive take earn"))  # "The prize went to Salt"
_WENT_TO = re.compile(r"\b(?:went|goes|go|gone|awarded|given|handed)\s+to\b")


def says_verb(verb: str | None, text: str) -> bool:
    """Whether ``text`` says the question's ``verb`` (in any form: "was built" for "build"),
    as a verb: "operation" shares the stem of "operate" but does not say anyone operates."""
    return bool(verb_at(verb, [w for w, _, _ in tokens(text)])) or (
        verb in _RECEIVED and _WENT_TO.search(text) is not None)


def verb_at(verb: str | None, words: Sequence[str]) -> list[int]:
    """Where among ``words`` the question's ``verb`` is said as a verb (not "operation" for "operate")."""
    return [i for i, w in enumerate(words) if same_deed(norm(w), verb) and not _NOUN_END.search(w)
            and not (i and words[i - 1].lower() in _DETERMINERS)]  # "sealed the win" is no winning


_DETERMINERS = frozenset(words_of("the a an his her its their our my your this that"))
_NOUN_END = re.compile(r"(?:tion|sion|ment|ance|ence)s?$", re.I)
_BETWEEN = frozenset({"has", "have", "had", "will", "would", "also", "then", "already", "first", "formally"})


def takes_right_after(verb: str | None, text: str, start: int) -> bool:
    """Whether the question's ``verb`` is said right before ``text[start]``, only a preposition
    or article between ("diverted to Lisbon"; not Oslo of "a flight from Oslo … was diverted")."""
    words = [w for w, _, _ in tokens(text[max(0, start - 40):start])][-3:]
    at = verb_at(verb, words)
    return bool(at) and all(w.lower() in _TO for w in words[at[-1] + 1:])


def verbs_object(verb: str | None, text: str, start: int) -> bool:
    """Whether the name starting at ``text[start]`` is what the question's ``verb`` takes,
    right after it ("particularly targeting Moscow", "moved to Paris"): of "Kiev ramped up
    strikes …, particularly targeting Moscow", the city the raids targeted is Moscow."""
    if takes_right_after(verb, text, start):
        return True
    # "moving production to a larger site in Vejle": what it moves, then where to, in one clause
    clause = re.split(r"[,;:()\"“”]", text[max(0, start - 70):start])[-1]
    words = [w for w, _, _ in tokens(clause)]
    at = verb_at(verb, words)
    return (bool(at) and "to" in (between := [w.lower() for w in words[at[-1] + 1:]]) and between[-1] in _TO and (
        len(between) <= 7)) or hangs_on(verb, text, start)


def near_asked(question: str, text: str, start: int) -> bool:
    """Whether a word of the question is said just before ``text[start]``, in its clause, in any
    form: of "buy 20 jets, with deliveries from 2029, and would not pay a dividend this year",
    the date "When will the jets be delivered?" asks is 2029, not this year."""
    clause = re.split(r"[,;:()\"“”]", text[max(0, start - 60):start])[-1]
    before = [w.lower() for w, _, _ in tokens(clause)][-4:]
    asked = {w.lower() for w, _, _ in tokens(question)} - STOPWORDS
    verb = main_verb(question)  # the deed's date before a thing's: "cut it in June", not "rate … on Tuesday"
    asked = {w for w in asked if norm(w) == verb} or asked
    return any(_kin(a, b) for a in asked for b in before if len(a) >= 3 and len(b) >= 3)


def _kin(a: str, b: str) -> bool:
    """One word in two forms: "delivered", "deliveries"; "open", "opening"."""
    if norm(a) == norm(b):
        return True  # "cut", "cuts"
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= max(5, min(len(a), len(b)) - 2)


def subject_asked(question: str, text: str) -> bool:
    """Whether ``text`` makes the subject of the question's verb what the question names after
    that verb: "The Labour Party leads with 31%, ahead of the Conservatives" says nothing of
    who leads the Labour Party, and "the Conservatives" does not either."""
    verb = main_verb(question)
    words = [w for w, _, _ in tokens(question)]
    at = verb_at(verb, words)
    doc = parsed(text) if at else None
    after = {norm(w) for w in words[at[0] + 1:] if w[:1].isupper()} if at else set()
    for tok in doc if doc is not None and after else ():
        if tok.tag_.startswith("VB") and norm(tok.lower_) == verb:
            for subj in (c for c in tok.children if c.dep_ == "nsubj"):
                names = {norm(t.text) for t in subj.subtree if t.text[:1].isupper() and t.lower_ != "the"}
                if names and names <= after:
                    return True
    return False


def hangs_on(verb: str | None, text: str, start: int) -> bool:
    """Whether the word at ``text[start]`` belongs to the question's ``verb`` in the spaCy parse,
    no other verb between: Lyon of "grew up in Tripoli and trained as a pastry chef in Lyon"
    for "Where did she train?". False without a pipeline."""
    doc = parsed(text) if verb else None
    tok = next((t for t in doc if t.idx >= start), None) if doc is not None else None
    deed = verb_above(tok) if tok is not None else None
    return deed is not None and bool(verb_at(verb, [deed.lower_]))


def hangs_elsewhere(verb: str | None, text: str, start: int) -> bool:
    """Whether ``text`` says the question's ``verb`` while the word at ``text[start]`` (a
    date) belongs to another verb in the parse: of "Born in Pecs in 1937, Varga moved to Kelby
    in 1961 and opened her own practice ten years later", neither year is when she opened it."""
    if not says_verb(verb, text) or (doc := parsed(text)) is None:
        return False
    deed = next((t for t in doc if t.idx >= start), None)
    while deed is not None and deed.head.i != deed.i:
        deed = deed.head  # up to the asked verb, whatever its tag ("is due to end on 2 September": a noun's)
        if verb_at(verb, [deed.lower_]):
            return False
        if deed.tag_.startswith("VB"):
            break
    if deed is None or not deed.tag_.startswith("VB") or deed.lower_ in ("do", "does", "did", "done", "doing"):
        return False  # "as has been done in Sarnia since 2023": the verb said again
    # "wants to move emergency care … by 2028": the date may hang on the verb that takes the asked one
    asked = [t for t in doc if verb_at(verb, [t.lower_])]
    return not any((t.dep_ == "xcomp" and t.head.i == deed.i) or (deed.dep_ == "xcomp" and deed.head.i == t.i)
                   for t in asked)


_TO = frozenset({"to", "into", "in", "at", "on", "the", "against", "towards", "toward", "from", "near"})


def does(verb: str | None, text: str, end: int, start: int | None = None) -> bool:
    """Whether the name ending at ``text[end]`` does the question's ``verb``, as its subject
    right before it ("the United Kingdom released its review", "Renault has also confirmed"):
    who did it, whatever kind of name it is."""
    if start is not None and _AFTER_OF.search(text, 0, start):
        return False  # the party of "Mira Castell of the Green Party won" did not win: she did
    if m := _OF_NAME.match(text, end):
        end = m.end()  # "Mira Castell of the Green Party won"
    if (m := _SAID_IT.match(text, end)) and (m.group(1).lower() != "it" or body_named(text, end)):
        end = m.end()  # "the Landlords' Association said it would challenge the law": it would
    return _verb_next(text, end, lambda word: bool(verb_at(verb, [word]))) or (
        start is not None and parsed_doer(verb, text, start, end))


def parsed_doer(verb: str | None, text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is who does the question's ``verb``, as the
    spaCy parse reads it, where words stand between: its subject ("Prime Minister Tomas Lind
    on Tuesday appointed …"), or a passive's agent ("The case was brought by the Serious Fraud
    Office", "It will be led by Ferro Rail's chief executive, Paolo Ricci": him, not the firm
    that owns the title). False without a pipeline."""
    tok = last_word(text, start, end, possessive=False) if verb else None
    while tok is not None and tok.dep_ in ("compound", "appos", "conj", "flat") and tok.head.i != tok.i:
        tok = tok.head
    if tok is not None and tok.dep_ == "nsubj" and tok.head.tag_.startswith("VB"):
        return bool(verb_at(verb, [tok.head.lower_]))  # "Prime Minister Tomas Lind on Tuesday appointed …"
    return tok is not None and tok.dep_ == "pobj" and tok.head.dep_ == "agent" and bool(
        verb_at(verb, [tok.head.head.lower_]))


# A speaker saying what it, itself, will do: the pronoun is the speaker.
_SAID_IT = re.compile(r"['’]?\s+(?:has\s+|had\s+)?(?:said|says|announced|confirmed|insisted|vowed|promised|warned)"
                      r"\s+(?:that\s+)?(it|they|he|she)\b")
# Last words of a body's name: its "it" is itself ("the Association said it would …"), a person's is something else.
_BODY_ENDS = FIRM_NAME_WORDS | frozenset(words_of("""association federation union council party ministry government
committee board authority agency club team firm society league trust fund foundation court office department
commission police army"""))


def body_named(text: str, end: int) -> bool:
    """Whether the name ending at ``text[end]`` is a body's by its last word ("Landlords'
    Association"): who "it" may stand for right after it, as a person's "it" does not."""
    words = re.findall(r"[A-Za-z]+", text[max(0, end - 40):end])
    return bool(words) and words[-1].lower() in _BODY_ENDS


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s*)+(?=\s)")
_AFTER_OF = re.compile(r"[A-Z][\w'’-]*\s+of\s+(?:the\s+)?$")


def _verb_next(text: str, end: int, is_it: Callable[[str], bool]) -> bool:
    """Whether a word ``is_it`` takes follows ``text[end]`` within three words, only
    auxiliaries and adverbs of ``_BETWEEN`` before it ("has also confirmed")."""
    for word, _, _ in tokens(text[end:end + 60])[:3]:
        if is_it(word):
            return True
        if word.lower() not in _BETWEEN:
            return False
    return False


def verb_first(question: str, pool: Sequence[Any], farther: Callable[[Any], bool] = bool) -> str | None:
    """Give the question's verb the say between sentences that score alike: where the best of
    ``pool`` (the extractive answerer's sentences holding a candidate, best first) lacks the
    verb and one within ``NEAR`` of it holds the verb, that one is scored just above the best
    (so every later step ranks it first). The verb, where that sentence went first; None
    where the order stays (the best already says it, or none near it does). One within ``WIDE``
    goes first where ``farther`` holds for it (``candidates.farther_first``: the verb takes its
    candidate, said of the question's subject; or its name does the verb asked who did)."""
    verb = main_verb(question)
    if verb is None or not pool or says_verb(verb, pool[0].text):
        return None
    best = pool[0].score
    for sent in pool[1:]:
        if sent.score < WIDE * best:
            break
        # farther down only where the verb takes its answer: "Born in Pecs in 1937, …" for "Where was she born?"
        if says_verb(verb, sent.text) and (sent.score >= NEAR * best or farther(sent)) and not (
                other_object(question, verb, sent.text, pool[0].text)):
            sent.score = best + 1e-6
            return verb
    return None


def other_object(question: str, verb: str, text: str, best: str) -> bool:
    """Whether ``text`` says the question's ``verb`` of another object than the question's, which
    the ``best`` sentence says: "Eirik Hestad scored the winning kick" is no scorer of the goals
    "Who scored Lillestrøm's goals?" asks of ("two goals by Markus Karlsbakk")."""
    asked, said = parsed(question), parsed(text)
    if asked is None or said is None:
        return False
    wanted = {norm(c.text) for t in asked if t.dep_ == "ROOT" for c in t.children
              if c.dep_ == "dobj" and c.tag_.startswith("NN") and not c.tag_.startswith("NNP")}
    if not wanted or not wanted & set(norms(best)):
        return False
    return any(c.dep_ == "dobj" and c.tag_.startswith("NN") and norm(c.text) not in wanted
               for t in said if verb_at(verb, [t.text]) for c in t.children)


def unnamed_doer(question: str, best: Any, named: Any) -> bool:
    """Whether the best sentence of all (``best``) says the question's verb and names no one
    who could answer, while the best that names someone (``named``) does not say it: "The
    production lines would be operated by Ukrainian workers" answers "Who will operate the
    lines?" in words no name holds, and "Renault" of a sentence about Renault's plans would
    be a wrong answer that looks sourced; nor a name of a weaker quote where the best says the
    name is withheld ("The woman, who does not want to be named, bought the ticket")."""
    verb = main_verb(question)
    return best is not named and (withholds(best.text) or (
        says_verb(verb, best.text) and not says_verb(verb, named.text)))


@lru_cache(maxsize=256)
def asks_undergoer(question: str, noun: bool = False) -> bool:
    """Whether "who" (with ``noun``, also the noun of "what …", "which …") is the passive
    subject ("Who else could be involved?", "Who was arrested?", "What warning has been
    issued?"): what the verb was done to, not who did it ("the project would involve …", "the
    institute has issued")."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return False
    return any(t.dep_ == "nsubjpass" and (t.lower_ in ("who", "whom") or (noun and any(
        c.lower_ in ("what", "which") for c in t.children))) for t in nlp(question[:300], disable=["ner"]))


# Where a yes/no question asks the deed was done, at its end: "Did Brandt die in Harwick?"
_WHERE_ASKED = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+)*([A-Z][\w'’-]*)\s*\?*\s*$")


def placed_elsewhere(question: str, text: str, verb: str | None) -> bool:
    """Whether ``text`` says the question's ``verb`` and the place the question asks it was
    done in, but not as where it was done: "the architect whose market hall turned a derelict
    Harwick dockside into a square has died" names Harwick as the dockside's, and does not say
    "Did Brandt die in Harwick?". The place must hang on the verb in the spaCy parse ("died
    at her home in Lindau"), not on another verb first. False without a pipeline."""
    m = _WHERE_ASKED.search(question) if verb else None
    doc = parsed(text) if m else None
    if doc is None:
        return False
    deeds = [t for t in doc if t.tag_.startswith("VB") and norm(t.lower_) == verb]
    places = [t for t in doc if t.text == m.group(1)]
    return bool(deeds) and bool(places) and not any(verb_above(place) in deeds for place in places)


# Verbs after which "to do" says it was done: "managed to win", "went on to win".
_DONE_TO = frozenset({"managed", "manages", "on", "continued", "continues", "began", "begins", "started", "starts",
                      "used", "helped", "helps",
                      # … or said not to be done: "declined to comment" answers "Did it comment?" No
                      "declined", "declines", "refused", "refuses", "failed", "fails"})


def only_intended(question: str, text: str, verb: str | None) -> bool:
    """Whether ``text`` gives the question's ``verb`` only as what someone meant, offered or
    was asked to do ("turned down two offers to open in London"), or as what may or would be
    ("would probably cut"), where the question does not ask of that intent: no answer to
    "Did Haddad open a restaurant in London?". "Did Ferro agree to buy Nordbahn?" asks of
    the agreeing, and "agreed to buy" may answer it."""
    if verb is None:
        return False
    words = [w.lower() for w, _, _ in tokens(text)]
    at = [i for i, w in enumerate(words) if norm(w) == verb]
    asked = {norm(w.lower()) for w, _, _ in tokens(question)}
    # "said it would probably cut rates in June" is no cut, for "Did the bank cut rates?"
    maybe = not any(w.lower() in _MODAL for w, _, _ in tokens(question))
    return bool(at) and all((i >= 2 and words[i - 1] == "to" and words[i - 2] not in _DONE_TO
                             and norm(words[i - 2]) not in asked) or (maybe and _MODAL & set(words[max(0, i - 3):i]))
                            for i in at)


_MODAL = frozenset(words_of("would could might may will should can shall"))
