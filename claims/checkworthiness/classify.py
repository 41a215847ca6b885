"""The claim type, from transparent rules an editor can follow: lexical cues, figures,
comparatives, modal and future forms. The first rule that fires gives the type and the
reason, in the order of _RULES: what is most plainly checkable first (a figure), what is
least last (an opinion). The rules read the text only, so that a corrected text gets its
type again without the parser.

The text is split into lower-case words once; the cues are set lookups over its words and
word pairs, so a claim is typed in a few microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import ClaimType

# A claim with fewer words than this (and no figure) says too little to check.
MIN_WORDS = 3
# A greeting or a thank-you longer than this is a speech that merely opens with one.
MAX_GREETING_WORDS = 15
# A noun phrase standing alone ("the delay", "his handling of the crisis") is what a
# stance cue attributes ("was critical of ..."); longer texts are left to the other rules.
MAX_BARE_PHRASE_WORDS = 6
# What a stance cue attributes is a noun phrase even with its prepositional tail ("defended
# the plan in a speech before the vote"): the tail says where it was praised or blamed.
MAX_STANCE_PHRASE_WORDS = 12

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[$£€%?]")
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\ds?\b")
_MONTH = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_DAY_RE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
    r"|\b\d{1,2}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")


def _set(words: str) -> frozenset[str]:
    """Words or word pairs (written with an underscore) as a set of what words_of() and
    pairs() give."""
    return frozenset(w.replace("_", " ") for w in words.split())


PERCENT_WORDS = _set("% percent per_cent percentage")
MONEY_WORDS = _set("$ £ € dollars dollar pounds euros euro cents budget deficit debt taxes spending")
# Quantities a statistic is made of: magnitudes, shares and multiples. A small count
# ("three reservoirs", "every six hours") is only a cue for the model.
QUANTITY_WORDS = _set(
    """twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands
    million millions billion billions trillion trillions dozens half twice double doubled triple
    tripled quadrupled halved a_third two_thirds a_quarter majority"""
)
# Shares written in words ("by a fifth", "one in ten", "four out of ten"): a cue for the
# model only, so that no type changes. (QUANTITY_WORDS lists "a third" and the like, but the
# quantity cue looks at single words; matching its pairs would make "sales fell by a third"
# a statistic instead of a comparison.)
FRACTION_PAIRS = _set("a_third two_thirds a_quarter a_fifth a_tenth one_in two_in three_in four_in out_of a_row")
COUNT_WORDS = _set("two three four five six seven eight nine ten eleven twelve fifteen dozen")
# "Rather" before a "than" prefers, it does not compare ("would rather wait than ...").
NOT_COMPARATIVES = _set("rather other")
PREFERENCE_REACH = 8
COMPARISON_PAIRS = _set(
    """compared_with compared_to up_from down_from record_high record_low twice_as half_as
    as_many as_much"""
)
CHANGE_VERBS = _set(
    "increased decreased rose risen fell fallen dropped doubled tripled grew grown declined climbed shrunk shrank"
)
CHANGE_PREPOSITIONS = _set("by from since")
SUPERLATIVES = _set("most least best worst")
RECORD_WORDS = _set("ever history record since")
PERIOD_WORDS = _set("since ago earlier")
PERIOD_PAIRS = _set("last_year last_month last_week last_decade than_in than_during than_under than_before than_ever")
CAUSE_WORDS = _set("because caused cause causes causing therefore consequently")
CAUSE_PAIRS = _set(
    """led_to lead_to leads_to leading_to due_to result_in results_in resulted_in a_result thanks_to
    blame_for blamed_for responsible_for contributed_to contributes_to so_that that's_why is_why"""
)
JOB_VERBS = _set("created create creates creating destroyed killed cost costing saved lost")
LAW_WORDS = _set(
    """law laws legal legally illegal illegally unlawful lawful unconstitutional constitution
    constitutional statute statutes regulation regulations rule rules legislation legislature
    ban bans banned banning prohibit prohibits prohibited prohibition forbid forbids forbidden
    mandate mandates mandated mandatory court courts treaty treaties amendment
    ordinance licence license licensed bill bills act"""
)
LAW_PAIRS = _set("required_by allowed_to entitled_to")
FUTURE_WORDS = _set("will won't shall gonna forecast forecasts predict predicts projected expect expects soon")
FUTURE_PAIRS = _set(
    """going_to about_to expected_to is_expected are_expected likely_to set_to projected_to next_year next_month next_week
    next_decade next_term next_session the_coming the_future"""
)
# Absolute claims, which one counter-example refutes: "every school stays open", "never
# raised taxes", "not a single case", "the first time", "a record". News reports them
# without a figure, and editors check them (tests/data/worthiness_news/).
ABSOLUTE_WORDS = _set(
    """every all never none nobody nothing entire entirely fully altogether only always record
    single"""
)
ABSOLUTE_PAIRS = _set("no_one not_one first_time any_other no_longer")
# What a policy, a budget or a body does or did, stated as a result: "keeps every school
# open", "will cost", "has spent", "is funded", "cuts subsidies", "pays for itself".
RESULT_VERBS = _set(
    """keep keeps kept cost costs pay pays paid spend spends spent fund funds funded save saves
    saved cut cuts raise raises raised double doubles close closes closed shut shuts open opens
    protect protects protected require requires required build builds built sell sells sold
    employ employs charge charges cover covers covered benefit benefits treat treats treated
    remove removes removed approve approves approved receive receives received"""
)
# An auxiliary of the perfect or the passive, and what may stand between it and the verb:
# "has spent", "had not risen", "was fully funded", "have already been closed".
PERFECT_WORDS = _set("has have had hasn't haven't hadn't 've")
PASSIVE_WORDS = _set("is are was were be been being isn't aren't wasn't weren't")
BETWEEN_WORDS = _set("not never already now since just been fully all also only once still")
# Passives that announce rather than report ("is expected on Friday", "was scheduled").
NOT_RESULTS = _set("expected scheduled planned supposed due set said thought believed understood")
# Participles the -ed and -en endings do not show.
PARTICIPLES = _set(
    """spent paid cut kept built sold shut made lost won left held brought bought sent set grown
    risen fallen gone done seen known shown begun put run become met taught found"""
)
# When something is to happen, by the day or the season: "on Monday", "next week", "in
# the spring". With a "will" or a reported "would" it is mostly an announcement of a
# meeting or a date, which editors seldom check (a cue; the model weighs it).
WHEN_WORDS = _set(
    """monday tuesday wednesday thursday friday saturday sunday tomorrow tonight weekend
    january february march april june july august september october november december
    spring summer autumn winter"""
)
WHEN_PAIRS = _set("next_week next_month next_term next_year the_coming end_of in_may coming_weeks coming_days")
FIRST_PERSON = _set("i i'm i've i'd me my myself")
SPEAKER_SUBJECTS = _set("i i've")
# What the speaker did or went through: "I served", "I've seen", "I grew up".
PAST_WORDS = _set(
    """was were had did went saw seen met came took told spent lived served worked visited grew
    been known taught ran lost won"""
)
FAMILY_NOUNS = _set("father mother dad mom mum parents grandfather grandmother brother sister son daughter wife husband family")
PRESCRIPTION_WORDS = _set("should shouldn't ought must mustn't")
PRESCRIPTION_PAIRS = _set("need_to needs_to have_to has_to got_to")
OPINION_WORDS = _set(
    """frankly obviously clearly great terrible horrible wonderful disaster disgrace ridiculous
    shameful outrageous wrong unfair fair good bad nice amazing tremendous incredible beautiful
    sad stupid important dangerous proud love hate"""
)
OPINION_PAIRS = _set(
    "i_think i_believe i_feel i_guess i_hope i_want my_view my_opinion i'm_sure i'm_convinced i'm_confident"
)
GREETING_WORDS = _set("thank thanks hello hi welcome congratulations goodbye")
GREETING_PAIRS = _set("good_evening good_morning good_afternoon good_night god_bless")
# The subject of a question tagged on to a statement ("..., isn't it?").
TAG_SUBJECTS = _set("it he she they we you i that there")
# The figure and comparison cues that make a claim of a question or a fragment:
# "Do you know we spend $73 billion on it?", "The worst winter since 1962."
CLAIM_CUES = frozenset({"figure", "percent", "quantity", "comparative", "superlative"})
PHRASE_HEADS = _set("the a an his her their its our my your this that these those some any no another such")
# The common verbs that take no ending in the plural ("our hearts go out").
COMMON_VERBS = _set(
    """go come want need know think say get make take see believe work belong support agree
    disagree help give keep pay cost live stand look seem feel hope mean wanna gonna"""
)
PREPOSITIONS = _set("of to for on in at by with from about against over under into after before")
VERB_CONTRACTIONS = _set("he's she's it's that's there's what's who's here's where's let's")
# Words that make a clause of a noun phrase: auxiliaries, copulas, modals, negation, and
# the common irregular past forms a suffix does not show.
VERB_WORDS = _set(
    """is are was were be been being am has have had do does did will would shall should can could
    may might must isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't
    wouldn't can't couldn't not went came took made said got gave saw knew told found left lost
    paid spent sold won built brought bought began ran kept held led met sent grew rose fell
    became"""
)


