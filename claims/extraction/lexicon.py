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
    retort boast concur agree hint imply assure affirm inform brief signal lament recommend
    confess confide grumble grouse opine posit surmise theorize theorise hypothesize scoff object
    preach profess exhort lecture trumpet taunt
    """.split()
)

# Verbs of stance and evaluation: what they attribute is often a noun phrase or a
# prepositional object ("criticized the plan", "called for a recount"), not a clause.
NP_CONTENT_VERBS = frozenset(
    """
    call show endorse describe seek accuse criticize criticise decline offer talk express mention
    promise cite refuse propose praise oppose question pledge defend reject blame attack discuss
    blast denounce dismiss charge mock compare list echo tout slam thank condemn decry rail lament
    highlight voice refer point hope hop fear worry prefer request applaud
    hail reiterate remind emphasize emphasise stress agree respond reply admit deny confirm recall
    announce ask report write explain reveal acknowledge claim declare vow threaten complain warn
    portray label dub brand slam lambast chide fault scold ridicule laud commend champion back
    advocate demand urge support release decide issue share like view name identify
    remember order favor favour challenge lay nominate introduce aim encourage convince present
    publish rule apologize apologise brag boast signal find note
    deem reference credit outline assail attribute detail congratulate invoke disavow dispute
    rebut clarify recite articulate rebuke liken contradict interpret rebuff elaborate downplay
    disparage envision vouch underscore utter insult belittle bemoan allude reaffirm deride
    repudiate spar contemplate dislike retweet retweete document refute herald extol extoll
    vent revile savage reprimand renounce publicize publicise overstate spotlight jab needle
    """.split()
)

# Verbs of belief and knowledge: they attribute a clause ("officials believe that ..."),
# never a quotation on their own.
BELIEF_VERBS = frozenset(
    """
    think believe know doubt guess realize realise assume suspect expect
    consider contend suppose reckon fear worry hope hop wish want plan see find learn
    recognize recognise acknowledge agree disagree bet predict forecast estimate project indicate
    ponder mull foresee
    """.split()
)

# Prepositions through which a belief verb names what it is about: "think about", "know of"
# (and "believe in").
BELIEF_PREPOSITIONS = frozenset("about of".split())

# Sources of evidence that speak through "in": "in a CNN poll, Clinton leads".
EVIDENCE_NOUNS = frozenset("poll survey study report analysis data review audit census forecast projection".split())

# Attribution with no source named: "X is said to ...", "X reportedly ...".
# Only where the text says the words or the belief are somebody's: "is said to", "is
# believed to". A reporter's own forecast or impression ("is expected to", "seems to") has
# no source and is no claim.
SOURCELESS_PASSIVES = frozenset("believe think say report rumor rumour allege".split())
HEARSAY_ADVERBS = frozenset("reportedly allegedly purportedly supposedly reputedly".split())

# Documents named right after a cue ("said in a statement", "wrote in a blog post"): the
# document carries the words and annotators mostly keep it in the cue. The occasion or the
# conversation they were said in ("said in an interview", "in a speech", "in an email") they
# mostly leave out (PolNeAR train: 51 of 82 "interview", 10 of 14 "email", 7 of 7 "speech"
# left out; 46 of 72 "statement" kept).
CHANNEL_NOUNS = frozenset("statement letter op-ed post release memo message".split())

# Nouns that attribute when someone owns them: "Trump's criticism of the deal",
# "the claim by officials that ...".
NOUN_CUES = frozenset(
    """
    support criticism question statement claim assertion complaint accusation allegation attack
    call warning promise pledge view belief argument opposition endorsement concern praise demand
    suggestion proposal decision comment remark announcement insistence threat vow admission denial
    defense defence objection assessment prediction
    """.split()
)

# Prepositions that carry the content after such verbs ("talked about", "referred to").
CONTENT_PREPOSITIONS = frozenset("about to for on against of with over".split())

# Adverbs right before a cue stay with it ("has also said", "publicly denied"), except
# these, which open a clause or link it rather than qualify the verb.
NON_CUE_ADVERBS = frozenset("when where why how so however thus therefore meanwhile instead there".split())

# Words and phrases that link a sentence to the one before it ("Meanwhile, ...", "In fact,
# ...", "But ..."): the writer's, not part of what a source is reported to have said.
COORDINATORS = frozenset("and but yet so".split())
DISCOURSE_CONNECTIVES = COORDINATORS | frozenset(
    """
    still however meanwhile nevertheless nonetheless moreover furthermore indeed instead besides
    similarly likewise also
    """.split()
) | frozenset((
    "in fact", "even so", "at the same time", "in addition", "after all", "of course", "as a result",
    "in other words", "for example", "for instance", "by contrast", "in contrast", "on the other hand",
))

# Verbs that attribute only when a quotation stands right beside them ("..." she asked),
# the verbs of the manner of speaking among them ("..." he barked, beamed, muttered).
QUOTE_ONLY_VERBS = frozenset(
    """
    ask continue demand sing chant joke shout scream yell exclaim laugh muse wonder marvel
    quip snap sigh whisper cry plead beg interject interrupt offer begin start conclude
    bark bellow boom growl grumble holler hiss mumble murmur mutter roar snarl thunder gush
    beam scoff sneer fume rave confess demur elaborate
    press react retaliate riff deadpan chime rant vent tease
    """.split()
)

# Verbs that carry a quotation only with "back": a retort ("“No,” she shot back").
RETORT_VERBS = frozenset("shoot fire hit".split())
# What can "read" words as its subject: a sign or a document ("“...,” the banner read").
INSCRIPTION_NOUNS = frozenset(
    """
    sign banner placard poster headline caption slogan message inscription plaque editorial
    letter statement memo note tweet post email e-mail ad advertisement text label one another
    """.split()
)

# Verbs whose object names the kind of saying, and the object's own clause or prepositional
# phrase what was said ("expressed concern that ...", "voiced support for ...", "offered his
# thoughts on ..."): the object belongs to the cue, as annotators mark it.
NAMING_VERBS = frozenset("express voice offer".split())
# Prepositions after such an object that introduce what was said ("dismay at", "interest in").
NAMED_SAYING_PREPOSITIONS = frozenset("about to for on against of with over at in into toward towards".split())

# Ordinary verbs that report words only when they carry a clause or name something said
# ("shared that ...", "offered an apology", "sees the deal as a mistake"), never with any
# object ("shared the cost", "offered to resign", "supported the park", "saw the fire").
# Beside a quotation they still attribute it.
CLAUSE_ONLY_VERBS = frozenset("offer share support see".split())
# Verbs whose infinitive says what someone must, will or may do ("has to convince", "needs
# to show", "is to find"): no act of theirs that could be attributed.
OBLIGATION_VERBS = frozenset("have need be ought get use want hope plan try seek wish expect intend like love".split())
# Who can be supported as a side taken ("supported Sanders", "supporting her"): named
# people and bodies, and the pronouns that stand for them.
PARTY_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
PARTY_PRONOUNS = frozenset({"him", "her", "them", "us", "me"})
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "who"})
# What someone says, offers or shares: the objects that make such a verb report words.
SPEECH_OBJECT_NOUNS = frozenset(
    """
    view opinion thought concern worry story anecdote memory experience feeling belief idea
    defense defence retort rebuttal reply response answer apology condolence sympathy thanks
    congratulation praise criticism critique assessment explanation comment remark insight
    advice suggestion proposal plan specific detail argument counterargument prediction warning
    assurance message account analysis vision prayer tribute endorsement support word statement
    reason reassurance perspective take estimate guess hope wish objection excuse justification
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

