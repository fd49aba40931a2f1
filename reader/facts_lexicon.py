"""Small word lists the rule-based fact finder leans on: first names with gender, places, organisation cues.

They are deliberately short and general (no name from any fixture is here because a fixture needed it):
a first name gives a person and a gender, a place or an organisation word keeps a capitalised phrase from
being taken for a person. Unknown names still work through titles, honorifics and speech verbs.
"""

from __future__ import annotations

_MALE = """
aaron adam adrien ahmed alain alan albert alberto alejandro alessandro alex alexander alexandr alexandre alexis
ali amir anatole andré andrea andreas andrew andy angelo anthony antoine antonio armand arnaud arthur augustin
aurélien axel baptiste barack bastien benjamin benoît bernard bertrand bill bob boris bradley brian bruno
carlos cédric charles christian christophe claude clément colin cristiano damien daniel david denis didier
diego dimitri dominique donald edouard édouard elon emmanuel enzo éric eric erik ethan étienne fabien fabrice
felipe félix ferdinand fernando florent florian françois francis franck frank frédéric gabriel gaël gaétan
george georges gérald gérard gilles giorgio giovanni grégoire grégory guillaume gustave guy harry hassan henri
henry hervé hugo hugues ibrahim igor ivan jack jacques james jan jean jean-baptiste jean-claude jean-françois
jean-louis jean-luc jean-marc jean-marie jean-michel jean-paul jean-pierre jean-yves jeff jensen jérémy jérôme jim joe joël
johan john jonathan jordan josé joseph jules julien justin karim kevin kylian laurent léo léon lionel loïc louis
luc luca lucas ludovic luis manuel marc marcel marco mario mark martin mathieu matteo matthieu mattia max maxime
michael michel mickaël mike mohamed mohammed nathan nicolas noël olivier oscar pablo pascal patrice patrick paul
pedro peter philippe pierre pierre-yves rafael raphaël rémi rémy renaud richard robert roberto rodrigo romain
ronan rudy sam samuel sandro satya sébastien serge sergio sergueï simon stéphane steve steven sundar sylvain
théo thibault thibaut thierry thomas tim timothée tom tony valentin valéry victor vincent vladimir volodymyr
warren william xavier yann yannick yves zinédine
"""

_FEMALE = """
adèle agathe agnès aïcha alexandra alice alicia aline amandine amélie anaïs andrea angela angélique anna anne
anne-marie anne-sophie annie ariane audrey aurélie aurore barbara béatrice bérénice brigitte camille carine
carla carole caroline catherine cécile céline chantal charlotte chloé christine claire clara clarisse claudia
clémence colette coralie corinne cynthia delphine diane dominique éléonore élise elisabeth élisabeth elizabeth
ella elsa émilie emma emmanuelle estelle eva ève fabienne fanny fatima florence françoise gabrielle geneviève
giorgia hélène hillary inès irène isabelle jacqueline jane janet jeanne jennifer jessica joséphine judith julia
julie juliette justine karine kamala karen kate katia laetitia lætitia laura laure laurence léa léna lina lisa
louise lucie lucille lydia madeleine maëlle manon marguerite maria marianne marie marie-claire marie-france
marine marion marta martine mary mathilde maud mélanie michelle mireille monique muriel myriam nadia natacha
natalia nathalie nicole noémie océane olga ophélie pascale patricia pauline pénélope rachida rebecca rose
roselyne sabine sandra sandrine sara sarah ségolène séverine simone sofia solène sonia sophie stéphanie susan
suzanne sylvie tatiana ursula valérie vanessa véronique victoire victoria virginie yasmine yvonne zoé
"""

FIRST_NAMES: dict[str, str] = {}
for _name in _MALE.split():
    FIRST_NAMES[_name] = "m"
for _name in _FEMALE.split():
    # A name on both lists (Dominique, Andrea) has no gender cue.
    FIRST_NAMES[_name] = "?" if FIRST_NAMES.get(_name) == "m" else "f"