@dataclass(frozen=True, slots=True)
class Typed:
    """A claim's type, the reason an editor reads, and the cues that fired (model features)."""

    type: ClaimType
    reason: str
    cues: tuple[str, ...]


def words_of(text: str) -> list[str]:
    """The text's words in lower case ("’" read as "'"), with $ £ € % ? as words."""
    return _WORD_RE.findall(text.lower().replace("’", "'"))


def pairs(words: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


class _Text:
    """A text's words, word pairs and years, computed once for all the rules."""

    __slots__ = ("text", "words", "word_set", "pair_set", "years", "dated", "figure")

    def __init__(self, text: str, words: list[str]) -> None:
        self.text = text
        self.words = words
        self.word_set = frozenset(words)
        self.pair_set = frozenset(pairs(words))
        self.years = frozenset(_YEAR_RE.findall(text))
        # A year, a day or an hour ("March 3", "4 a.m.") dates a claim; a figure is a statistic.
        undated = _DAY_RE.sub(" ", _YEAR_RE.sub(" ", text)) if _DIGIT_RE.search(text) else text
        self.dated = bool(self.years) or len(undated) != len(text)
        self.figure = bool(_DIGIT_RE.search(undated))

    def has(self, words: frozenset[str], word_pairs: frozenset[str] = frozenset()) -> bool:
        return not words.isdisjoint(self.word_set) or not word_pairs.isdisjoint(self.pair_set)


def classify(
    text: str, *, belief: bool = False, reported: bool = False, stance: bool = False, words: list[str] | None = None
) -> Typed:
    """The claim type of a text and why. `belief` says the extractor attributed it with a
    verb of belief ("officials believe ..."), which makes a plain claim an opinion;
    `reported` that it is reported speech, where "would" is the "will" the speaker said
    ("she said the road would reopen"); `stance` that its cue is a stance ("criticised",
    "defended"), whose object is a noun phrase, often with a tail of prepositions."""
    t = _Text(text, words_of(text) if words is None else words)
    cues = tuple(name for name, test in _CUES if test(t))
    if reported and "prediction" not in cues and "would" in t.word_set:
        cues += ("prediction",)
    if "prediction" in cues and t.has(WHEN_WORDS, WHEN_PAIRS):
        cues += ("scheduled",)
    nothing = "" if not CLAIM_CUES.isdisjoint(cues) else _nothing_reason(t, stance=stance)
    if nothing:
        return Typed(ClaimType.NOTHING, nothing, cues)
    for name, claim_type, reason in _RULES:
        if name in cues:
            if name == "comparative" and ("period" in cues or t.dated):
                reason = "compares two periods"
            return Typed(claim_type, reason, cues)
    if belief:
        return Typed(ClaimType.OPINION, "states a belief", cues)
    if t.dated:
        return Typed(ClaimType.OTHER, "states a fact with a date", cues)
    return Typed(ClaimType.OTHER, "states something as fact", cues)


def _comparative(t: _Text) -> bool:
    """A "than" that compares ("more jobs than", "higher than in 2010"; not "rather than"),
    or a phrase of comparison ("compared with", "up from", "rose by")."""
    if t.has(COMPARISON_PAIRS):
        return True
    words = t.words
    for i, w in enumerate(words):
        if w == "than" and i and NOT_COMPARATIVES.isdisjoint(words[max(0, i - PREFERENCE_REACH) : i]):
            return True
        if w in CHANGE_VERBS and i + 1 < len(words) and words[i + 1] in CHANGE_PREPOSITIONS:
            return True
    return False


def _superlative(t: _Text) -> bool:
    """A superlative and a word that makes it a record: "the highest ever", "the most in history"."""
    if RECORD_WORDS.isdisjoint(t.word_set):
        return False
    return any(w in SUPERLATIVES or (w.endswith("est") and len(w) > 5) for w in t.words)


def _jobs(t: _Text) -> bool:
    """Jobs created, lost or destroyed: a cause and its effect in three words."""
    words = t.words
    return any(w == "jobs" and not JOB_VERBS.isdisjoint(words[max(0, i - 3) : i]) for i, w in enumerate(words))


def _law(t: _Text) -> bool:
    """A legal word; "bill" only when written in lower case (not the name Bill), "act"
    only as a title ("the Clean Air Act")."""
    found = LAW_WORDS & t.word_set
    if not found.isdisjoint({"bill", "act"}):
        found -= {w for w in ("bill", "act") if w in found and not _law_sense(t.text, w)}
    return bool(found) or t.has(frozenset(), LAW_PAIRS)


def _law_sense(text: str, word: str) -> bool:
    if word == "bill":
        return re.search(r"\bbills?\b", text) is not None
    return re.search(r"\b[A-Z]\w+ Act\b", text) is not None


def _participle(word: str) -> bool:
    if word in NOT_RESULTS:
        return False
    return word in PARTICIPLES or (len(word) > 4 and word.endswith(("ed", "en")))


def _result(t: _Text) -> bool:
    """A verb of what a policy or a body does ("keeps", "cuts", "has spent"), not the noun
    a determiner or a preposition introduces ("the fund", "the cuts", "of costs")."""
    words = t.words
    return any(w in RESULT_VERBS and (i == 0 or not _opens_noun(words[i - 1])) for i, w in enumerate(words))


def _perfect(t: _Text) -> bool:
    """A perfect or a passive, what news reports a result in: "has spent", "had not
    risen", "was fully funded", "were removed"."""
    words = t.words
    for i, w in enumerate(words):
        if w in PERFECT_WORDS or w in PASSIVE_WORDS:
            j = i + 1
            while j < len(words) and j <= i + 3 and words[j] in BETWEEN_WORDS:
                j += 1
            if j < len(words) and _participle(words[j]) and words[j] != "been":
                return True
    return False


def _experience(t: _Text) -> bool:
    """The speaker as the subject of a past verb ("I served", "I've seen", "when I was"),
    or the speaker's family in the past ("my father worked ...")."""
    words = t.words
    for i, w in enumerate(words[:-1]):
        following = words[i + 1]
        if w in SPEAKER_SUBJECTS and (following in PAST_WORDS or (following.endswith("ed") and len(following) > 4)):
            return True
        if w == "my" and following in FAMILY_NOUNS and not PAST_WORDS.isdisjoint(words[i + 2 : i + 5]):
            return True
    return False


_CUES = (
    ("figure", lambda t: t.figure),
    ("date", lambda t: t.dated),
    ("percent", lambda t: t.has(PERCENT_WORDS)),
    ("money", lambda t: t.has(MONEY_WORDS)),
    ("quantity", lambda t: t.has(QUANTITY_WORDS)),
    ("count", lambda t: t.has(COUNT_WORDS)),
    ("comparative", _comparative),
    ("superlative", _superlative),
    ("period", lambda t: t.has(PERIOD_WORDS, PERIOD_PAIRS)),
    ("cause", lambda t: t.has(CAUSE_WORDS, CAUSE_PAIRS) or _jobs(t)),
    ("law", _law),
    ("prediction", lambda t: t.has(FUTURE_WORDS, FUTURE_PAIRS) or any(w.endswith("'ll") for w in t.words)),
    ("fraction", lambda t: t.has(frozenset(), FRACTION_PAIRS)),
    ("absolute", lambda t: t.has(ABSOLUTE_WORDS, ABSOLUTE_PAIRS)),
    ("result", _result),
    ("perfect", _perfect),
    ("first_person", lambda t: t.has(FIRST_PERSON)),
    ("experience", _experience),
    ("prescription", lambda t: t.has(PRESCRIPTION_WORDS, PRESCRIPTION_PAIRS)),
    ("opinion", lambda t: t.has(OPINION_WORDS, OPINION_PAIRS)),
)

_RULES = (
    ("percent", ClaimType.STATISTIC, "cites a percentage"),
    ("figure", ClaimType.STATISTIC, "cites a figure"),
    ("quantity", ClaimType.STATISTIC, "gives a quantity"),
    ("comparative", ClaimType.COMPARISON, "compares two things"),
    ("superlative", ClaimType.COMPARISON, "calls something the most or least of its kind"),
    ("cause", ClaimType.CAUSE, "says one thing caused another"),
    ("law", ClaimType.LAW, "says what a law or rule says"),
    ("prediction", ClaimType.PREDICTION, "predicts what will happen"),
    ("experience", ClaimType.EXPERIENCE, "tells of the speaker's own experience"),
    ("prescription", ClaimType.OPINION, "says what should be done"),
    ("opinion", ClaimType.OPINION, "gives an opinion"),
)


def _nothing_reason(t: _Text, *, stance: bool = False) -> str:
    """Why there is nothing to check in the text, "" when there may be."""
    words = [w for w in t.words if w != "?"]
    if not words:
        return "has no words"
    if t.text.rstrip(" \t\n\"'”’)").endswith("?") and not _tag_question(words):
        return "asks a question"
    if len(words) <= MAX_GREETING_WORDS and (words[0] in GREETING_WORDS or " ".join(words[:2]) in GREETING_PAIRS):
        return "is a greeting or thanks"
    if len(words) < MIN_WORDS:
        return "too short to check"
    limit = MAX_STANCE_PHRASE_WORDS if stance else MAX_BARE_PHRASE_WORDS
    if _is_bare_phrase(words, limit) or _is_bare_name(t.text, words):
        return "is a bare noun phrase"
    return ""


def _tag_question(words: list[str]) -> bool:
    """A statement with a question tagged on: "..., isn't it?", "..., didn't they?"."""
    return len(words) > 3 and words[-2].endswith("n't") and words[-1] in TAG_SUBJECTS


def _is_bare_phrase(words: list[str], limit: int = MAX_BARE_PHRASE_WORDS) -> bool:
    """A determiner, then a few words none of which can make a clause: "the delay", "his
    handling of the crisis". Past the first noun, a word in -s or -ed or a common verb that
    no determiner, preposition or possessive introduces, or a contraction, may be a verb
    ("the economy grew", "our hearts go out", "the army works"):
    the rule then stays out, for a clause scored as nothing would never reach an editor."""
    if len(words) > limit or words[0] not in PHRASE_HEADS:
        return False
    if any(_contraction(w) or w in VERB_WORDS for w in words[1:]):
        return False
    return not any(
        (w in COMMON_VERBS or _inflected(w)) and not _opens_noun(before) for before, w in zip(words[1:], words[2:])
    )


def _opens_noun(word: str) -> bool:
    """Whether the next word is a noun whatever its ending: after a determiner, a
    preposition or a possessive ("the floods", "of costs", "the council's cuts")."""
    return word in PHRASE_HEADS or word in PREPOSITIONS or word.endswith("'s")


def _is_bare_name(text: str, words: list[str]) -> bool:
    """A name alone: a few words, each written with a capital, none of them maybe a verb
    ("Kim Jong Un", "Gull Point"; not the headline "Mayor Closes Library")."""
    if len(words) > MAX_BARE_PHRASE_WORDS or not all(w[:1].isupper() for w in _WORD_RE.findall(text) if w != "?"):
        return False
    return not any(w in VERB_WORDS or _inflected(w) for w in words[1:])


def _contraction(word: str) -> bool:
    return "'" in word and not word.endswith("'s") or word in VERB_CONTRACTIONS


def _inflected(word: str) -> bool:
    """A word in -ed, or in -s that is not -ss, -us or -is: maybe a verb."""
    return word.endswith("ed") or (word.endswith("s") and not word.endswith(("ss", "us", "is")))
