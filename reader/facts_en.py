"""English rules: "$14.3 billion", "1,200", "24%", "March 12, 2025"; "…," he said / said Susan Li / according to X."""

from __future__ import annotations

import re

from reader.facts_figures import FigureWords
from reader.facts_speech import SpeechRules
from reader.facts_trie import trie_pattern

_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3}(?![\d]))+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")


def _parse_number(raw: str) -> float | None:
    if raw.isascii() and raw.isdigit():  # the common case; "²".isdigit() is True but float("²") fails
        return float(raw)
    try:
        return float(raw.replace("−", "-").replace(",", ""))
    except ValueError:
        return None


_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "one": 1,
}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_MONTHS.update({"jan.": 1, "feb.": 2, "aug.": 8, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12})
_MONTHS = {k.rstrip("."): v for k, v in _MONTHS.items()}
_MONTHS.update({"mar": 3, "apr": 4, "jun": 6, "jul": 7, "sep": 9})

_TIME_UNITS = {
    w: w
    for w in "second seconds minute minutes hour hours day days week weeks month months year years decade decades "
    "century centuries quarter quarters night nights season seasons".split()
}

_NOUN_STOP = frozenset(
    """
    a an and are as at be been but by for from had has have he her his in into is it its of on or our she
    than that the their them they this to was we were which who will with would per percent more less times
    other others first last next years-old about around nearly almost only also so such there these those
    """.split()
)

WORDS = FigureWords(
    number=_NUMBER,
    parse_number=_parse_number,
    number_words={k: float(v) for k, v in _NUMBER_WORDS.items()},
    collectives={"dozen": 12, "dozens": None, "hundreds": None, "thousands": None, "millions": None,
                 "billions": None, "score": 20},
    scales={"billion": 1e9, "billions": 1e9, "million": 1e6, "millions": 1e6, "thousand": 1e3,
            "trillion": 1e12, "bn": 1e9, "tn": 1e12},
    short_scales={"bn": 1e9, "m": 1e6, "M": 1e6, "k": 1e3, "K": 1e3, "B": 1e9},
    currencies={
        "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "euro": "EUR",
        "euros": "EUR", "eur": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "¥": "JPY",
        "yen": "JPY", "yuan": "CNY", "c$": "CAD", "a$": "AUD", "swiss francs": "CHF", "chf": "CHF",
    },
    percent_words=re.compile(r"%|per[ \u00a0-]?cent(?![\w])|pct(?![\w])", re.IGNORECASE),
    points_words=re.compile(r"(?:percentage points?|(?P<base>basis points?))(?![\w])", re.IGNORECASE),
    time_units=_TIME_UNITS,
    months=_MONTHS,
    weekdays=frozenset("monday tuesday wednesday thursday friday saturday sunday".split()),
    approx=re.compile(
        r"(?:nearly |almost |about |around |roughly |approximately |some |more than |less than |fewer than |"
        r"at least |over |under |up to |close to |an estimated |as many as |as much as )$",
        re.IGNORECASE,
    ),
    range_open=re.compile(r"(?:(?<![\w])between |(?<![\w])from )[$€£]?$", re.IGNORECASE),
    range_join=re.compile(r"[ \u00a0]*(?:-|–|—|to|and)[ \u00a0]*(?=[$€£]?[+\-−]?\d)"),
    ratios={"double": 2.0, "triple": 3.0, "half": 0.5, "third": 1 / 3, "quarter": 0.25, "thirds": 1 / 3,
            "quarters": 0.25},
    ratio_before=re.compile(r"(?:(?P<n>two|three) |\ba |\bone |\bhalf |\bthe )$", re.IGNORECASE),
    times_word=re.compile(r"[ \u00a0]+times(?:[ \u00a0]+(?:more|less|as))?(?![\w])", re.IGNORECASE),
    of_word=re.compile(r"of[ \u00a0]+", re.IGNORECASE),
    measures=frozenset("tons tonnes tons kilograms kg pounds lbs litres liters gallons barrels acres hectares "
                       "miles kilometres kilometers km metres meters".split()),
    noun_stop=_NOUN_STOP,
    month_cue=re.compile(r"(?:\bin|since|by|until|early|late|mid-|end of|start of)[ \u00a0]*$", re.IGNORECASE),
    hour=re.compile(r"\d{1,2}(?::\d{2})?[ \u00a0]?(?:a\.m\.|p\.m\.|am|pm)(?![\w])", re.IGNORECASE),
    ordinal_minute=re.compile(r"\d{1,3}(?:st|nd|rd|th)[ \u00a0]+minute(?![\w])", re.IGNORECASE),
    day_before_month=False,
    clock_cue=re.compile(r"(?:(?<![\w])(?:at|by|until|before|after)[ \u00a0]+)$", re.IGNORECASE),
    clock_after=re.compile(r"[ \u00a0]+(?:in the morning|in the evening|at night)(?![\w])", re.IGNORECASE),
    temperature=re.compile(r"°[ \u00a0]?[CF]?|degrees?(?: Celsius| Fahrenheit)?(?![\w])", re.IGNORECASE),
    half_prefix="half-",
    clock_units=frozenset({"hour", "hours", "o'clock"}),
    hour_unit="hours",
    rank_cue=re.compile(r"(?:\bnumber|\bno\.|#)[ \u00a0]*$", re.IGNORECASE),
    noun_after_scale=True,
    skip_adjectives=frozenset("main major big small new top leading other young old senior junior".split()),
    superlative_suffix="est",
    proportion=re.compile(
        r"(?:[ \u00a0]+[^\W\d_][^\W\d_’'\-]*){0,2}?[ \u00a0]+(?:in|out of)[ \u00a0]+(?P<den>\d+|two|three|four|five|"
        r"six|seven|eight|nine|ten|twenty|hundred)(?![\w])",
        re.IGNORECASE,
    ),
    multiplied=re.compile(r"(?:multiplied|(?P<div>divided))[ \u00a0]+by[ \u00a0]+$", re.IGNORECASE),
    duration_lead=re.compile(r"(?:\bfor|\bduring|\bwithin|\bin|\bsince)[ \u00a0]*$", re.IGNORECASE),
    range_day_join=re.compile(r"(?!)(?P<day>)"),
)

