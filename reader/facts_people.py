"""Who is named where: people (with gender and titles), and the other named things of an article.

One pass over the narration of every block (quotes masked) finds capitalised phrases and title noun phrases
("la directrice financière de Meta", "le PDG"). A phrase becomes a person when a first name, an honorific or an
adjacent title says so ("Mark Zuckerberg", "M. Dupont", "son fondateur, Alexandr Wang"), or when it is a later
short form of a person already named ("Zuckerberg" → "Mark Zuckerberg"). Every person mention, and every title
phrase that refers back to a titled person, is kept in reading order, so a pronoun or a title can be resolved
to the person last named before it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from reader.facts_lexicon import (
    FIRST_NAMES,
    HONORIFICS_F,
    HONORIFICS_M,
    NOT_NAMES,
    ORG_WORDS,
    PLACE_WORDS,
    PLACES,
)
from reader.facts_trie import trie_pattern

if TYPE_CHECKING:
    from reader.facts_speech import SpeechRules

# "la présidente du jury" names an office of its own: it is not the person just named.
_COMPLEMENT = re.compile(r"(?:^|[ \u00a0])(?:d['’]|(?:de|du|des|of)[ \u00a0]+)(?:la[ \u00a0]+|l['’]|the[ \u00a0]+)?[^\W\d_]",
                         re.IGNORECASE)
_HONORIFIC_TOKENS = frozenset(
    "mme mmes madame mesdames mlle mademoiselle monsieur messieurs mr mrs ms dr dre me maître pr pre prof sir dame".split()
)
_WORD_BREAK = frozenset(" \u00a0’'(")
_CAP = "A-ZÀ-ÖØ-ÞŒ"
_LOW = "a-zß-öø-ÿœæ"
_TOKEN = rf"[{_CAP}](?:[{_LOW}{_CAP}\d]|-(?=[{_CAP}{_LOW}]))+(?:['’][{_CAP}][{_LOW}{_CAP}\-]+)?"
_PARTICLE = r"(?:de|du|des|da|di|van|von|der|den|ben|bin|el|al|ibn|dos|del)"
_SPACES = re.compile(r"[ \u00a0]+")
# "Fayçal ben Farhane", "Ursula von der Leyen": these particles are not French prepositions.
_FOREIGN_PARTICLE = re.compile(r"[ \u00a0](?:ben|bin|ibn|van|von|der|den|da|di|del|dos|el|al)[ \u00a0]")
_PARTICLE_SPLIT = re.compile(rf"[ \u00a0]+{_PARTICLE}[ \u00a0]+")
# "le PDG Mark Zuckerberg", "La directrice financière de Meta, Susan Li", "Le président du groupe X, Mathis Lefranc"
_ADJECTIVE = (r"[a-zà-ÿ\-]+(?:ien|ienne|ain|aine|ais|aise|ois|oise|ique|al|ale|el|elle|if|ive|eur|euse|é|ée|ant|ante|"
              r"ent|ente|aire|iste|in|ine|an|ane)")
_TITLE_THEN_NAME = re.compile(
    rf"[ \u00a0]*,?[ \u00a0]*|[^,.;:!?«»\ue000]{{0,40}},[ \u00a0]*|(?:[ \u00a0]+{_ADJECTIVE}){{1,2}}[ \u00a0]+"
)
# "Mark Zuckerberg, PDG de Meta", "Susan Li (directrice financière)"
_NAME_THEN_TITLE = re.compile(
    r"[ \u00a0]*[,(][ \u00a0]*(?:\d{1,3}[ \u00a0]+(?:ans|years? old)[ \u00a0]*,[ \u00a0]*)?"
    r"(?:(?:le|la|l['’]|un|une|the|a|an)[ \u00a0]*)?"
    r"(?:(?:nouveau|nouvelle|ancien|ancienne|former|new)[ \u00a0]+)?",
    re.IGNORECASE,
)
# A phrase never starts with a capitalised function word ("Selon", "Les", "Il"): skipping them in the regex
# itself halves the number of phrases the Python code looks at.
_STOP_START = r"(?!(?:" + trie_pattern(w.capitalize() for w in NOT_NAMES) + r")(?![\w\-]))"
NAME_RE = re.compile(rf"(?<![\w\-]){_STOP_START}{_TOKEN}(?:(?:[ \u00a0]+{_PARTICLE})?[ \u00a0]+{_TOKEN})*")
_ACRONYM_COMMON = frozenset(
    "IA AI PIB TVA CDI CDD PME ONG OK TV PC USA PDG CEO DG CFO COO CTO DRH RH ETF SMS GPS ADN ARN VIH UE".split()
)
# The word right before a name says what it names: "le modèle Llama", "chez Meta", "à Toulon".
_PRODUCT_WORDS = frozenset(
    "modèle modèles logiciel logiciels application applications appli app smartphone smartphones téléphone "
    "console consoles plateforme plateformes codénommé codénommée codénamé codénamée baptisé baptisée puce puces "
    "voiture voitures véhicule véhicules model models chip software called named dubbed codenamed version jeu "
    "série film album livre assistant".split()
)
_ORG_WORDS_BEFORE = frozenset(
    "chez société groupe entreprise firme start-up startup géant club banque constructeur compagnie fabricant "
    "opérateur éditeur laboratoire équipe rival concurrent association fédération syndicat parti agence "
    "institut cabinet fonds collectif ong mouvement company firm group maker".split()
)
_PLACE_WORDS_BEFORE = frozenset("à en au aux in at vers depuis from".split())
_LAST_WORDS = re.compile(r"[^\W\d_][\w’'\-]*")

_LOWERED: dict[int, re.Pattern[str]] = {}


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    key = id(pattern)
    if key not in _LOWERED:
        _LOWERED[key] = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    return _LOWERED[key]


_DEMONYM_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{2,}(?:ais|aise|ois|oise|ien|ienne|éen|éenne|ain|aine|an|ane)")
_APPOSITION_AND = re.compile(r"[^,.;:!?«»\ue000]{0,60}?[ \u00a0]+(?:et|and)[ \u00a0]+(?:(?:le|la|l['’]|the)[ \u00a0]*)?")
_CAPITAL_NEXT = re.compile(r"[ \u00a0]+[A-ZÀ-ÖØ-Þ]")


def _demonym_stem(word: str) -> str:
    """"Américaine" and "américain" → "américain": one key for both genders."""
    lower = word.lower()
    for feminine, masculine in (("ienne", "ien"), ("éenne", "éen"), ("aise", "ais"), ("oise", "ois"), ("aine", "ain")):
        if lower.endswith(feminine):
            return lower[: -len(feminine)] + masculine
    return lower[:-1] if lower.endswith("e") and not lower.endswith(("ge", "be", "se")) else lower


def demonym_gender(word: str, known: dict[str, str]) -> str:
    """Gender of a demonstrative or an inhabitant's name: from the rules' table, else its ending."""
    lower = word.lower()
    if lower in known:
        return known[lower]
    return "f" if lower.endswith("e") else "m"


def _is_demonym(m: re.Match[str]) -> bool:
    return not m.group("pron").lower().startswith(("ce", "cette", "celui", "celle", "the "))


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    gender: str  # "m", "f" or "?"
    titles: list[tuple[str, str]] = field(default_factory=list)  # (canonical title, qualifier)
    demonyms: set[str] = field(default_factory=set)  # "américain": from "l'Américaine Jessica Tran"


ANONYMOUS = -3  # a mention of someone unnamed (male or unknown); ANONYMOUS - 1 for a woman


@dataclass(order=True)
class Mention:
    block: int
    start: int
    end: int = field(compare=False)
    person: int = field(compare=False)  # -1: a title nobody holds yet


class People:
    """The people of one article and where each is mentioned."""

    def __init__(self, rules: SpeechRules) -> None:
        self.rules = rules
        self.persons: list[Person] = []
        self.mentions: list[Mention] = []
        self._keys: list[tuple[int, int]] = []
        self.others: Counter[tuple[str, str]] = Counter()
        self.other_spans: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
        self._initial_only: set[str] = set()
        self._by_name: dict[str, int] = {}
        self._by_first: dict[str, list[int]] = {}
        self._title_starts: list[int] = []
        # Case-sensitive twins of the rules' case-insensitive scans, run on lower-cased text: much faster.
        self._lower_title_word = _lowered(rules.title_word)
        self._lower_demonstrative = _lowered(rules.demonstrative)
        self._by_suffix: dict[str, int] = {}
        self._by_initial: dict[tuple[str, str], int] = {}
        self._by_title: dict[str, list[int]] = {}
        self._seen_inside: set[str] = set()

    # -- building ---------------------------------------------------------------------------------------

    def scan(self, block: int, text: str, masked: str, starts: set[int]) -> None:
        """Record the names and title phrases of one block (quotes already masked)."""
        lower = masked.lower()
        if len(lower) != len(masked):  # a rare character whose lower case is longer: keep offsets exact
            lower = ""
        titles = [m for m in self._titles(masked, lower) if self._is_title(m)]
        self._title_starts = [t.start() for t in titles]
        used_titles: set[int] = set()
        # Names first, so that a title next to a name ("le ministre du Logement, Patrice Aubertin") is known
        # to introduce that name before the lone titles are resolved.
        for m in NAME_RE.finditer(masked):
            self._name(block, text, masked, m, starts, titles, used_titles)
        events: list[tuple[int, str, re.Match[str]]] = [(m.start(), "t", m) for m in titles if id(m) not in used_titles]
        demonstratives = self._lower_demonstrative.finditer(lower) if lower else self.rules.demonstrative.finditer(masked)
        events += [(m.start(), "d", m) for m in demonstratives if not _is_demonym(m) or masked[m.start()].isupper()]
        events.sort(key=lambda e: e[0])
        for _, what, m in events:
            if what == "d":
                word = m.group("pron")
                if _is_demonym(m) and (word.lower() in PLACES or _CAPITAL_NEXT.match(masked, m.end())):
                    continue  # "la Lorraine" is a region; "l'Américaine Jessica Tran" introduces a name
                gender = demonym_gender(word, self.rules.demonstrative_gender)
                stem = _demonym_stem(word) if _is_demonym(m) else ""
                person = self.last_person(
                    block, m.start(), gender,
                    # "La Française" is not the person just introduced as "l'Américaine Jessica Tran"
                    skip=(lambda p: bool(self.persons[p].demonyms) and stem not in self.persons[p].demonyms)
                    if stem else None,
                )
                if person is not None:
                    self._mention(block, m.start(), m.end(), person)
            else:
                self._title_mention(block, m)

    def _titles(self, masked: str, lower: str) -> list[re.Match[str]]:
        """Title phrases, found from their title noun (fast) then read in full around it."""
        found: list[re.Match[str]] = []
        hits = self._lower_title_word.finditer(lower) if lower else self.rules.title_word.finditer(masked)
        for hit in hits:
            if found and hit.start() < found[-1].end():
                continue
            at = hit.start()
            # Try the starts of the few words before the title ("la nouvelle directrice"), earliest first.
            starts = [p for p in range(max(0, at - 30), at) if p == 0 or masked[p - 1] in _WORD_BREAK]
            for pos in (*starts, at):
                m = self.rules.title_np.match(masked, pos)
                if m and m.start("title") == at:
                    found.append(m)
                    break
        return found

    def _is_title(self, m: re.Match[str]) -> bool:
        word = m.group("title")
        # "PDG" and "CEO" are titles in any case; other titles only in lower case ("Président" starts names).
        return word[:1].islower() or word.isupper()

    def _name(
        self,
        block: int,
        text: str,
        masked: str,
        m: re.Match[str],
        starts: set[int],
        titles: list[re.Match[str]],
        used_titles: set[int],
    ) -> None:
        tokens = _SPACES.split(m.group())
        start = m.start()
        # Drop capitalised function words at the front ("Selon Mark Zuckerberg", "Les Bleus").
        honorific = ""
        while tokens and (tokens[0].lower().rstrip("’'") in NOT_NAMES or tokens[0].lower() in self.rules.titles
                          or tokens[0].lower() in _HONORIFIC_TOKENS):
            if tokens[0].lower() in _HONORIFIC_TOKENS:
                honorific = tokens[0].lower()
            start = masked.index(tokens[0], start) + len(tokens[0])
            tokens = tokens[1:]
            if tokens:
                start = masked.index(tokens[0], start)
        if not tokens:
            return
        end = m.end()
        name = masked[start:end]
        before = masked[max(0, start - 40) : start]
        tail = before[-14:]
        hon = self.rules.honorific.search(tail) if any(c in tail for c in "MDPSL") else None
        if hon:
            honorific = hon.group().strip().lower()
        # Split "Meta de Mark Zuckerberg": a particle joins only after a first name or inside an organisation.
        parts = _PARTICLE_SPLIT.split(name)
        if len(parts) > 1:
            head = parts[0].split()
            lower = {t.lower() for t in name.split()}
            foreign = _FOREIGN_PARTICLE.search(name) and len(head) == 1 and len(parts) == 2 and " " not in parts[1]
            if not (len(head) == 1 and head[0].lower() in FIRST_NAMES) and not (lower & ORG_WORDS) \
                    and name.lower() not in PLACES and not foreign:
                offset = start
                for part in parts:
                    pos = masked.index(part, offset)
                    sub = NAME_RE.match(masked, pos, pos + len(part))
                    if sub:
                        self._name(block, text, masked, sub, starts, titles, used_titles)
                    offset = pos + len(part)
                return
        tokens = name.split()
        if len(tokens) >= 2 \
                and _DEMONYM_TOKEN.fullmatch(tokens[0]) and (len(tokens) >= 3 or tokens[1].lower() in FIRST_NAMES):
            # "l'Américaine Jessica Tran": the demonym is an apposition, the name starts after it
            offset = masked.index(tokens[1], start + len(tokens[0]))
            sub = NAME_RE.match(masked, offset, end)
            if sub:
                self._name(block, text, masked, sub, starts, titles, used_titles)
                if self.mentions and self.mentions[-1].person >= 0:
                    person = self.persons[self.mentions[-1].person]
                    person.demonyms.add(_demonym_stem(tokens[0]))
                    if person.gender == "?":
                        person.gender = demonym_gender(tokens[0], self.rules.demonstrative_gender)
            return
        first_name_at = next((i for i, t in enumerate(tokens) if t.lower() in FIRST_NAMES), 0)
        if first_name_at >= 1 and len(tokens) - first_name_at >= 2 and all(
            t.isupper() or t.endswith("s") or t.lower() in ORG_WORDS or t.lower() in PLACES
            for t in tokens[:first_name_at]
        ):
            # "à l'AFP Sébastien Morvan", "Les Républicains Bruno Gilles": a name glued to what precedes it
            prefix_end = start
            for token in tokens[:first_name_at]:
                prefix_end = masked.index(token, prefix_end) + len(token)
            offset = masked.index(tokens[first_name_at], prefix_end)
            for sub in (NAME_RE.match(masked, start, prefix_end), NAME_RE.match(masked, offset, end)):
                if sub:
                    self._name(block, text, masked, sub, starts, titles, used_titles)
            return
        if len(tokens) == 1 and name.lower() in self.rules.demonstrative_gender:
            return  # "le Marocain": an anaphor, handled with the demonstratives
        before_title, after_title = self._adjacent_titles(masked, start, end, titles)
        title = before_title or after_title
        chained: list[re.Match[str]] = []
        for adjacent in (before_title, after_title):
            if adjacent is not None:
                used_titles.add(id(adjacent))
        if after_title is not None:
            if before_title is not None:
                chained.append(after_title)
            # "Patrick Michel, directeur de recherche au CNRS et responsable scientifique de la mission, …":
            # every title of the apposition is his.
            previous = after_title
            for t in titles:
                if t.start() > previous.end() and _APPOSITION_AND.fullmatch(masked, previous.end(), t.start()):
                    used_titles.add(id(t))
                    chained.append(t)
                    previous = t
        known = self.find(name)
        kind = self._classify(name, tokens, before, honorific, title, known, start in starts)
        if kind == "person":
            person = known if known is not None else self._add(name, tokens, honorific, title)
            for t in (title, *chained):
                if t is not None:
                    self._give_title(person, t)
            self._mention(block, start, end, person)
        elif kind:
            key = (name, kind)
            self.others[key] += 1
            self.other_spans.setdefault(key, []).append((block, start, end))
            if start in starts:
                self._initial_only.add(name)
            else:
                self._seen_inside.add(name)

    def _classify(
        self,
        name: str,
        tokens: list[str],
        before: str,
        honorific: str,
        title: re.Match[str] | None,
        known: int | None,
        initial: bool,
    ) -> str | None:
        lower = name.lower()
        words = {t.lower() for t in tokens}
        last = _LAST_WORDS.findall(before[-30:].lower())[-2:] if before else []
        word_before = last[-1] if last else ""
        if word_before in ("ia", "d'ia", "d’ia") and len(last) > 1:
            word_before = last[-2]
        if known is not None and not (lower in PLACES):
            return "person"
        if lower in PLACES or (len(tokens) >= 2 and tokens[0].lower() in PLACE_WORDS):
            return "place"
        if words & ORG_WORDS or (name.isupper() and len(name) >= 2):
            if name in _ACRONYM_COMMON:
                return None
            return "organisation"
        if honorific:
            return "person"
        if title is not None and not (title.group("title").lower() in self.rules.anonymous_titles):
            return "person"
        if word_before in _PRODUCT_WORDS:
            return "product"
        if len(tokens) >= 2:
            if tokens[0].lower() in FIRST_NAMES:
                return "person"
            if words & PLACES:
                return "organisation"  # "France Inter", "Paris Saint-Germain"
            if word_before in _ORG_WORDS_BEFORE:
                return "organisation"
            if len(tokens) <= 4 and not any(t.isupper() for t in tokens):
                return "person"
            return "organisation"
        if word_before in _PLACE_WORDS_BEFORE and before[-1:] in " \u00a0":
            return "place"
        if word_before in _ORG_WORDS_BEFORE:
            return "organisation"
        if tokens[0].lower() in FIRST_NAMES:
            # "Pour Julie, 34 ans, infirmière…": a first name alone names a person (not at a sentence start,
            # where "Victoire" or "Rose" may be words).
            return None if initial else "person"
        return "organisation" if not initial else "other"

    def _adjacent_titles(
        self, masked: str, start: int, end: int, titles: list[re.Match[str]]
    ) -> tuple[re.Match[str] | None, re.Match[str] | None]:
        """The title phrases right before ("le PDG Mark Zuckerberg", "sa directrice, Susan Li") and right after
        ("Mark Zuckerberg, PDG de Meta") the name, each or both None."""
        # Titles are in text order: start with the first one that may end near the name (bisect, not a scan,
        # so that a block with thousands of names and titles stays linear).
        first = bisect.bisect_left(self._title_starts, start - 200) if self._title_starts else 0
        before = after = None
        for t in titles[first:]:
            if t.end() <= start and start - t.end() <= 42 and _TITLE_THEN_NAME.fullmatch(masked, t.end(), start):
                before = t
            if end <= t.start() <= end + 42 and _NAME_THEN_TITLE.fullmatch(masked, end, t.start()):
                after = t
                break
            if t.start() > end + 40:
                break
        return before, after

    def _add(self, name: str, tokens: list[str], honorific: str, title: re.Match[str] | None) -> int:
        gender = "?"
        first = tokens[0].lower()
        if first in FIRST_NAMES and len(tokens) >= 2:
            gender = FIRST_NAMES[first] if FIRST_NAMES[first] != "?" else "?"
        if title is not None:
            g = self._title_gender(title)
            if g != "?":
                gender = g
        if honorific in HONORIFICS_M or honorific == "m.":
            gender = "m"
        elif honorific in HONORIFICS_F:
            gender = "f"
        self.persons.append(Person(name, tuple(tokens), gender))
        index = len(self.persons) - 1
        self._by_name[name.lower()] = index
        if len(tokens) > 1:
            # "Zuckerberg", "Le Pen", "de Gaulle": the name's tails; the most recent person wins a shared one.
            for cut in range(1, len(tokens)):
                self._by_suffix[" ".join(tokens[cut:]).lower()] = index
            self._by_first.setdefault(tokens[0].lower(), []).append(index)
            self._by_initial[(tokens[0][:1], " ".join(tokens[1:]).lower())] = index
        return index

    def _title_gender(self, title: re.Match[str]) -> str:
        canonical, gender = self.rules.titles.get(title.group("title").lower(), ("", "?"))
        if gender == "?":
            det = (title.group("det") or "").lower()
            gender = self.rules.determiner_gender.get(det, "?")
        return gender

    def _give_title(self, person: int, title: re.Match[str]) -> None:
        canonical = self.rules.titles.get(title.group("title").lower(), (title.group("title").lower(), "?"))[0]
        qual = (title.group("qual") or "").strip().lower()
        self.persons[person].titles.append((canonical, qual))
        self._by_title.setdefault(canonical, []).append(person)
        if self.persons[person].gender == "?":
            self.persons[person].gender = self._title_gender(title)

    def _title_mention(self, block: int, m: re.Match[str]) -> None:
        word = m.group("title").lower()
        det = (m.group("det") or "").lower()
        if det in ("un", "une", "a", "an") or word in self.rules.anonymous_titles:
            # "un haut responsable", "une habitante": someone unnamed, who can still be "il" or "ce dernier".
            self._mention(block, m.start(), m.end(), ANONYMOUS - (self._title_gender(m) == "f"))
            return
        person = self.by_title(m, block, m.start())
        qual = m.group("qual") or ""
        if person is None and det in ("le", "la", "l'", "l’", "the") and not _COMPLEMENT.search(qual):
            # "… transformé par Amine Bensalah. Le capitaine marseillais a ensuite…": a definite title nobody
            # holds yet refers to the person just named.
            gender = self._title_gender(m)
            person = self.last_person(
                block, m.start(), gender, max_back=2, same_or_previous_block=True,
                # someone who holds another office ("le sénateur X") is not "le maire sortant"
                skip=lambda p: self._other_office(p, m),
            )
            if person is not None:
                self._give_title(person, m)
        if person is None and det:
            # "Le maire sortant" names nobody we know: an unnamed person, who can still be "il" afterwards.
            # (A bare title word is often an apposition or a participle: "Ce dernier, élu homme du match".)
            person = ANONYMOUS - (self._title_gender(m) == "f")
        self._mention(block, m.start(), m.end(), -1 if person is None else person)

    def _mention(self, block: int, start: int, end: int, person: int) -> None:
        key = (block, start)
        at = bisect.bisect(self._keys, key)
        self._keys.insert(at, key)
        self.mentions.insert(at, Mention(block, start, end, person))

    # -- lookups ----------------------------------------------------------------------------------------

    def find(self, name: str) -> int | None:
        """The person a name refers to: full name, surname, last names ("Le Pen"), a unique first name, or an
        initial ("J. Dupont"). Every look-up is a dictionary hit: a long article names hundreds of people."""
        tokens = name.split()
        lower = name.lower()
        if lower in self._by_name:
            return self._by_name[lower]
        if lower in self._by_suffix:
            return self._by_suffix[lower]
        if len(tokens) == 1:
            firsts = self._by_first.get(lower, [])
            return firsts[0] if len(firsts) == 1 else None
        if len(tokens[0]) <= 2:
            return self._by_initial.get((tokens[0][:1], " ".join(tokens[1:]).lower()))
        return None

    def by_title(self, m: re.Match[str], block: int, pos: int) -> int | None:
        """The person introduced with this title, most recently mentioned before (block, pos)."""
        canonical, gender = self.rules.titles.get(m.group("title").lower(), (m.group("title").lower(), "?"))
        if gender == "?":
            gender = self.rules.determiner_gender.get((m.group("det") or "").lower(), "?")
        qual = (m.group("qual") or "").strip().lower()
        holders = self._holders({canonical}, gender)
        if not holders:
            holders = self._holders(self.rules.title_synonyms.get(canonical, frozenset()), gender)
        if not holders:
            return None
        if qual:
            first_word = qual.split()[0]
            exact = [i for i in holders if any(first_word[:5] in q for c, q in self.persons[i].titles if c == canonical)]
            holders = exact or holders
        return max(holders, key=lambda i: self._last_mention(i, block, pos))

    def _other_office(self, person: int, m: re.Match[str]) -> bool:
        canonical = self.rules.titles.get(m.group("title").lower(), ("", "?"))[0]
        if canonical not in self.rules.offices:
            return False
        return any(c in self.rules.offices and c != canonical for c, _ in self.persons[person].titles)

    def learn_gender(self, person: int | None, gender: str) -> None:
        """A pronoun resolved to someone of unknown gender gives that person the pronoun's gender."""
        if person is not None and person >= 0 and gender in ("m", "f") and self.persons[person].gender == "?":
            self.persons[person].gender = gender

    def _holders(self, canonicals: set[str] | frozenset[str], gender: str) -> list[int]:
        holders = {i for c in canonicals for i in self._by_title.get(c, ())}
        return sorted(i for i in holders if gender == "?" or self.persons[i].gender in ("?", gender))

    def _last_mention(self, person: int, block: int, pos: int) -> tuple[int, int]:
        at = bisect.bisect_left(self._keys, (block, pos))
        for k in range(at - 1, -1, -1):
            if self.mentions[k].person == person:
                return self._keys[k]
        return (-1, -1)

    def mentions_between(self, block: int, lo: int, hi: int) -> list[Mention]:
        a = bisect.bisect_left(self._keys, (block, lo))
        b = bisect.bisect_left(self._keys, (block, hi))
        return self.mentions[a:b]

    def last_person(
        self,
        block: int,
        pos: int,
        gender: str,
        max_back: int = 40,
        same_or_previous_block: bool = False,
        skip: Callable[[int], bool] | None = None,
    ) -> int | None:
        """The person last mentioned before (block, pos) whose gender fits ("m", "f", or "?" for any)."""
        at = bisect.bisect_left(self._keys, (block, pos))
        for k in range(at - 1, max(-1, at - 1 - max_back), -1):
            if same_or_previous_block and self.mentions[k].block < block - 1:
                break
            person = self.mentions[k].person
            if person in (ANONYMOUS, ANONYMOUS - 1):
                anonymous_gender = "f" if person == ANONYMOUS - 1 else "m"
                if gender in ("?", "p") or gender == anonymous_gender:
                    return None  # the nearest fitting person has no name
                continue
            if person < 0:
                continue
            if skip is not None and skip(person):
                continue
            # The nearest person whose gender fits; an unknown gender fits both.
            if gender in ("?", "p") or self.persons[person].gender in (gender, "?"):
                return person
        return None

    def entity_items(self) -> list[tuple[str, str, int, list[tuple[int, int, int]]]]:
        """(name, type, count, spans) for people and other named things, most mentioned first."""
        items: list[tuple[str, str, int, list[tuple[int, int, int]]]] = []
        spans: dict[int, list[tuple[int, int, int]]] = {}
        for m in self.mentions:
            if m.person >= 0:
                spans.setdefault(m.person, []).append((m.block, m.start, m.end))
        for person, where in spans.items():
            items.append((self.persons[person].name, "person", len(where), where))
        person_words = {t.lower() for p in self.persons for t in p.tokens}
        for (name, kind), count in self.others.items():
            if name in self._initial_only and name not in self._seen_inside and kind in ("other", "organisation"):
                continue
            if name.lower() in person_words:
                continue
            items.append((name, kind, count, self.other_spans[(name, kind)]))
        items.sort(key=lambda item: (-item[2], item[3][0]))
        return items
