"""What kind of thing a which/what question asks for, and whether a name says it is one.

"Which authority granted the permission?" asks for an authority: of the names a quote
gives ("the Rheinmetall Group", "the Federal Antimonopoly authority", "Ukroboronprom
State Concern"), the one that says it is an authority is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.names import fold
from ..retrieval.query import outlet_aliases
from .appointed import appointed_as, leading_words, said_to_be
from .countries import country_of
from .language import COUNTRIES, DEMONYMS, POSSESSIVE, Question, matching, norm, norms, same_term, tokens
from .lexicon import PERSON_NOUNS, STOPWORDS, same_deed, words_of
from .parsed import last_word, parsed

_WHICH = frozenset({"which", "what"})
# "Who is the …?", "What was Ukraine's …?": the role after the article or possessive is what is asked for.
_IS_THE = r"(?:the|a|an|(?:[\w-]+\s+)?[\w-]+['’]s) "  # "Who was Lena Varga's husband?"
_WHO_IS = re.compile(r"\W*who(?:'s|’s| is| was| are| were| will be| would be) " + _IS_THE, re.I)
_ONE_IS = re.compile(r"\W*(?:who|what)(?:'s| is| was| will be| would be) " + _IS_THE)  # singular: one is asked for


@lru_cache(maxsize=256)
def asked_noun(question: str) -> str | None:
    """The normalised noun a which/what question asks for, the head of its noun phrase
    ("Which German defence group got approval …?" -> "group", "Which authority …?" ->
    "authority"), read with the knowledge layer's spaCy pipeline; None without one."""
    phrase = asked_phrase(question)
    return phrase[-1] if phrase else None


@lru_cache(maxsize=256)  # one tagging of a question for all its readers (the asked phrase, the things it names)
def tagged(question: str) -> Any | None:
    """The first 300 characters of ``question`` tagged by the knowledge layer's spaCy
    pipeline (tags only, no parse); None without a pipeline."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return None
    return nlp(question[:300], disable=["parser", "ner"])


@lru_cache(maxsize=256)
def asked_phrase(question: str) -> tuple[str, ...]:
    """The normalised words of the phrase a which/what question asks for, up to its head
    noun: "Which Norwegian defence minister …?" -> ("norway", "defenc", "minist"), as does
    "Who is the …?" ("Who is the State Department spokesperson?"); () when it names no
    noun or without a spaCy pipeline."""
    # By the tags of the words after "which", not the parse: the small pipeline attaches
    # "Which" to the verb in "Which Norwegian ferry group obtained …?" (nor are there
    # noun_chunks: it tags without coarse parts of speech).
    doc = tagged(question)
    if doc is None:
        return ()
    who_is = _WHO_IS.match(question) is not None
    for i, token in enumerate(doc):
        if token.lower_ not in _WHICH and not (who_is and i <= 4 and token.lower_ in ("the", "a", "an", "'s", "’s")):
            continue
        # "Who is Ukraine's foreign minister?": Ukraine's is said of him as "Ukrainian Foreign Minister"
        words, head = ([norm(doc[i - 1].text)] if token.lower_ in ("'s", "’s") else []), 0
        for word in doc[i + 1:]:
            if not (word.tag_.startswith("NN") or word.tag_ in ("JJ", "HYPH")):
                break
            words.append(norm(word.text))
            if word.tag_ in ("NN", "NNS") or word.lower_ in PERSON_NOUNS:  # "Defense Secretary" is tagged NNP
                head = len(words)
        return tuple(w for w in words[:head] if w) if head and words[head - 1] else ()
    return ()


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*)*")


def role_runs(phrase: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a role of the kind a question asks for, in place of a person:
    "French Economy Minister" of "… discusses trade with French Economy Minister" (a
    headline's way) for the ``phrase`` of "With which French minister …?". A capitalised
    run ("The" left out) ending with the asked noun, a person's role, and holding every
    word of the phrase; none for a bare noun ("Which minister …?" says too little)."""
    if len(phrase) < 2 or not any(same_term(phrase[-1], norm(n)) for n in PERSON_NOUNS):
        return []
    out = []
    for m in _CAPITALISED_RUN.finditer(text):
        a = m.start() + (4 if m.group().startswith("The ") else 0)
        b = a + len(text[a:m.end()].rstrip(".'’-"))  # a full stop ends the sentence, not the title
        words = text[a:b].split()
        if words and same_term(phrase[-1], norm(words[-1])) and all(
                any(same_term(p, norm(w)) for w in words) for p in dict.fromkeys(phrase)):
            out.append((a, b))
    return out


