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

from reader.facts_lexicon import (
    FIRST_NAMES,
    HONORIFICS_F,
    HONORIFICS_M,
    NOT_NAMES,
    ORG_WORDS,
    PLACES,
)
from reader.facts_speech import SpeechRules

_CAP = "A-ZÀ-ÖØ-ÞŒ"
_LOW = "a-zß-öø-ÿœæ"
_TOKEN = rf"[{_CAP}](?:[{_LOW}{_CAP}\d]|-(?=[{_CAP}{_LOW}]))+(?:['’][{_CAP}][{_LOW}{_CAP}\-]+)?"
_PARTICLE = r"(?:de|du|des|da|di|van|von|der|den|ben|bin|el|al|ibn|dos|del)"
NAME_RE = re.compile(rf"(?<![\w\-]){_TOKEN}(?:(?:[ \u00a0]+{_PARTICLE})?[ \u00a0]+{_TOKEN})*")
_ACRONYM_COMMON = frozenset(
    "IA AI PIB TVA CDI CDD PME ONG OK TV PC USA PDG CEO DG CFO COO CTO DRH RH ETF SMS GPS ADN ARN VIH UE".split()
)
_PRODUCT_CUE = re.compile(
    r"(?:modèles?|logiciels?|applications?|appli|app|smartphones?|téléphones?|consoles?|plateformes?|codénommée?|"
    r"codénamée?|baptisée?|puces?|voitures?|véhicules?|model|models|app|chip|software|called|named|dubbed|"
    r"codenamed|famille de modèles|version|jeu vidéo|série|film|album|livre|réseau social|assistant)"
    r"[ \u00a0]+(?:d['’]IA[ \u00a0]+)?$",
    re.IGNORECASE,
)
_PLACE_CUE = re.compile(r"(?:(?<![\w])(?:à|en|au|aux|in|at|près de|vers|depuis|from)[ \u00a0]+)$")
_ORG_CUE = re.compile(
    r"(?:(?<![\w])(?:chez|société|groupe|entreprise|firme|start-up|startup|géant|club|banque|constructeur|"
    r"association|fédération|syndicat|parti|agence|institut|cabinet|fonds|collectif|ong|mouvement|"
    r"compagnie|fabricant|opérateur|éditeur|laboratoire|équipe|rival|concurrent|company|firm|group|maker)[ \u00a0]+)$",
    re.IGNORECASE,
)


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    gender: str  # "m", "f" or "?"
    titles: list[tuple[str, str]] = field(default_factory=list)  # (canonical title, qualifier)


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
        self._seen_inside: set[str] = set()

    # -- building ---------------------------------------------------------------------------------------

    def scan(self, block: int, text: str, masked: str, starts: set[int]) -> None:
        """Record the names and title phrases of one block (quotes already masked)."""
        titles = [m for m in self.rules.title_np.finditer(masked) if self._is_title(m)]
        used_titles: set[int] = set()
        # Names first, so that a title next to a name ("le ministre du Logement, Patrice Aubertin") is known
        # to introduce that name before the lone titles are resolved.
        for m in NAME_RE.finditer(masked):
            self._name(block, text, masked, m, starts, titles, used_titles)
        events: list[tuple[int, str, re.Match[str]]] = [(m.start(), "t", m) for m in titles if id(m) not in used_titles]
        events += [(m.start(), "d", m) for m in self.rules.demonstrative.finditer(masked)]
        events.sort(key=lambda e: e[0])
        for _, what, m in events:
            if what == "d":
                gender = self.rules.demonstrative_gender.get(m.group("pron").lower(), "?")
                person = self.last_person(block, m.start(), gender)
                if person is not None:
                    self._mention(block, m.start(), m.end(), person)
            else:
                self._title_mention(block, m)

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
        tokens = re.split(r"[ \u00a0]+", m.group())
        start = m.start()
        # Drop capitalised function words at the front ("Selon Mark Zuckerberg", "Les Bleus").
        honorific = ""
        while tokens and (tokens[0].lower().rstrip("’'") in NOT_NAMES or tokens[0].lower() in self.rules.titles
                          or tokens[0].lower() in ("mme", "madame", "monsieur", "mlle", "mr", "mrs", "ms", "dr")):
            if tokens[0].lower() in ("mme", "madame", "mlle", "monsieur", "mr", "mrs", "ms", "dr"):
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
        hon = self.rules.honorific.search(before)
        if hon:
            honorific = hon.group().strip().lower()
        # Split "Meta de Mark Zuckerberg": a particle joins only after a first name or inside an organisation.
        parts = re.split(rf"[ \u00a0]+{_PARTICLE}[ \u00a0]+", name)
        if len(parts) > 1:
            head = parts[0].split()
            lower = {t.lower() for t in name.split()}
            if not (len(head) == 1 and head[0].lower() in FIRST_NAMES) and not (lower & ORG_WORDS) and name.lower() not in PLACES:
                offset = start
                for part in parts:
                    pos = masked.index(part, offset)
                    sub = NAME_RE.match(masked, pos)
                    if sub:
                        self._name(block, text, masked, sub, starts, titles, used_titles)
                    offset = pos + len(part)
                return
        tokens = name.split()
        if len(tokens) == 1 and name.lower() in self.rules.demonstrative_gender:
            return  # "le Marocain": an anaphor, handled with the demonstratives
        title = self._adjacent_title(masked, start, end, titles)
        if title is not None:
            used_titles.add(id(title))
        known = self.find(name)
        kind = self._classify(name, tokens, before, honorific, title, known, start in starts)
        if kind == "person":
            person = known if known is not None else self._add(name, tokens, honorific, title)
            if title is not None:
                self._give_title(person, title)
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
        if known is not None and not (lower in PLACES):
            return "person"
        if lower in PLACES:
            return "place"
        if words & ORG_WORDS or (name.isupper() and len(name) >= 2):
            if name in _ACRONYM_COMMON:
                return None
            return "organisation"
        if honorific:
            return "person"
        if title is not None and not (title.group("title").lower() in self.rules.anonymous_titles):
            return "person"
        if _PRODUCT_CUE.search(before):
            return "product"
        if len(tokens) >= 2:
            if tokens[0].lower() in FIRST_NAMES:
                return "person"
            if words & PLACES:
                return "organisation"  # "France Inter", "Paris Saint-Germain"
            if _ORG_CUE.search(before):
                return "organisation"
            if len(tokens) <= 4 and not any(t.isupper() for t in tokens):
                return "person"
            return "organisation"
        if _PLACE_CUE.search(before):
            return "place"
        if _ORG_CUE.search(before):
            return "organisation"
        if tokens[0].lower() in FIRST_NAMES and initial:
            return None
        return "organisation" if not initial else "other"

    def _adjacent_title(
        self, masked: str, start: int, end: int, titles: list[re.Match[str]]
    ) -> re.Match[str] | None:
        """A title phrase right before ("le PDG Mark Zuckerberg", "sa directrice, Susan Li") or after the name."""
        for t in titles:
            if t.end() <= start and re.fullmatch(
                r"[ \u00a0]*,?[ \u00a0]*|[^,.;:!?«»\ue000]{0,40},[ \u00a0]*", masked[t.end() : start]
            ):
                return t
            if t.start() >= end and re.fullmatch(r"[ \u00a0]*[,(][ \u00a0]*(?:(?:le|la|l['’]|un|une|the|a|an)[ \u00a0]*)?"
                                                 r"(?:(?:nouveau|nouvelle|ancien|ancienne|former|new)[ \u00a0]+)?",
                                                 masked[end : t.start()], re.IGNORECASE):
                return t
            if t.start() > end + 40:
                break
        return None

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
        return len(self.persons) - 1

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
        if self.persons[person].gender == "?":
            self.persons[person].gender = self._title_gender(title)

    def _title_mention(self, block: int, m: re.Match[str]) -> None:
        word = m.group("title").lower()
        if word in self.rules.anonymous_titles:
            return
        det = (m.group("det") or "").lower()
        if det in ("un", "une", "a", "an"):
            return
        person = self.by_title(m, block, m.start())
        if person is None and det in ("le", "la", "l'", "l’", "the"):
            # "… transformé par Amine Bensalah. Le capitaine marseillais a ensuite…": a definite title nobody
            # holds yet refers to the person just named.
            gender = self._title_gender(m)
            person = self.last_person(block, m.start(), gender, max_back=2, same_or_previous_block=True)
            if person is not None:
                self._give_title(person, m)
        self._mention(block, m.start(), m.end(), -1 if person is None else person)

    def _mention(self, block: int, start: int, end: int, person: int) -> None:
        key = (block, start)
        at = bisect.bisect(self._keys, key)
        self._keys.insert(at, key)
        self.mentions.insert(at, Mention(block, start, end, person))

    # -- lookups ----------------------------------------------------------------------------------------

    def find(self, name: str) -> int | None:
        """The person a name refers to: full name, surname, or a unique first name."""
        tokens = name.split()
        lower = name.lower()
        for i in range(len(self.persons) - 1, -1, -1):
            if self.persons[i].name.lower() == lower:
                return i
        if len(tokens) == 1:
            for i in range(len(self.persons) - 1, -1, -1):
                p = self.persons[i]
                if len(p.tokens) > 1 and p.tokens[-1].lower() == lower:
                    return i
            for i in range(len(self.persons) - 1, -1, -1):
                p = self.persons[i]
                if len(p.tokens) > 2 and " ".join(p.tokens[1:]).lower() == lower:
                    return i
            firsts = [i for i, p in enumerate(self.persons) if len(p.tokens) > 1 and p.tokens[0].lower() == lower]
            if len(firsts) == 1:
                return firsts[0]
        elif len(tokens) >= 2:
            tail = " ".join(tokens[1:]).lower()
            for i in range(len(self.persons) - 1, -1, -1):
                p = self.persons[i]
                if len(p.tokens) > len(tokens) and " ".join(p.tokens[-len(tokens):]).lower() == lower:
                    return i
                if p.tokens[0][:1] == tokens[0][:1] and " ".join(p.tokens[1:]).lower() == tail and len(tokens[0]) <= 2:
                    return i
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

    def _holders(self, canonicals: set[str] | frozenset[str], gender: str) -> list[int]:
        return [
            i for i, p in enumerate(self.persons)
            if any(c in canonicals for c, _ in p.titles) and (gender == "?" or p.gender in ("?", gender))
        ]

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
        self, block: int, pos: int, gender: str, max_back: int = 40, same_or_previous_block: bool = False
    ) -> int | None:
        """The person last mentioned before (block, pos) whose gender fits ("m", "f", or "?" for any)."""
        at = bisect.bisect_left(self._keys, (block, pos))
        for k in range(at - 1, max(-1, at - 1 - max_back), -1):
            if same_or_previous_block and self.mentions[k].block < block - 1:
                break
            person = self.mentions[k].person
            if person < 0:
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
