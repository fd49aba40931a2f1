"""French rules: number formats and unit words for figures; speech verbs, pronouns and titles for quotes.

French writes "2 209" (space, no-break space or narrow no-break space between thousands), "14,3" (decimal
comma), "24 %" (a space before %), "14,3 Md$", "3 M€", "500 k€"; attributions are inverted after a quote
("a-t-il dit", "a déclaré Mark Zuckerberg") or lead into it ("X a affirmé que « … »", "selon X, « … »").
"""

from __future__ import annotations

import re

from reader.facts_figures import FigureWords
from reader.facts_speech import SpeechRules
from reader.facts_trie import trie_pattern

_NUMBER = re.compile(
    r"[+\-−]?(?:\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3}(?![\d]))+(?:,\d+)?|\d+(?:[,.]\d+)?)(?![\d])"
)


def _parse_number(raw: str) -> float | None:
    if raw.isascii() and raw.isdigit():  # the common case; "²".isdigit() is True but float("²") fails
        return float(raw)
    raw = raw.replace("−", "-")
    raw = re.sub(r"[ \u00a0\u202f\u2009]", "", raw)
    if re.fullmatch(r"[+\-]?\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")  # "1.000.000" with dots between thousands
    raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


_NUMBER_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
    "mille": 1000, "un": 1, "une": 1,
}

_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}

_TIME_UNITS = {
    w: w
    for w in (
        "seconde secondes minute minutes heure heures jour jours semaine semaines mois an ans année années "
        "décennie décennies siècle siècles trimestre trimestres semestre semestres nuit nuits saison saisons"
    ).split()
}

_NOUN_STOP = frozenset(
    """
    a à au aux avec ce ces cet cette chez comme contre dans de des du elle elles en entre est et était été eu
    font il ils je la le les leur leurs lui mais même ne ni nous on ont ou où par pas pendant plus pour qu que
    qui sa sans se selon ses si son sont sous sur tout tous toutes un une vers vous y fois autres seulement environ près presque ans-là cela ceci avait
    avaient sera seront serait auraient aurait ça quand dont alors puis car soit mieux moins aussi très trop
    fin début mi-
    """.split()
)