def of_type(noun: str | None, text: str, a: int, b: int) -> bool:
    """Whether the name at ``text[a:b]`` says it is a ``noun``: by its own words ("the
    Rheinmetall Group" for "which group"), the word right after it ("the Federal
    Antimonopoly authority" for "which authority"), the title before it ("broadcaster LCI"
    for "which broadcaster") or an apposition ("Delair, a drone maker" for "which maker")."""
    # One word before: the head of a title ("Defence Minister X"); words further back may be
    # another thing's ("a United team following Sir Alex Ferguson", "companies including Apple").
    # Of its own words, its first and last: "Storm Brendan" is a storm, "Nordic Film Festival" a festival
    own = [norm(w) for w, _, _ in tokens(re.split(r"\s+of\s+", text[a:b])[0])]
    head = own[:1] + own[-1:]
    return bool(noun) and any(same_term(noun, w) for w in described(text, a, b, before=1, own=False) + head)


def titled(noun: str | None, text: str, a: int, b: int) -> bool:
    """Whether the person named at ``text[a:b]`` is said to be a ``noun`` by a phrase set
    beside it in commas: "his agent, Lukas Berger" is the agent asked about. Not by the
    name's own words ("Offensive Player" is no player) nor a title before it, which may not
    say all the person is ("French Minister of the Armed Forces Sébastien Lecornu")."""
    return bool(noun) and any(same_term(noun, w) for w in in_commas(text, a, b))


def fit(phrase: Sequence[str], text: str, a: int, b: int, own: bool = True) -> int:
    """How many words of the asked-for ``phrase`` the name at ``text[a:b]`` is described by:
    of "Which Norwegian defence minister", "Norwegian Defence Minister Tore Sandvik" has 3,
    "Spanish Defence Minister Ana Ruiz" 2; without ``own``, by words other than the name's
    ("France Info" is not described as French)."""
    words = described(text, a, b, own=own)
    return sum(any(same_term(p, w) for w in words) for p in dict.fromkeys(phrase))


_APPOSITION = re.compile(r"\s*[,–—-]\s*(?:an?|the)\s+")
# A role set before a name, the name in commas: "its general secretary, Mirela Dragan,", "a
# spokeswoman, Dana Whitfield," (no verb's form among its words: "the talks ended, Holm …" is
# no role of Holm's); a trade or title may come between ("Her husband, the painter Olav Dahl,",
# "Medinsky's Ukrainian counterpart, Defense Minister Rustem Umerov,").
_ROLE_BEFORE = re.compile(r"(?:\b(?:[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Tt]he|[Aa]n?)|[\w-]+['’]s)\s+"
                          r"((?:(?![\w-]*(?:ed|ing)\b)[A-Za-z][\w-]*\s+){0,3}(?![\w-]*(?:ed|ing)\b)[a-z][\w-]*),\s*"
                          r"(?:(?:the|a|an)\s+[a-z][\w-]*\s+|(?:[A-Z][\w-]*\s+){1,3})?$")
_BREAK = re.compile(r"[,;:.!?()\[\]\"“”–—]")


def described(text: str, a: int, b: int, before: int = 3, own: bool = True) -> list[str]:
    """The normalised words that describe the name at ``text[a:b]``: its own (with ``own``),
    the word right after it, the title words right before it (up to ``before``, within its
    clause, after any article or preposition) and up to four words of an apposition after it."""
    words = [norm(w) for w, _, _ in tokens(text[a:b])] if own else []
    words += [norm(w) for w, _, _ in tokens(text[b:b + 60])[:1]]
    return words + in_commas(text, a, b) + title_before(text, a, before) + appointed_as(text, a, b) + (
        said_to_be(text, a, b))


def in_commas(text: str, a: int, b: int) -> list[str]:
    """The normalised words of a phrase set beside the name at ``text[a:b]`` by a comma: an
    apposition after it ("Delair, a drone maker") or a role before it ("his agent, Lukas Berger,")."""
    words: list[str] = []
    after = text[b:b + 60]
    if m := _APPOSITION.match(after):
        words += leading_words([w for w, _, _ in tokens(_BREAK.split(after[m.end():])[0])], 4)
    if (m := _ROLE_BEFORE.search(text, max(0, a - 60), a)) and re.match(r"\s*(?:[,.;]|$)", text[b:]):
        words += leading_words([w for w, _, _ in reversed(tokens(m.group(1)))], 4)
    return words