_VERBS = (
    "said says say told tells added adds explained explains noted notes stated states declared declares "
    "argued argues insisted insists warned warns wrote writes asked asks replied replies continued continues "
    "recalled recalls admitted admits acknowledged acknowledges remarked observed claimed claims suggested "
    "suggests announced announces tweeted commented emphasized emphasised stressed stresses conceded concedes "
    "countered counters predicted predicts promised promises confirmed confirms joked jokes saying adding "
    "explaining noting telling warning insisting"
).split()
_SPEECH_VERB = re.compile(r"\b(?:" + trie_pattern(_VERBS) + r")(?![\w])", re.IGNORECASE)

_TITLE_WORDS = (
    "chief_executive:? ceo:? cfo:? coo:? cto:? president:? chairman:m chairwoman:f chair:? founder:? "
    "co-founder:? director:? minister:? secretary:? spokesman:m spokeswoman:f spokesperson:? coach:? "
    "manager:? mayor:? senator:? governor:? analyst:? economist:? professor:? executive:? head:? "
    "captain:? striker:? chancellor:? lawyer:? prosecutor:? judge:? officer:? commissioner:? leader:? "
    "representative:? congressman:m congresswoman:f actor:m actress:f author:? researcher:? investor:? "
    "boss:? witness:? resident:?"
).split()
TITLES: dict[str, tuple[str, str]] = {}
for _entry in _TITLE_WORDS:
    _word, _gender = _entry.rsplit(":", 1)
    TITLES[_word.replace("_", " ")] = (_word.replace("_", " "), _gender)
_TITLE_ALT = trie_pattern(TITLES)