WORDS = FigureWords(
    number=_NUMBER,
    parse_number=_parse_number,
    number_words={k: float(v) for k, v in _NUMBER_WORDS.items()},
    collectives={
        "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
        "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
        "dizaines": None, "centaines": None, "milliers": None, "millions": None, "milliards": None,
    },
    scales={"milliard": 1e9, "milliards": 1e9, "million": 1e6, "millions": 1e6, "mille": 1e3, "billion": 1e12,
            "billions": 1e12, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9},
    short_scales={"Md": 1e9, "Mds": 1e9, "Mrd": 1e9, "Mrds": 1e9, "M": 1e6, "k": 1e3, "K": 1e3},
    currencies={
        "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "usd": "USD",
        "dollar": "USD", "dollars": "USD", "dollars américains": "USD", "dollars us": "USD",
        "dollars canadiens": "CAD", "dollars australiens": "AUD", "c$": "CAD", "a$": "AUD",
        "£": "GBP", "livre sterling": "GBP", "livres sterling": "GBP", "livres": "GBP", "gbp": "GBP",
        "¥": "JPY", "yen": "JPY", "yens": "JPY", "jpy": "JPY", "yuan": "CNY", "yuans": "CNY", "cny": "CNY",
        "francs suisses": "CHF", "franc suisse": "CHF", "chf": "CHF", "francs cfa": "XOF", "roubles": "RUB",
        "rouble": "RUB", "roupies": "INR", "dirhams": "MAD", "dinars": "TND",
    },
    percent_words=re.compile(r"%|pour[ \u00a0-]?cent(?![\w])|pourcents?(?![\w])", re.IGNORECASE),
    points_words=re.compile(r"points?[ \u00a0]+de[ \u00a0]+(?:pourcentage|(?P<base>base))(?![\w])", re.IGNORECASE),
    time_units=_TIME_UNITS,
    months=_MONTHS,
    weekdays=frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split()),
    approx=re.compile(
        r"(?:(?:un peu )?(?:près|plus|moins) d['’]|(?:un peu )?(?:près|plus|moins) de |environ |quelque |"
        r"quelques |au moins |presque |pas moins de |autour de |quasiment |approximativement |d['’]environ |"
        r"au total |quelque |plus d['’]un |au-delà de |de l['’]ordre de |en moyenne )$",
        re.IGNORECASE,
    ),
    range_open=re.compile(
        r"(?:(?<![\w])entre |(?<![\w])de |(?<![\w])d['’]|(?<![\w])du )(?:[+\-−])?$", re.IGNORECASE
    ),
    range_join=re.compile(r"[ \u00a0]*(?:-|–|—|à|et|au)[ \u00a0]*(?=[+\-−]?\d)"),
    ratios={"double": 2.0, "triple": 3.0, "quadruple": 4.0, "moitié": 0.5, "tiers": 1 / 3, "quart": 0.25,
            "décuple": 10.0},
    ratio_before=re.compile(
        r"(?:près du |plus du |moins du |près de la |plus de la |moins de la |près d['’]un |le |du |au |la |de la |"
        r"un |(?P<n>deux|trois) )$", re.IGNORECASE
    ),
    times_word=re.compile(r"[ \u00a0]+fois[ \u00a0]+(?:plus|moins)(?![\w])", re.IGNORECASE),
    of_word=re.compile(r"(?:de[ \u00a0]+|d['’])", re.IGNORECASE),
    measures=frozenset(
        "tonnes tonne kilos kilo kg kilogrammes litres litre hectares hectare barils baril mètres mètre km "
        "kilomètre millimètres millimètre mm centimètres centimètre cm mètres-carrés m g l t ha "
        "kilomètres mètres-cubes m3 m² m2 mégawatts gigawatts mw gw twh kwh sacs caisses conteneurs lots "
        "doses wagons camions cartons palettes".split()
    ),
    noun_stop=_NOUN_STOP,
    month_cue=re.compile(
        r"(?:\ben|début|fin|mi-|depuis|dès|d['’]ici(?: à)?|courant|mois de|jusqu['’]en|avant|après)[ \u00a0]*$",
        re.IGNORECASE,
    ),
    hour=re.compile(
        r"\d{1,2}[ \u00a0]?h[ \u00a0]?\d{2}(?![\w])|\d{1,2}[ \u00a0]?h(?![\w])|(?<=à )\d{1,2}[ \u00a0]heures?"
        r"(?:[ \u00a0]\d{2})?(?![\w])",
        re.IGNORECASE,
    ),
    ordinal_minute=re.compile(r"\d{1,3}(?:e|ème|eme)[ \u00a0]+minute(?![\w])", re.IGNORECASE),
    day_before_month=True,
    clock_cue=re.compile(r"(?:(?<![\w])(?:à|vers|dès|avant|après|jusqu['’]à|jusqu['’]aux?|lundi|mardi|mercredi|jeudi|"
                         r"vendredi|samedi|dimanche|soir|matin)[ \u00a0]+)$",
                         re.IGNORECASE),
    clock_after=re.compile(r"[ \u00a0]+(?:du matin|du soir|de l['’]après-midi)(?![\w])", re.IGNORECASE),
    temperature=re.compile(r"°[ \u00a0]?[CF]?|degrés?(?: Celsius)?(?![\w])", re.IGNORECASE),
    half_prefix="demi-",
    clock_units=frozenset({"heure", "heures"}),
    hour_unit="heures",
    rank_cue=re.compile(r"(?:\bnuméro|\bn°|\bno\.?)[ \u00a0]*$", re.IGNORECASE),
    noun_after_scale=False,
    skip_adjectives=frozenset("principaux principales grands grandes gros grosses petits petites nouveaux nouvelles "
                              "jeunes vieux anciens anciennes meilleurs meilleures pires premiers premières derniers "
                              "dernières prochains prochaines".split()),
    superlative_suffix="",
    proportion=re.compile(
        r"(?:[ \u00a0]+[^\W\d_][^\W\d_’'\-]*){0,2}?[ \u00a0]+sur[ \u00a0]+(?P<den>\d+|deux|trois|quatre|cinq|six|"
        r"sept|huit|neuf|dix|vingt|cent|mille)(?![\w])",
        re.IGNORECASE,
    ),
    multiplied=re.compile(r"(?:multipli|(?P<div>divis))[éèeaiso]*[a-z]*[ \u00a0]+par[ \u00a0]+$", re.IGNORECASE),
    duration_lead=re.compile(
        r"(?:\bpendant|\bdurant|\bpour|\bdepuis|\ben|\bdans|\bd['’]ici|\bil y a|\bmoins d['’]|\bplus d['’])[ \u00a0]*$",
        re.IGNORECASE,
    ),
    range_day_join=re.compile(r"[ \u00a0]*(?:au|à|-|–|et)[ \u00a0]*(?P<day>\d{1,2})(?![\d])"),
)