def title_before(text: str, a: int, most: int) -> list[str]:
    """The normalised words right before ``text[a]``, nearest first, up to ``most``, within
    its clause and up to an article or preposition: "minist", "foreign", "franc" of "French
    Foreign Minister Jean-Noël Barrot"."""
    return leading_words([w for w, _, _ in reversed(tokens(_BREAK.split(text[max(0, a - 60):a])[-1]))], most)


_PLACE_NORMS = frozenset(norm(c) for c in COUNTRIES)


_WHEN = frozenset(norm(w) for w in words_of("new next current incoming"))  # when one holds it, not which


def clash(phrase: Sequence[str], text: str, a: int, b: int) -> bool:
    """Whether the title right before the name at ``text[a:b]`` makes it another holder of
    the role asked for: of "France's defence minister", "French Foreign Minister Jean-Noël
    Barrot" (another word before the same noun) and "Spanish Defence Minister X" (another
    country). Where the phrase has no word of its own before its noun ("France's minister"),
    any minister of France will do."""
    phrase = [p for p in phrase if p not in _WHEN]  # "the new director" may be a stage director
    if len(phrase) < 2 or all(any(same_term(p, w) for w in appointed_as(text, a, b)) for p in phrase[-2:]):
        return False  # "named the Danish stage director Sofie Krag as its next artistic director"
    title = title_before(text, a, 3)
    places = {p for p in phrase if p in _PLACE_NORMS}
    # The country may open what the layer read as the name: "[Minister of Defense of] Ukraine Rustem Umerov".
    own = [norm(w) for w, _, _ in tokens(text[a:b])]
    if places and any(w in _PLACE_NORMS and w not in places for w in own + title[1:]):
        return True
    if not title or not same_term(phrase[-1], title[0]):
        return False
    kind = phrase[-2]
    # … unless the title says every word asked before it: "former Lindvik mayor" is a "former mayor"
    return kind not in _PLACE_NORMS and len(title) > 1 and title[1] not in _PLACE_NORMS and not any(
        same_term(title[1], p) for p in phrase) and not all(
        any(same_term(t, p) for t in title[1:]) for p in phrase[:-1])


# Nouns for a business: no person is one, nor a ministry, an army, a news outlet
# or a place.
_BUSINESSES = frozenset(norm(w) for w in words_of("""company firm carmaker automaker maker manufacturer contractor
supplier producer business startup corporation conglomerate retailer airline insurer bank lender brand carrier operator
developer chipmaker"""))
_PUBLIC = frozenset(norm(w) for w in words_of("""ministry government council parliament army navy forces force police
court department office commission committee agency"""))


def business_asked(question: str) -> bool:
    """Whether a which/what question asks for a business ("Which carmaker could make drones?")."""
    return asked_noun(question) in _BUSINESSES