# Intermediaries: who passed the words on. An object of "told" (or the other side of "in an
# interview with") is one only when it publishes: an ORG entity that is not one of
# AUDIENCE_BODIES, a known agency, or a noun phrase headed by one of MEDIA_WORDS ("the
# newspaper", "state television"). "news" and "press" stay out of the heads on purpose:
# "a news conference" and "the press" are audiences; inside an ORG name they still count.
MEDIA_WORDS = frozenset(
    """
    agency newspaper paper broadcaster television tv radio channel magazine outlet wire
    daily weekly tabloid network website media
    """.split()
)
# Heads that publish only with a medium beside them: "a local radio station", not "the police station".
MEDIA_CARRIERS = frozenset("station programme program show service".split())
KNOWN_AGENCIES = frozenset(
    "afp reuters ap xinhua tass interfax yonhap kyodo bloomberg dpa ansa efe ria pti ani ians bernama".split()
)
# Bodies the parser tags ORG that hear words but do not publish them ("told the Senate").
AUDIENCE_BODIES = frozenset(
    """
    senate congress parliament house assembly committee subcommittee council court tribunal
    commission board cabinet conference summit convention caucus inquiry panel hearing forum
    lok sabha rajya bundestag duma knesset nations un nato imf union ministry department
    police party university school bank fund
    """.split()
)
# Nouns of a conversation that carries words to an outlet: "in an interview with the BBC".
INTERVIEW_NOUNS = frozenset("interview conversation comments remarks podcast broadcast appearance".split())

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
PLURAL_PRONOUNS = frozenset({"they", "them"})
ORG_PRONOUNS = frozenset({"it"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})