_ER_STEMS = (
    "déclar affirm ajout expliqu soulign indiqu précis estim assur rappel confi lanc annonc dénonc regrett "
    "jug considér martel martèl déplor félicit inquiét racont témoign résum comment not observ relev analys "
    "plaid ironis exclam emport tonn confirm répét répèt insist interrog demand tweet détaill avanc "
    "argument justifi critiqu fustig exhort réclam lâch gliss souffl murmur cri agac évoqu confess avou "
    "révél signal mentionn rapport répliqu rétorqu objet abond tempér nuanc concéd concèd rassur alert "
    "pointé raill persist accus tranch commenté prévien insisté souhait espér jur conclu ajout salu confi "
    "précis interpell exprim prononc appel parl soupir"
).split()
_CEDILLA = "annonç lanç avanç nuanç prononç".split()
_IRREGULAR = (
    "dit dire dis disait disent disant dira diront écrit écrire écrivait écrivant répond répondu répondait "
    "répondant répondit reconnaît reconnait reconnu reconnaissait reconnaissant admet admis admettait "
    "admettant promet promis poursuit poursuivi poursuivait poursuivant conclut conclu concluait concluant "
    "soutient soutenu soutenait prévient prévenu avertit averti dément démenti renchérit renchéri réjouit "
    "réjoui prédit sourit souri convient convenu rit ri s'amuse interroge assure assuré assurait réagit réagi "
    "dite dites réagissait réagissant résume raconte estime juge jugeant jugeait jugea prévenant rappelle rappellent "
    "interrogeant partageant cite citait citant cité"
).split()

_SPEECH_VERB = re.compile(
    r"\b(?:(?:" + trie_pattern(_ER_STEMS) + r")(?:e|es|ent|é|ée|és|ées|ait|aient|a|èrent|ant|era|eront|er|ons)"
    r"|(?:" + trie_pattern(_CEDILLA) + r")(?:ait|aient|a|ant)|(?:" + trie_pattern(_IRREGULAR) + r"))(?![\w])",
    re.IGNORECASE,
)

# Title nouns → (canonical form shared by both genders, gender or "?").
_TITLE_PAIRS = (
    "président:présidente directeur:directrice patron:patronne fondateur:fondatrice cofondateur:cofondatrice "
    "co-fondateur:co-fondatrice dirigeant:dirigeante entraîneur:entraîneuse entraineur:entraineuse "
    "sélectionneur:sélectionneuse député:députée sénateur:sénatrice avocat:avocate procureur:procureure "
    "préfet:préfète gouverneur:gouverneure chancelier:chancelière joueur:joueuse attaquant:attaquante "
    "défenseur:défenseuse gardien:gardienne chercheur:chercheuse professeur:professeure candidat:candidate "
    "militant:militante chanteur:chanteuse auteur:autrice écrivain:écrivaine réalisateur:réalisatrice "
    "acteur:actrice ambassadeur:ambassadrice conseiller:conseillère vice-président:vice-présidente "
    "adjoint:adjointe trésorier:trésorière rapporteur:rapporteure négociateur:négociatrice élu:élue "
    "champion:championne présentateur:présentatrice délégué:déléguée buteur:buteuse meneur:meneuse "
    "chef:cheffe économiste:économiste inspecteur:inspectrice enquêteur:enquêtrice "
    "capitaine:capitaine ministre:ministre maire:maire secrétaire:secrétaire porte-parole:porte-parole "
    "pdg:pdg ceo:ceo dg:dg analyste:analyste juge:juge commissaire:commissaire responsable:responsable "
    "médecin:médecin syndicaliste:syndicaliste leader:leader pilote:pilote manager:manager coach:coach "
    "journaliste:journaliste sociologue:sociologue politologue:politologue ailier:ailier "
    "milieu:milieu général:générale colonel:colonelle commandant:commandante directeur-général:directrice-générale "
    "sprinteur:sprinteuse cycliste:cycliste skieur:skieuse nageur:nageuse patronne:patronne "
    "dirigeante:dirigeante chercheuse:chercheuse spécialiste:spécialiste historien:historienne "
    "habitant:habitante témoin:témoin victime:victime survivant:survivante infirmier:infirmière "
    "porte-drapeau:porte-drapeau arbitre:arbitre cinéaste:cinéaste artiste:artiste romancier:romancière "
    "comédien:comédienne producteur:productrice photographe:photographe architecte:architecte "
    "danseur:danseuse musicien:musicienne compositeur:compositrice syndicaliste:syndicaliste "
    "astrophysicien:astrophysicienne physicien:physicienne biologiste:biologiste glaciologue:glaciologue "
    "climatologue:climatologue épidémiologiste:épidémiologiste scientifique:scientifique ingénieur:ingénieure "
    "mathématicien:mathématicienne géographe:géographe démographe:démographe "
    "officier:officière lieutenant:lieutenante magistrat:magistrate édile:édile élu:élue dirigeant:dirigeante "
    "policier:policière gendarme:gendarme pompier:pompière"
).split()

