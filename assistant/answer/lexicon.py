"""The word lists by which questions and sentences are read: function words, the nouns that
say what a "which" question asks for (a person, a place, a time, an amount), months, number
words and currencies. Words of English, not of our corpus; ``language`` reads with them."""

from __future__ import annotations

import re


def words_of(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(words_of("""
a an the of to in on at for from by with about as into onto over under after before during
between through against without within among and or but nor so yet if than then that this these
those there here it its it's he him his she her hers they them their theirs we us our you your i
me my mine is are was were be been being am do does did done doing has have had having will
would shall should can could may might must not no yes who whom whose which what when where why
how whether any all some each every both either neither other another such same own more most
much many few very too also just only even still already again ever never up down out off now
according said say says told tell asked ask came come comes going go goes get got make made take
took one ones thing things way ways do s t
"""))

# Words that carry no topic (and "they", "it" point back to an earlier turn).
ANAPHORA = frozenset(words_of("""
they them their theirs he him his she her it its this that these those there the company the minister the two both
"""))

PERSON_NOUNS = frozenset(words_of("""
minister ministers president prime premier official officials person people man woman men women
leader leaders spokesman spokeswoman spokesperson secretary general chief ceo head journalist
reporter politician mayor governor ambassador envoy commander counterpart diplomat lawmaker
senator chancellor king queen director founder chairman chair negotiator analyst expert author
"""))

# People by role, but also the first word of other things ("star rating", "executive order",
# "player in the streaming market"): a person only where the noun ends its phrase, followed
# by a comma, a verb or "who" ("Which pop star, recognized by Time, …").
ROLE_NOUNS = frozenset(words_of("""
individual individuals player players athlete athletes quarterback quarterbacks receiver receivers
coach coaches star stars singer singers artist artists musician musicians actor actors actress
executive executives entrepreneur entrepreneurs billionaire billionaires businessman businesswoman
lawyer lawyers attorney prosecutor prosecutors celebrity celebrities
"""))

PLACE_NOUNS = frozenset(words_of("""
city cities town towns country countries region regions place places village capital location
locations province state states territory area areas site sites port base
"""))

TIME_NOUNS = frozenset(["date", "day", "days", "year", "years", "month", "months", "time", "week", "weekday"])

# Nouns that are counted or measured: "What was last year's attendance record?" wants 19,000,
# not the name in the best sentence about the festival.
QUANTITY_NOUNS = frozenset(words_of("""
value cost price amount number total size budget figure sum worth output attendance turnout magnitude
toll tally headcount population salary revenue revenues profit profits deficit surplus dividend dividends
sentence gust speed temperature height length distance weight depth fine fee fare rent wage wages
inflation unemployment age estimate estimates valuation
"""))
# Nouns of a change, asked for as a figure where they head the phrase after "what" ("What pay rise …?"), not
# where they are a verb after "which" ("Which company cut …?").
CHANGE_NOUNS = frozenset(words_of("rise increase hike raise cut growth reduction"))

# Words that open a question without naming anything ("Besides X, who ..."): capitalised
# only because they come first.
QUESTION_OPENERS = frozenset(words_of("""
besides apart aside except excluding including along together beyond unlike like other
alongside according overall ultimately finally so now then also meanwhile separately today
yesterday again still between during despite following given based looking considering
regarding concerning although though whereas
"""))

MONEY_WORDS = frozenset(words_of("""
money funding fund funds cost costs price budget value worth investment financing aid euros euro
dollars dollar pounds pound revenue revenues profit profits sales income earnings loss losses fee fees salary
wages fine fines debt dividend dividends
"""))
# Measures that are sums of money: "What was Havline's revenue?" asks for an amount.
SUMS = frozenset(words_of("""value cost price budget worth financial salary fine fee fare rent wage wages revenue
revenues profit profits dividend dividends valuation"""))
# What a share or a rate is asked of: "What share of the vote …?", "What vaccination coverage …?"
RATIO_NOUNS = frozenset(words_of("share percentage proportion coverage rate margin premium discount stake"))
# Things that last: "How long is the contract?" asks for a time, "How long is the bridge?" a length.
DURATION_NOUNS = frozenset(words_of("""
contract contracts term terms sentence ban lease loan mandate suspension delay tenure stay visit trip wait
truce ceasefire strike strikes war season programme program course deal agreement journey voyage flight mission trial
hearing debate stint shift career
"""))
# Verbs of a figure that changed: "How much did profit fall?" asks by how much, not what it fell to.
CHANGE_VERBS = frozenset(words_of("""
fall fell fallen rise rose risen drop dropped increase increased decrease decreased grow grew grown decline
declined climb climbed jump jumped slip slipped gain gained raise raised cut shrink shrank weaken weakened
strengthen strengthened slump slumped plunge plunged soar soared surge surged
"""))

AUX = frozenset(words_of("did does do is are was were will would can could has have had should must shall may might"))
# Verbs that say the same meeting of two sides, normalised: "Brann will face Bodø/Glimt" says whom Brann will play.
_OPPOSING = frozenset(words_of("play face meet"))


def same_deed(said: str | None, verb: str | None) -> bool:
    """Whether the normalised verb ``said`` says the question's normalised ``verb``."""
    return said is not None and verb is not None and (said == verb or {said, verb} <= _OPPOSING)

MONTHS = list(words_of("january february march april may june july august september october november december"))

MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"sept": "september"}

WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])

NUMBER_WORDS = frozenset(words_of("""
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
hundreds thousand thousands million millions billion billions trillion dozen dozens half
"""))

MONEY_VERBS = re.compile(r"\b(?:costs?|price[ds]?|worth|fund\w*|invest\w*|budget\w*|paid|pay|spen[dt]\w*)\b", re.I)

# Not "won" nor "real": the verb and the adjective are far more common than the currencies.
CURRENCY = re.compile(r"[$£€¥₴]|\b(?:euros?|dollars?|pounds?|hryvnias?|usd|eur|gbp|kroner|krone|kronor|krona|crowns?|"
                      r"yen|yuan|renminbi|rupees?|roubles?|rubles?|francs?|zloty|zlotys|forints?|lira|liras|pesos?|"
                      r"rand|dinars?|dirhams?|riyals?|shekels?|koruna|baht|ringgit)\b", re.I)

# A name's own last words that make it a business's: "Talvik Terminals", "Norlind Foods". Not
# a word that is also a surname ("Samantha Power", "Ben Steel").
FIRM_NAME_WORDS = frozenset(words_of("""terminals energy holdings airlines airways logistics shipping systems
technologies industries labs pharmaceuticals pharma media radio television tv capital ventures solutions foods brands
studios networks communications telecom insurance petroleum mining resources automotive group inc ltd plc corp
corporation company co ag sa gmbh asa ab motors partners"""))