def public_body(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names a public body by its last word ("Defense Ministry"),
    or is the initials in brackets of one ("Armed Forces of Ukraine (AFU)"): no business."""
    words = norms(text[start:end])
    if words and words[-1] in _PUBLIC:
        return True
    spelt = text[start - 1:start] == "(" and text[start:end].isupper()
    return spelt and bool(set(norms(text[max(0, start - 40):start])[-3:]) & _PUBLIC)


# The last word of a news outlet's name, or the noun before it ("the newspaper Ouest-France"):
# who reports a business's plans is not the business asked about.
_PRESS = frozenset(words_of("""news info radio tv television channel times post herald gazette courier journal ledger
tribune daily weekly press broadcasting magazine newspaper broadcaster outlet agency"""))
# A name before one of these names the place ("the Valmont ridge"), not a business.
_LAND = re.compile(r"\s+(?:ridge|valley|river|lake|mountains?|hills?|bay|coast|island|islands|forest|plain|"
                   r"region|province|county|district|peninsula|sea|gulf|strait|canyon|desert)\b")

# The last word of a street's or a square's name: where, whoever the tagger took it for.
_WAYS = frozenset(words_of("street lane road avenue boulevard square drive terrace crescent quay embankment"))


def press_or_land(text: str, start: int, end: int) -> str | None:
    """"press" where ``text[start:end]`` names a news outlet by its own last word ("Coastline
    Radio") or the noun before it ("broadcaster LCI"), "place" where a feature of the land
    follows it ("the Valmont ridge") or it names a street ("Mill Lane"); else None. Neither
    answers "Which company …?"."""
    own = text[start:end].split()
    if (len(own) > 1 and own[-1].lower() in _PRESS) or set(title_before(text, start, 1)) & {norm(w) for w in _PRESS}:
        return "press"
    way = len(own) > 1 and own[-1].lower() in _WAYS  # "Mill Lane", "Castle Street"
    return "place" if way or _LAND.match(text, end) else None


def of_kind_asked(names: list[str], typed: set[str]) -> list[str]:
    """Of ``names``, those that ``typed`` (the names that said they are what was asked)
    shows to be: "Manchester United" is the team too where another quote says "the United
    team". All of them when none is."""
    kinds = [set(fold(t).split()) for t in typed]
    return [n for n in names if any(k <= set(fold(n).split()) for k in kinds)] or names


_OPENING = " \n\t\"'“‘([-–—•*"


def common_opener(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a lone capitalised word opening the sentence that the
    tagger reads as no noun at all ("Heavy rain flooded …", "Top officials met …"):
    capitalised only for opening it, no name. The small tagger reads some names opening a
    sentence as common nouns ("Trump says …", "Delair supplies …"), and some openers as
    names ("Thick fog …"), so a noun of any kind stays a name, unless a common noun opens a
    lower-case title ("Hospital director Marek Nowak") or a plural one people of somewhere
    ("Engineers from Harlan & Vos"): this drops only the openers it is sure of."""
    if text[:start].strip(_OPENING) or len(text[start:end].split()) != 1:
        return False
    try:
        nlp = pipeline.load()
    except ConfigError:
        return False
    doc = nlp(text[:200], disable=["parser", "ner"])
    word = next((t for t in doc if t.idx >= start), None)
    if word is None or word.idx != start:
        return False
    after = doc[word.i + 1] if word.i + 1 < len(doc) else None
    # A common noun before a lower-case title says whose the title is ("Hospital director
    # Marek Nowak"); a proper noun there may be the answer ("Renault spokesman Jean Dupont").
    titled = word.tag_ in ("NN", "NNS") and after is not None and after.text in PERSON_NOUNS
    # … and so does one before a lower-case noun a name follows: "Dairy company Tine", "Mining group Nord"
    titled = titled or (word.tag_ in ("NN", "NNS") and after is not None and after.text.islower() and (
        after.tag_.startswith("NN")) and word.i + 2 < len(doc) and doc[word.i + 2].text[:1].isupper())
    # A plural common noun before "from"/"at" names people of a place or firm ("Engineers from
    # Harlan & Vos", "Analysts at Barclays"), not itself.
    people_of = word.tag_ == "NNS" and after is not None and after.lower_ in ("from", "at")
    return titled or people_of or not word.tag_.startswith("NN")


def written_lower(passage: str, text: str, start: int, end: int) -> bool:
    """Whether the lone word at ``text[start:end]`` opens its sentence and the passage writes it
    in lower case elsewhere: "Police have not said …" beside "Dunmore police said" is no name."""
    word = text[start:end]
    if text[:start].strip(_OPENING) or not word.isalpha() or not word[:1].isupper():
        return False
    return re.search(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w'’-])", passage) is not None


def asked_phrase_in(noun: str | None, text: str) -> str | None:
    """The phrase ``text`` heads with the asked-for ``noun``, with the words that describe it
    before it ("local history collection" of "destroying books from its local history
    collection" for "Which collection …?"); None where it has none of them or no parse."""
    doc = parsed(text) if noun else None
    for tok in doc if doc is not None else ():
        if tok.tag_.startswith("NN") and tok.text.islower() and same_term(norm(tok.text), noun or ""):
            lefts = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and c.text.islower()]
            if lefts:
                return text[lefts[0].idx:tok.idx + len(tok)]
    return None


def attributive(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` only describes a lower-case noun after it ("the
    Harlow mayoral election", "the Kremlin spokesman"), as the spaCy parse reads it: a
    compound or modifier of that noun, no one who answers "who"; not of a body it names ("the
    Ostberg family foundation"). False without a pipeline."""
    last = last_word(text, start, end)
    head = last.head if last is not None else None
    # … unless the body has a name of its own after it: "the Tromsø biotech company Nordlys Therapeutics"
    return last is not None and last.dep_ in ("compound", "amod", "nmod") and head.i > last.i and (
        head.text.islower() and head.tag_.startswith("NN") and (head.lower_ not in _BODIES or (
            head.dep_ == "compound" and head.head.i > head.i and head.head.tag_ in ("NNP", "NNPS"))))


# Nouns of a body a name names, not describes: "the Ostberg family foundation" is Ostberg's.
_BODIES = frozenset(words_of("""foundation foundations family trust charity group company firm fund party club team
union council agency institute"""))


def object_of_another(verb: str | None, text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is what a verb other than the question's
    ``verb`` takes ("Ostel" of "Koren, who visited Ostel, promised aid" for "Who promised
    aid?"), as the spaCy parse reads it: done to, not doing. False without a pipeline."""
    last = last_word(text, start, end) if verb else None
    # … unless what is said of it does the verb: "could involve Delair – a drone maker that supplies UAVs"
    return last is not None and last.dep_ == "dobj" and last.head.tag_.startswith("VB") and (
        not same_deed(norm(last.head.lower_), verb)) and not any(norm(t.lower_) == verb for t in last.subtree)


_NUMBER_WORDS = frozenset({"two", "three", "four", "five", "six", "both"})


@lru_cache(maxsize=256)
def asks_for_one(question: str) -> bool:
    """Whether the question wants a single name: "which/what" before a singular noun
    ("Which AI chatbot …?", "What team …?"), or "who/what is the …" ("Who is the player …?").
    A plural noun ("Which defence ministers …?"), a number ("which two individuals") or a
    bare "who" ("Who met Umerov?") may want several. Read by the spaCy pipeline's tags;
    without one, every question may want several."""
    if _ONE_IS.match(question.lower()):
        return True
    doc = tagged(question)
    if doc is None:
        return False
    for i, token in enumerate(doc):
        if token.lower_ not in _WHICH:
            continue
        head = None
        for word in doc[i + 1:]:
            if word.lower_ in _NUMBER_WORDS or word.tag_ == "CD":
                return False
            if not (word.tag_.startswith("NN") or word.tag_ in ("JJ", "HYPH")):
                break
            if word.tag_.startswith("NN"):
                head = word
        return head is not None and head.tag_ in ("NN", "NNP")
    return False


@lru_cache(maxsize=1024)  # asked for each sentence of the passages, of a few outlets
def outlet_words(question: str, outlet: str | None) -> frozenset[str]:
    """The normalised words of ``outlet`` when ``question`` names it in full ("according to
    the Riverton Herald's related links"): the outlet tells every sentence of its reports,
    so each says them. Empty otherwise: a question about the town of Riverton is not about
    the Riverton Herald, nor is every sentence of the Herald about the town."""
    if not outlet:
        return frozenset()
    text = question.casefold()
    for alias in sorted(outlet_aliases(outlet), key=len, reverse=True):
        if re.search(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", text):
            return frozenset(w for w in norms(alias) if w not in STOPWORDS)
    return frozenset()


def told(question: Question, got: frozenset[str], outlet: str | None) -> frozenset[str]:
    """The terms of ``question`` a sentence says (``got``), with the words of its outlet
    where the question names it (``outlet_words``) and the sentence says something more
    of the question: a sentence is not about the question for being the outlet's."""
    said = matching(question.term_norms, outlet_words(question.text, outlet))
    return got | said if got - said else got


def owning_country(question: str, text: str) -> str | None:
    """The country whose name or adjective stands right before the noun a "Which country's
    minister …?" question asks about, in a title of capitalised words ("French Economy
    Minister" -> "France"): not another country the sentence names ("sanctions on Russia").
    None where the question asks no such thing, the text gives no such title, or without a
    spaCy pipeline (its tags find the noun: "Which country's defence minister met …?")."""
    doc = tagged(question)
    at = next((t.i for t in doc or () if t.lower_ in ("country", "nation") and t.i >= 1
               and doc[t.i - 1].lower_ == "which" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("'s", "’s")), None)
    if doc is None or at is None:
        return None
    nouns = list(doc[at + 2:at + 6])
    run = next((i for i, t in enumerate(nouns) if not (t.tag_.startswith("NN") or t.tag_ == "JJ")), len(nouns))
    head = next((t.text for t in reversed(nouns[:run]) if t.tag_.startswith("NN")), None)
    if head is None:
        return None
    for m in re.finditer(rf"\b([A-Z][\w'’-]+)((?:\s+[A-Z][\w'’-]*){{0,3}})\s+(?i:{re.escape(head)})s?\b", text):
        word = POSSESSIVE.sub("", m.group(1))
        if country := DEMONYMS.get(word.lower()):
            return country.title()
        if country_of(word):
            return word
    return None