TITLES: dict[str, tuple[str, str]] = {}
for _pair in _TITLE_PAIRS:
    _m, _f = _pair.split(":")
    if _m == _f:
        TITLES[_m] = (_m, "?")
    else:
        TITLES[_m] = (_m, "m")
        TITLES[_f] = (_m, "f")
# Compound titles, and other names of the same office ("le technicien" is the coach).
TITLES.update({
    "chef économiste": ("économiste", "m"), "cheffe économiste": ("économiste", "f"),
    "chef de file": ("chef de file", "m"), "cheffe de file": ("chef de file", "f"),
    "chef de l'état": ("président", "m"), "chef de l’état": ("président", "m"), "cheffe de l’état": ("président", "f"),
    "chef du gouvernement": ("ministre", "m"), "cheffe du gouvernement": ("ministre", "f"),
    "chef de la diplomatie": ("ministre", "m"), "cheffe de la diplomatie": ("ministre", "f"),
    "patron de la diplomatie": ("ministre", "m"), "locataire de bercy": ("ministre", "?"),
    "locataire de matignon": ("ministre", "?"), "locataire de l’élysée": ("président", "?"),
    "technicien": ("entraîneur", "m"), "technicienne": ("entraîneur", "f"),
    "directeur général": ("directeur", "m"), "directrice générale": ("directeur", "f"),
    "directeur financier": ("directeur financier", "m"), "directrice financière": ("directeur financier", "f"),
})
_SCIENTISTS = frozenset(
    "chercheur scientifique astrophysicien physicien biologiste glaciologue climatologue épidémiologiste "
    "mathématicien géographe démographe sociologue économiste historien professeur".split()
)
TITLE_SYNONYMS = {
    "pdg": frozenset({"patron", "directeur", "dirigeant", "ceo", "dg", "président"}),
    "patron": frozenset({"pdg", "directeur", "dirigeant", "ceo", "dg", "président"}),
    "dirigeant": frozenset({"pdg", "patron", "directeur", "ceo", "dg", "président"}),
    "ceo": frozenset({"pdg", "patron", "directeur", "dg"}),
    "entraîneur": frozenset({"sélectionneur", "coach", "manager", "entraineur"}),
    "cinéaste": frozenset({"réalisateur"}),
    # Generic role nouns that a reporter uses for a person named with a precise title just before.
    "officier": frozenset({"colonel", "commandant", "capitaine", "lieutenant", "général"}),
    "magistrat": frozenset({"procureur", "juge"}),
    "chercheur": _SCIENTISTS,
    "scientifique": _SCIENTISTS,
    "élu": frozenset({"maire", "député", "sénateur", "conseiller", "président"}),
    "édile": frozenset({"maire"}),
    "réalisateur": frozenset({"cinéaste"}),
    "sélectionneur": frozenset({"entraîneur", "coach", "entraineur"}),
    "coach": frozenset({"entraîneur", "sélectionneur", "entraineur"}),
    "directeur financier": frozenset({"directeur"}),
}
_DEMONYMS = (
    "français:française marocain:marocaine italien:italienne espagnol:espagnole allemand:allemande "
    "belge:belge suisse:suisse anglais:anglaise américain:américaine brésilien:brésilienne argentin:argentine "
    "portugais:portugaise sénégalais:sénégalaise algérien:algérienne tunisien:tunisienne ivoirien:ivoirienne "
    "camerounais:camerounaise néerlandais:néerlandaise croate:croate serbe:serbe polonais:polonaise russe:russe "
    "ukrainien:ukrainienne japonais:japonaise chinois:chinoise norvégien:norvégienne suédois:suédoise "
    "danois:danoise britannique:britannique canadien:canadienne australien:australienne nigérian:nigériane "
    "malien:malienne colombien:colombienne uruguayen:uruguayenne mexicain:mexicaine autrichien:autrichienne "
    "grec:grecque turc:turque israélien:israélienne iranien:iranienne indien:indienne coréen:coréenne "
    "écossais:écossaise irlandais:irlandaise gallois:galloise québécois:québécoise"
).split()
# "la Lyonnaise", "le Marseillais", "l'Italienne": an inhabitant's name, capitalised after an article (checked by
# the caller), used for the person just named.
_DEMONYM_SHAPE = r"[a-zà-ÿ]{2,}(?:ais|aise|ois|oise|ien|ienne|éen|éenne|ain|aine)"
DEMONYM_GENDER: dict[str, str] = {}
for _pair in _DEMONYMS:
    _m, _f = _pair.split(":")
    _m, _f = _m.capitalize(), _f.capitalize()
    DEMONYM_GENDER[_m] = "m" if _m != _f else "?"
    DEMONYM_GENDER[_f] = "f" if _m != _f else "?"
