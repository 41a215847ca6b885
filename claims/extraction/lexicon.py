"""Word lists the rules consult. Lemmas, lower case."""

from __future__ import annotations

# Verbs that introduce what someone said, wrote, or asserts.
SPEECH_VERBS = frozenset(
    """
    say tell add state claim confirm announce declare explain note argue insist warn write
    read report reply respond answer acknowledge admit allege assert contend deny emphasize
    emphasise stress suggest predict promise vow pledge recall remark reveal disclose maintain
    tweet post testify quip concede complain urge comment caution conclude mention observe
    proclaim recount reiterate repeat speculate estimate describe accuse charge counter
    retort boast concur agree hint imply assure affirm inform brief signal lament
    """.split()
)

# Verbs that attribute only when a quotation stands right beside them ("..." she asked).
QUOTE_ONLY_VERBS = frozenset(
    """
    ask continue demand sing chant joke shout scream yell exclaim laugh muse wonder marvel
    quip snap sigh whisper cry plead beg interject interrupt offer begin start conclude
    """.split()
)

# Cue verbs that take a clausal complement but also often appear without one.
QUOTE_PASSIVE_VERBS = frozenset({"quote", "cite"})

# Nouns naming a document or message that can itself "say" something.
DOCUMENT_NOUNS = frozenset(
    """
    letter statement report memo message note tweet post release communique communiqué
    document email e-mail notice filing complaint lawsuit ruling order decree editorial
    """.split()
)

# Verbs by which someone produces a document ("Kim sent a letter").
DOCUMENT_AUTHORING_VERBS = frozenset(
    "send write issue release publish post sign deliver pen draft file submit".split()
)

# Place names and buildings that stand for a government or institution when they speak.
GOVERNMENT_METONYMS = frozenset(
    """
    washington moscow beijing kyiv kiev london paris berlin tokyo pyongyang seoul tehran
    brussels ottawa canberra ankara cairo riyadh jerusalem damascus minsk us u.s. usa
    america britain china russia ukraine france germany japan iran israel
    """.split()
    + ["new delhi", "united states", "the us", "the u.s."]
)
ORGANIZATION_METONYMS = frozenset(
    ["kremlin", "white house", "pentagon", "downing street", "elysee", "élysée", "state department",
     "foreign ministry", "blue house", "capitol hill", "whitehall", "quai d'orsay"]
)

# Intermediaries: words that mark a news organisation relaying a quote.
MEDIA_WORDS = frozenset(
    """
    agency news newspaper paper broadcaster television tv radio channel magazine outlet wire
    press daily times post journal tribune gazette herald network reporters
    """.split()
)
KNOWN_AGENCIES = frozenset(
    "afp reuters ap xinhua tass interfax yonhap kyodo bloomberg dpa ansa efe ria pti bernama".split()
)

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
PLURAL_PRONOUNS = frozenset({"they", "them"})
ORG_PRONOUNS = frozenset({"it"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