PLACES = frozenset(
    """
afrique algérie allemagne amérique angleterre arabie argentine asie australie autriche belgique brésil
bretagne canada chine colombie corée côte danemark écosse égypte espagne états-unis europe finlande france
grèce hongrie inde indonésie irak iran irlande israël italie japon liban libye luxembourg maroc mexique monaco
nigeria norvège pakistan palestine pays-bas pologne portugal qatar roumanie royaume-uni russie sénégal serbie
suède suisse syrie taïwan tunisie turquie ukraine venezuela vietnam gaza cisjordanie crimée kiev kyiv moscou
paris lyon marseille toulouse nice nantes strasbourg montpellier bordeaux lille rennes reims grenoble dijon
brest toulon nancy metz rouen caen orléans tours limoges amiens perpignan besançon bruxelles genève lausanne
londres berlin madrid barcelone rome milan naples lisbonne vienne varsovie prague athènes pékin shanghai tokyo
séoul washington new york californie texas floride chicago boston san francisco los angeles montréal québec
ottawa dakar alger tunis rabat casablanca le caire beyrouth jérusalem téhéran bagdad istanbul ankara
alpes pyrénées vosges jura normandie provence alsace corse occitanie île-de-france auvergne-rhône-alpes hauts-de-france grand est
nouvelle-aquitaine méditerranée atlantique manche seine loire rhône silicon valley wall street
germany england britain china japan india russia spain italy canada mexico brazil london washington
""".split()
) | frozenset(
    {
        "new york",
        "san francisco",
        "los angeles",
        "silicon valley",
        "wall street",
        "le caire",
        "royaume-uni",
        "grand est",
        "united states",
        "united kingdom",
        "hong kong",
        "la rochelle",
        "le havre",
        "le mans",
        "saint-étienne",
    }
)

# Words that make a capitalised phrase an organisation ("Banque de France", "Scale AI", "Paris Saint-Germain").
ORG_WORDS = frozenset(
    """
agence alliance assemblée association autorité banque bank bureau caisse cnrs chambre club college collège
comité commission compagnie company conseil corp corporation cour council department direction école
entreprise fc fédération fondation fonds fund gouvernement group groupe holding inc institut institute insee
labs laboratoire league ligue ltd ministère ministry observatoire office olympique organisation
organization parlement parliament parti party police préfecture racing sa sas sénat senate service société
stade syndicat technologies capital partners holdings ventures securities investments asset management
semiconductor semiconductors systems energy media studios coupe championnat trophée tournoi jeux festival
tribunal union université university ai airlines airways motors pharma bank
""".split()
)

# Capitalised words that begin sentences or titles but never names: checked lower-cased.
NOT_NAMES = frozenset(
    """
a à afin ainsi alors après au aucun aujourd'hui auparavant aussi autre autres avant avec c ce ceci cela celle
celui cependant certains ces cet cette chaque chez comme comment d dans de depuis des dès donc du durant elle
elles en encore enfin ensuite entre et eux face grâce hier il ils j je jusqu l la le les leur leurs lors
lorsque lorsqu qu puisqu quoiqu lui m ma mais malgré même mes moins mon n ne ni nos notre nous on or ou où outre par parce
parmi pas pendant peu plus plusieurs pour pourquoi pourtant puis quand que quel quelle quelles quels qui quoi
s sa sans se selon ses si sinon son sous souvent sur t ta tandis tant tel telle tes toi ton tous tout toute
toutes très tu un une vers voici voilà vos votre vous y désormais lundi mardi mercredi jeudi vendredi samedi
dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre interrogé
interrogée reste mieux md mds mrd premier première ancien ancienne nouveau nouvelle dernier dernière
aussitôt seul seule car certes déjà jamais toujours ici là bref bien oui non
the an and but for in on at of to by with from as after before while when where who what why how this that
these those it its he she they we our their his her there here however meanwhile yet so also if then
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december according asked
""".split()
)

# First words of a place's name: "Cap Canaveral", "Mont Blanc", "Saint-Tropez" is one token already.
PLACE_WORDS = frozenset("cap mont monts lac île îles golfe port baie pointe col canal vallée massif cape mount lake "
                        "gulf bay port fort nord sud est ouest north south east west".split())

HONORIFICS_M = frozenset({"m.", "monsieur", "mr", "mr.", "sir", "lord"})
HONORIFICS_F = frozenset({"mme", "mme.", "madame", "mlle", "mademoiselle", "mrs", "mrs.", "ms", "ms.", "lady"})
HONORIFICS_ANY = frozenset({"dr", "dr.", "pr", "pr.", "maître", "me", "prof.", "professeur"})