# Anonymous witnesses are not people we can name: they never take a title mention.
ANONYMOUS_TITLES = frozenset({"habitant", "témoin", "victime", "survivant", "infirmier"})

_TITLE_ALT = trie_pattern(TITLES)

RULES = SpeechRules(
    speech_verb=_SPEECH_VERB,
    inverted=re.compile(
        r"[\s,.;:!?—–\-)\]]{0,4}(?:(?:nous|vous|lui|leur|me|te|se|m['’]|t['’]|s['’]|l['’]|en)[ \u00a0]*)?"
        r"(?P<verb>[^\W\d_]+)(?:-t)?-(?P<pron>il|elle|ils|elles)(?![\w])"
        r"(?:[ \u00a0]+(?:\w+ment[ \u00a0]+|encore[ \u00a0]+|aussi[ \u00a0]+|ensuite[ \u00a0]+|alors[ \u00a0]+)?"
        r"(?P<pp>[^\W\d_]+))?",
        re.IGNORECASE,
    ),
    verb_first=re.compile(
        r"[\s,.;:!?—–\-)\]]{0,4}(?:(?P<aux>a|avait|aurait|ont|avaient|aura|auront|s['’]est|s['’]était|se)[ \u00a0]+"
        r"(?:(?:[^\W\d_]+ment|encore|aussi|également|ensuite|alors|enfin|même|bien|déjà|pourtant|notamment|"
        r"toutefois|ainsi|simplement|plus tard|aussitôt)[ \u00a0]+)*)?(?P<verb>[^\W\d_]+)(?![\w])",
        re.IGNORECASE,
    ),
    according=re.compile(r"(?<![\w])(?:selon|d['’]après|pour|aux yeux de|de l['’]avis de)[ \u00a0]+", re.IGNORECASE),
    according_right=re.compile(r"[\s,.;:—–\-]{0,4}(?:selon|d['’]après)[ \u00a0]+", re.IGNORECASE),
    pronoun=re.compile(r"(?<![\w\-’'])(?P<pron>il|elle|lui)(?![\w\-])", re.IGNORECASE),
    pronoun_gender={"il": "m", "elle": "f", "lui": "m", "ils": "p", "elles": "p"},
    # A demonym ("le Marocain") counts only when capitalised: the caller checks the case.
    demonstrative=re.compile(
        r"\b(?P<pron>ce dernier|cette dernière|celui-ci|celle-ci|(?<=le |la )(?:"
        + trie_pattern(k.lower() for k in DEMONYM_GENDER) + r"|" + _DEMONYM_SHAPE + r")|(?<=l['’])(?:"
        + trie_pattern(k.lower() for k in DEMONYM_GENDER) + r"|" + _DEMONYM_SHAPE + r"))(?![\w])",
        re.IGNORECASE,
    ),
    demonstrative_gender={"ce dernier": "m", "cette dernière": "f", "celui-ci": "m", "celle-ci": "f",
                          **{k.lower(): v for k, v in DEMONYM_GENDER.items()}},
    title_synonyms=TITLE_SYNONYMS,
    offices=frozenset(
        "maire sénateur député ministre président pdg ceo dg directeur préfet procureur juge gouverneur chancelier "
        "ambassadeur entraîneur sélectionneur capitaine patron commissaire secrétaire porte-parole".split()
    ),
    titles=TITLES,
    anonymous_titles=ANONYMOUS_TITLES,
    title_word=re.compile(r"(?<![\w])(?:" + _TITLE_ALT + r")(?![\w\-])", re.IGNORECASE),
    title_np=re.compile(
        r"(?<![\w])(?P<det>le|la|l['’]|du|de la|au|à la|son|sa|leur|notre|votre|cet|cette|ce|un|une|ex-)?"
        r"[ \u00a0]*(?:(?:nouveau|nouvelle|ancien|ancienne|futur|future|jeune|actuel|actuelle|premier|première|"
        r"vice-|haut|haute|grand|grande|proche|célèbre|influent|influente|ex)[ \u00a0-]*){0,2}(?P<title>" + _TITLE_ALT + r")(?![\w\-])"
        r"(?P<qual>(?:[ \u00a0]+(?:[a-zà-ÿ]+(?:ier|ière|ique|ial|iale|al|ale|aire|el|elle|if|ive|é|ée|eur|"
        r"euse|ant|ante|ent|ente)))?(?:[ \u00a0]+(?:d['’]|(?:de|du|des)[ \u00a0]+)(?:la[ \u00a0]+|l['’])?[^\s,.;:]+)?)",
        re.IGNORECASE,
    ),
    determiner_gender={"le": "m", "la": "f", "du": "m", "de la": "f", "au": "m", "à la": "f", "cet": "m",
                       "cette": "f", "ce": "m", "un": "m", "une": "f"},
    term_cue=re.compile(
        r"(?:(?<![\w])(?<!s['’]est )(?<!se )(?:baptisé|surnommé|intitulé|nommé|dénommé|appelé|codénommé|codénamé|dit|labellisé|"
        r"estampillé|étiqueté|rebaptisé|renommé)e?s?|(?<![\w])(?:le|un|du|au|ce|son) (?:mot|terme|slogan|label|"
        r"hashtag|nom|sobriquet|surnom|qualificatif|mot-clé|dispositif|plan|programme|projet de loi|"
        r"concept|statut|mouvement|collectif|principe|titre|panneau)|(?<![\w])l['’](?:expression|"
        r"opération|appellation|étiquette|adjectif|intitulé|amendement|article)|(?<![\w])(?:la|une|sa) (?:formule|"
        r"mention|loi|catégorie|campagne|marque|notion|devise|banderole|pancarte|proposition de loi|réforme|"
        r"stratégie|doctrine|rubrique)|(?<![\w])les (?:mots|termes|slogans)|(?<![\w])appel(?:le|les|lent|ons|ez|ait|aient)"
        r"(?: ça| cela)?(?: une?| la| le| les| des|[ ]l['’])?)(?:[ \u00a0]+[a-zà-ÿ]+)?"
        r"[ \u00a0,]*(?:de[ \u00a0]+|d['’]|:)?[ \u00a0]*$",
        re.IGNORECASE,
    ),
    honorific=re.compile(r"(?:(?<![\w])(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dr|Pr|Monsieur|Madame))[ \u00a0]+$"),
    object_cue=re.compile(r"(?:(?<![\w])(?:à|avec|contre|de|envers|pour|par|sur|chez)[ \u00a0]+$)", re.IGNORECASE),
    subject_pronouns=frozenset({"il", "elle"}),
    speech_marker=re.compile(
        r"(?<![\w])(?:je|j['’]|nous|on|vous|tu|il|elle|ils|elles|c['’]est|ce|ça|mon|ma|mes|notre|nos|votre|vos)(?![\w])",
        re.IGNORECASE,
    ),
    evaluative=frozenset(
        "très trop plus moins si assez particulièrement totalement complètement absolument vraiment extrêmement "
        "profondément parfaitement mal bien pas peu tout franchement".split()
    ),
    adjective=re.compile(r"(?:ible|able|ant|ante|é|ée|és|ées|eux|euse|if|ive|el|elle|al|ale|ique|ables|ibles)$"),
)