# Adjectives of stance after "be": "was confident that ...", "has been critical of X".
# They attribute only with a clause or a prepositional object beside them.
STANCE_ADJECTIVES = frozenset(
    """
    sure certain confident convinced optimistic pessimistic hopeful skeptical sceptical doubtful
    wary afraid fearful worried concerned nervous anxious critical supportive eager keen proud
    aware adamant unhappy angry upset furious frustrated disappointed enthusiastic opposed
    """.split()
)
# Prepositions that carry the content after such an adjective ("worried about", "proud of").
STANCE_ADJECTIVE_PREPOSITIONS = frozenset("about of on over in with to that".split())
# Of these, the ones that also raise a subject ("the bill is sure to pass"): no infinitive.
RAISING_ADJECTIVES = frozenset("sure certain".split())

# Verbs that attribute only through one of their prepositions: "spoke about the deficit".
PREPOSITION_VERBS = {
    "speak": frozenset({"about", "of"}),
}

# Verbs that attribute a view of something when they cast it "as" something:
# "she sees the tax as a burden", "he regarded the deal as a mistake".
AS_VERBS = frozenset("see regard characterize characterise depict paint cast frame perceive".split())

# Honorifics before a name: never part of it, and some tell the person's gender.
HONORIFICS = {
    "mr": "m", "mr.": "m", "mister": "m", "sir": "m", "lord": "m", "mrs": "f", "mrs.": "f", "ms": "f",
    "ms.": "f", "miss": "f", "madam": "f", "lady": "f", "dame": "f", "dr": "", "dr.": "", "prof": "",
    "prof.": "", "rev": "", "rev.": "",
}
# Pronouns that tell a person's gender when they refer back to a name.
GENDERED_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
# Role nouns that tell a person's gender ("the chairwoman").
GENDERED_NOUNS = {
    "spokeswoman": "f", "chairwoman": "f", "businesswoman": "f", "congresswoman": "f", "woman": "f",
    "mother": "f", "wife": "f", "daughter": "f", "queen": "f", "princess": "f", "actress": "f",
    "spokesman": "m", "chairman": "m", "businessman": "m", "congressman": "m", "man": "m",
    "father": "m", "husband": "m", "son": "m", "king": "m", "prince": "m", "actor": "m",
}
# A small list of common first names and their usual gender; the text's own pronouns and
# honorifics outweigh it.
FIRST_NAMES = {
    **dict.fromkeys(
        """
        john james robert michael william david richard joseph thomas charles daniel matthew
        anthony mark paul steven andrew kenneth joshua kevin brian george edward ronald timothy
        jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon
        frank benjamin gregory samuel raymond patrick alexander jack dennis jerry peter carlos
        juan jose luis miguel pedro marco mario giovanni pierre jean hans karl klaus olaf lars
        erik ivan dmitri sergei vladimir ahmed mohammed mohammad ali omar hassan barack donald
        joe bernie mike ted rand boris emmanuel xi narendra recep viktor volodymyr teodor tom
        bill bob jim tim ben sam max oliver henry harry noah liam lucas felix hugo leo adam
        """.split(),
        "m",
    ),
    **dict.fromkeys(
        """
        mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
        betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
        deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna
        brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
        janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina
        lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria
        ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise
        amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella
        charlotte rose alexis kayla hillary angela theresa elena sofia ines ingrid greta ida
        lena anja marta eva nadia olga irina svetlana fatima aisha leila yasmin kamala nikki
        ursula marine giorgia jacinda nicola liz priya mei yuki
        """.split(),
        "f",
    ),
}
# People named by their nationality: "the Spaniard" is a person the text called Spanish.
DEMONYMS = {
    "spaniard": "spanish spain", "briton": "british britain uk", "frenchman": "french france",
    "frenchwoman": "french france", "englishman": "english england", "englishwoman": "english england",
    "scot": "scottish scotland", "welshman": "welsh wales", "irishman": "irish ireland",
    "irishwoman": "irish ireland", "dutchman": "dutch netherlands", "dutchwoman": "dutch netherlands",
    "dane": "danish denmark", "swede": "swedish sweden", "finn": "finnish finland", "pole": "polish poland",
    "turk": "turkish turkey", "swiss": "swiss switzerland", "german": "german germany",
    "italian": "italian italy", "american": "american us", "russian": "russian russia",
    "australian": "australian australia", "canadian": "canadian canada", "brazilian": "brazilian brazil",
    "argentine": "argentine argentina argentinian", "argentinian": "argentine argentina argentinian",
    "mexican": "mexican mexico", "norwegian": "norwegian norway", "portuguese": "portuguese portugal",
    "greek": "greek greece", "japanese": "japanese japan", "chinese": "chinese china",
    "indian": "indian india", "israeli": "israeli israel", "ukrainian": "ukrainian ukraine",
    "austrian": "austrian austria", "belgian": "belgian belgium", "kenyan": "kenyan kenya",
    "nigerian": "nigerian nigeria", "egyptian": "egyptian egypt", "serb": "serbian serbia",
    "croat": "croatian croatia", "czech": "czech czechia", "hungarian": "hungarian hungary",
    "romanian": "romanian romania", "korean": "korean korea", "iranian": "iranian iran",
    "ethiopian": "ethiopian ethiopia", "somali": "somali somalia", "ghanaian": "ghanaian ghana",
    "south african": "south african africa", "pakistani": "pakistani pakistan", "afghan": "afghan afghanistan",
    "iraqi": "iraqi iraq", "syrian": "syrian syria", "saudi": "saudi arabia", "lebanese": "lebanese lebanon",
    "chilean": "chilean chile", "colombian": "colombian colombia", "peruvian": "peruvian peru",
    "venezuelan": "venezuelan venezuela", "cuban": "cuban cuba", "filipino": "filipino philippines",
    "vietnamese": "vietnamese vietnam", "thai": "thai thailand", "indonesian": "indonesian indonesia",
    "moroccan": "moroccan morocco", "algerian": "algerian algeria", "tunisian": "tunisian tunisia",
    "slovak": "slovak slovakia", "slovenian": "slovenian slovenia", "bulgarian": "bulgarian bulgaria",
    "estonian": "estonian estonia", "latvian": "latvian latvia", "lithuanian": "lithuanian lithuania",
    "icelander": "icelandic iceland", "new zealander": "new zealand", "jamaican": "jamaican jamaica",
}
# Platforms and outlets: where words appear, never who speaks them when someone is named.
PLATFORMS = frozenset(
    """
    x twitter facebook instagram tiktok youtube telegram linkedin reddit whatsapp threads
    snapchat substack weibo wechat bluesky mastodon truth bbc cnn fox msnbc nbc abc cbs npr pbs
    itv sky
    """.split()
    + ["truth social", "fox news", "sky news", "the new york times", "new york times", "washington post",
       "the guardian", "guardian", "wall street journal", "financial times", "associated press"]
)
# Head nouns by which a text calls an organisation a company ("the firm").
COMPANY_NOUNS = frozenset("company firm corporation utility group business operator maker carrier airline bank retailer insurer lender developer manufacturer producer supplier provider chain brand".split())
# Head nouns of a named body written in common nouns: "the chamber of commerce".
BODY_NOUNS = frozenset(
    """
    chamber institute institution association federation foundation society council
    committee commission ministry department agency authority office bureau board union
    court tribunal academy center centre school university college league alliance
    confederation coalition organisation organization fund bank service trust
    """.split()
)