RULES = SpeechRules(
    speech_verb=_SPEECH_VERB,
    inverted=re.compile(
        r"[\s,.;:!?—–\-)\]]{0,4}(?:(?P<verb>said|says|added|adds|explained|noted|told|wrote|asked|replied|"
        r"continued|insisted|warned|argued)[ \u00a0]+)?(?P<pron>he|she|they)[ \u00a0]+"
        r"(?:(?:also|later|then|further)[ \u00a0]+)?(?:said|says|added|adds|explained|noted|told|wrote|asked|"
        r"replied|continued|insisted|warned|argued|stated|declared|recalled|admitted|joked)(?![\w])"
        r"|[\s,.;:!?—–\-)\]]{0,4}(?P<verb2>said|says|added|explained|noted|asked|replied)[ \u00a0]+(?P<pron2>he|she)(?![\w])",
        re.IGNORECASE,
    ),
    verb_first=re.compile(
        r"[\s,.;:!?—–\-)\]]{0,4}(?:(?P<aux>has|had|have)[ \u00a0]+)?(?P<verb>[^\W\d_]+)(?![\w])",
        re.IGNORECASE,
    ),
    according=re.compile(r"(?<![\w])(?:according to|for)[ \u00a0]+", re.IGNORECASE),
    according_right=re.compile(r"[\s,.;:—–\-]{0,4}according to[ \u00a0]+", re.IGNORECASE),
    pronoun=re.compile(r"(?<![\w\-’'])(?P<pron>he|she|him|her)(?![\w\-])", re.IGNORECASE),
    pronoun_gender={"he": "m", "she": "f", "him": "m", "her": "f", "they": "p"},
    demonstrative=re.compile(r"(?<![\w])(?P<pron>the latter)(?![\w])", re.IGNORECASE),
    demonstrative_gender={"the latter": "?"},
    offices=frozenset("ceo chief executive president chairman mayor senator governor minister secretary coach "
                      "director judge prosecutor".split()),
    title_synonyms={"chief executive": frozenset({"ceo", "boss", "head"}), "ceo": frozenset({"chief executive", "boss"}),
                    "boss": frozenset({"ceo", "chief executive", "head"})},
    titles=TITLES,
    anonymous_titles=frozenset({"witness", "resident"}),
    title_word=re.compile(r"(?<![\w])(?:" + _TITLE_ALT + r")(?![\w\-])", re.IGNORECASE),
    title_np=re.compile(
        r"(?<![\w])(?P<det>the|its|his|her|their|a|an|former)?[ \u00a0]*(?:(?:new|former|deputy|vice)[ \u00a0-]+)?"
        r"(?:(?:chief )?(?:financial|executive|operating|technology|technical|finance|foreign|prime|interior|"
        r"economy|defence|defense|health|general)[ \u00a0]+)?(?P<title>" + _TITLE_ALT + r")(?![\w\-])"
        r"(?P<qual>(?:[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?[^\s,.;:]+)?)",
        re.IGNORECASE,
    ),
    determiner_gender={},
    term_cue=re.compile(
        r"(?:(?<![\w])(?:called|dubbed|named|nicknamed|labelled|labeled|titled|entitled|codenamed|so-called|"
        r"branded)|(?<![\w])the (?:word|term|phrase|slogan|label|hashtag|name|bill|plan|program|programme|"
        r"motto|campaign))[ \u00a0,:]*$",
        re.IGNORECASE,
    ),
    honorific=re.compile(r"(?:(?<![\w])(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|Sir|Lady))[ \u00a0]+$"),
    object_cue=re.compile(r"(?:(?<![\w])(?:to|with|against|of|for|by|on|at|from)[ \u00a0]+)$", re.IGNORECASE),
    subject_pronouns=frozenset({"he", "she"}),
    speech_marker=re.compile(r"(?<![\w])(?:i|i'm|we|you|he|she|they|it's|our|my|your|us|me)(?![\w])", re.IGNORECASE),
    evaluative=frozenset("very too more less so quite particularly totally completely absolutely really extremely "
                         "deeply perfectly not".split()),
    adjective=re.compile(r"(?:ible|able|ous|ive|ful|less|ic|al|ed)$"),
    label_after=re.compile(
        r"[ \u00a0]+(?:rating|label|tag|status|designation|list|option|mode|button|sign|category|"
        r"classification|warning|score|grade|camp|vote|side|stance|position)\b",
        re.IGNORECASE,
    ),
    subject_before_verb_right=re.compile(
        r"[\s,.;:!?—–\-)\]]{0,4}(?P<subj>(?:(?:the|a|an|its|his|her|their|[a-z][\w\-]*)[ \u00a0]+){0,4}?"
        r"[A-Z][\w.’'\-]*(?:[ \u00a0]+[A-Z][\w.’'\-]*){0,3})[ \u00a0]+"
        r"(?:also[ \u00a0]+|later[ \u00a0]+)?(?:said|says|added|adds|explained|noted|told|wrote|asked|replied|"
        r"continued|insisted|warned|argued|stated|declared)(?![\w])"
    ),
)
