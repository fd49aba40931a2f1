"""Who said it: attribute each quote to a speaker, or call it a term.

For each quote the narration of its sentence is read (other quotes masked), in this order:

1. right after the closing mark, an inverted pronoun ("», a-t-elle ajouté", "», he said") → the last person of
   that gender named before the quote;
2. right after, a speech verb then its subject ("», a déclaré Zuckerberg", "», said Susan Li") or "selon X";
3. before the quote, "selon X, «" / "according to X," or the last speech verb with its subject
   ("X a affirmé que «", "il a déclaré : «"), or "X : «";
4. otherwise the speaker of an earlier quote of the same sentence ("…, ajoutant que « … »"), or, for a quote
   standing alone as a sentence, the speaker of the quote just before it (a quote running over sentences);
5. a quote after a label cue ("baptisé « … »", "le projet de loi « … »") is a term; an unattributed short
   quote is a term, an unattributed long one is speech by nobody known (speaker None).

A subject is a person mention (a name, or a title phrase such as "le PDG" that resolves to the person
introduced with that title), a pronoun resolved with its gender, or "ce dernier"; an unnamed title ("un
porte-parole") yields no speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from reader.facts_people import NAME_RE, People, demonym_gender
from reader.facts_quotes import MASK_CHAR, QuoteMark


@dataclass(frozen=True)
class SpeechRules:
    speech_verb: re.Pattern[str]
    inverted: re.Pattern[str]  # matched right after a quote: "a-t-il dit" / "he said"
    verb_first: re.Pattern[str]  # matched right after a quote: "a déclaré" (then the subject follows)
    according: re.Pattern[str]  # "selon ", searched before a quote
    according_right: re.Pattern[str]  # matched right after a quote: ", selon "
    pronoun: re.Pattern[str]  # a subject pronoun with group "pron"
    pronoun_gender: dict[str, str]
    demonstrative: re.Pattern[str]
    demonstrative_gender: dict[str, str]
    titles: dict[str, tuple[str, str]]
    anonymous_titles: frozenset[str]
    title_np: re.Pattern[str]
    determiner_gender: dict[str, str]
    term_cue: re.Pattern[str]  # searched at the end of the text before a quote
    honorific: re.Pattern[str]
    object_cue: re.Pattern[str]  # a preposition before a name makes it an object, not a subject
    subject_pronouns: frozenset[str]
    title_synonyms: dict[str, frozenset[str]]
    title_word: re.Pattern[str]  # just the title noun: a fast first pass before ``title_np``
    offices: frozenset[str]  # titles one person rarely holds two of ("maire", "sénateur"): no bridging across
    subject_after_verb: bool = True  # "a déclaré X"; English also has "X said" after the quote
    subject_before_verb_right: re.Pattern[str] | None = None  # English: "», Susan Li said"
    label_after: re.Pattern[str] | None = None  # English: a “hold” rating — the noun after makes it a label
    speech_marker: re.Pattern[str] = re.compile(r"(?!)")  # a pronoun that makes a quote somebody's words
    evaluative: frozenset[str] = frozenset()  # adverbs that open an evaluation: "très", "very"
    adjective: re.Pattern[str] = re.compile(r"(?!)")  # a one-word quote that is an adjective is an evaluation


@dataclass
class Attributed:
    block: int
    mark: QuoteMark
    speaker: int | None  # index into People.persons
    kind: str  # "speech" or "term"
    how: str  # which rule decided, for debugging and tests
    sentence: tuple[int, int]


_INCISE_END = re.compile(r"[ \u00a0]*[,.;:!?…—–)]")
_SKIP_SPACE = re.compile(r"[ \u00a0]*")
_INFINITIVE_LEAD = re.compile(r"(?:^|[.;!?…]\s*)(?:et|avant|puis|and|before)\s+d(?:e\s+|['’])?[^\W\d_]+\s*:?\s*$",
                              re.IGNORECASE)
# Between a title phrase and the name it introduces: "la ministre de la Santé, Sandrine Lavaud".
_TITLE_GAP = re.compile(r"[^,.;:!?«»\ue000]{0,40},[ \u00a0]*")
# What may precede a sentence's subject: nothing, or one short chunk closed by a comma ("Visiblement émue, ",
# "Le ministre des Transports, ").
_LEADING_CHUNK = re.compile(r"[ \u00a0]{0,3}|[^,.;:!?«»\ue000]{1,60},[ \u00a0]*")
_RESUMPTIVE = re.compile(r"[ \u00a0]*,")
_STOP = re.compile(r"[.;!?" + MASK_CHAR + "]")
_UNKNOWN = -2  # a subject was found but it names nobody we know (an unnamed title)
_CONTEXT = 400  # characters of narration read either side of a quote at most
_PARTICIPLE = re.compile(r"(?:é|ée|és|ées|i|ie|is|u|ue|t|te|ts)$")


class Attributor:
    def __init__(self, rules: SpeechRules, people: People) -> None:
        self.rules = rules
        self.people = people

    def run(
        self,
        texts: list[str],
        masks: list[str],
        quotes: list[list[QuoteMark]],
        sentences: list[list[tuple[int, int]]],
    ) -> list[Attributed]:
        self._texts = texts
        self._masks = masks
        self._sentences = sentences
        done: list[Attributed] = []
        for block, marks in enumerate(quotes):
            for mark in marks:
                sentence = _sentence_of(sentences[block], mark.open_at if mark.open_at >= 0 else mark.start)
                done.append(self._one(block, mark, masks[block], sentence, done))
        self._share_groups(done)
        return done

    def _one(
        self, block: int, mark: QuoteMark, masked: str, sentence: tuple[int, int], done: list[Attributed]
    ) -> Attributed:
        self._texts_block = self._texts[block]
        s0, s1 = sentence
        # Read a few hundred characters either side at most, so that a block without any sentence end (a list
        # of 20,000 quotes) is still read in linear time.
        s0 = max(s0, max(mark.open_at, 0) - _CONTEXT)
        s1 = min(s1, mark.close_at + _CONTEXT)
        open_at = max(mark.open_at, 0)
        left = masked[s0:open_at]
        quoted = self._texts_block[mark.start : mark.end].rstrip()
        if self.rules.term_cue.search(left[-60:]) and not quoted.endswith((".", "!", "?", "…")):
            # "le projet de loi « … »", "baptisée « … »"; but "a risk she called “…, and it will grow.”" is speech
            return Attributed(block, mark, None, "term", "label", sentence)
        if self.rules.label_after is not None and len(quoted.split()) <= 2 \
                and self.rules.label_after.match(masked, mark.close_at):
            return Attributed(block, mark, None, "term", "label", sentence)  # a “hold” rating
        speaker, how = self._right(block, masked, mark.close_at, s1)
        if how is None:
            speaker, how = self._left(block, masked, s0, open_at)
        if how is None or how == "verb-no-subject":
            found, inner = self._incise(block, mark, open_at)
            if inner is not None:
                speaker, how = found, inner
        if how == "verb-no-subject" and _INFINITIVE_LEAD.search(left) and done and done[-1].kind == "speech" \
                and done[-1].block >= block - 1:
            speaker, how = done[-1].speaker, "infinitive"  # "Et d'ajouter : « … »"
        if how is None or how == "verb-no-subject":
            previous = self._previous(block, sentence, done, same_sentence=True)
            if previous is not None and (how == "verb-no-subject" or not left.strip(" \u00a0,;:—–-" + MASK_CHAR)):
                speaker, how = previous.speaker, "same-sentence"
        if how is None and block > 0 and not left.strip() and self._masks[block - 1].rstrip().endswith(":"):
            # "Le ministre a déclaré :" closes one paragraph, the quote opens the next.
            prev_masked = self._masks[block - 1]
            end = len(prev_masked.rstrip())
            prev_sentences = self._sentences[block - 1]
            start = prev_sentences[-1][0] if prev_sentences else 0
            speaker, how = self._left(block - 1, prev_masked, max(start, end - _CONTEXT), end)
            if how == "verb-no-subject":
                speaker, how = None, None
        if how is None and self._alone(left, masked, mark.close_at, s1):
            previous = self._previous(block, sentence, done, same_sentence=False)
            if previous is not None:
                speaker, how = previous.speaker, "continued"
        if how is None:
            speaker, how = self._sentence_subject(block, masked, mark, s0, open_at)
        if speaker == _UNKNOWN:
            speaker = None
        if how == "verb-no-subject":
            return Attributed(block, mark, None, "speech", how, sentence)
        if how is None:
            return Attributed(block, mark, None, "speech" if self._long(mark, masked) else "term", "none", sentence)
        return Attributed(block, mark, speaker, "speech", how, sentence)

    def _incise(self, block: int, mark: QuoteMark, open_at: int) -> tuple[int | None, str | None]:
        """« Nous allons, a-t-il expliqué, tout reconstruire » / « …, explique Jean Dupont, … »"""
        text = self._texts[block]
        r = self.rules
        pos = text.find(",", mark.start, mark.end)
        tries = 0
        while pos >= 0 and tries < 12:
            tries += 1
            m = r.inverted.match(text, pos, mark.end)
            if m and _INCISE_END.match(text, m.end()):
                pron = (m.group("pron") or m.groupdict().get("pron2") or "").lower()
                gender = r.pronoun_gender.get(pron, "?")
                if gender != "p":
                    return self.people.last_person(block, open_at, gender), "incise"
            m = r.verb_first.match(text, pos, mark.end)
            if m and r.speech_verb.fullmatch(m.group("verb")):
                name = NAME_RE.match(text, _SKIP_SPACE.match(text, m.end()).end())
                if name and _INCISE_END.match(text, name.end()):
                    person = self.people.find(name.group())
                    if person is not None:
                        return person, "incise"
            pos = text.find(",", pos + 1, mark.end)
        return None, None

    def _sentence_subject(
        self, block: int, masked: str, mark: QuoteMark, s0: int, open_at: int
    ) -> tuple[int | None, str | None]:
        """"Il juge la situation « préoccupante »": a short lower-case quote in a sentence led by a person."""
        if open_at <= s0 or mark.end - mark.start > 120 or not self._texts[block][mark.start : mark.start + 1].islower():
            return None, None
        found = self._candidates(block, masked, s0, min(open_at, s0 + 90))
        if found and _LEADING_CHUNK.fullmatch(masked, s0, found[0][0]):
            return found[0][1], "sentence-subject"
        return None, None

    # -- the rules --------------------------------------------------------------------------------------

    def _right(self, block: int, masked: str, close: int, s1: int) -> tuple[int | None, str | None]:
        r = self.rules
        m = r.inverted.match(masked, close, s1)
        if m:
            pron = (m.group("pron") or m.groupdict().get("pron2") or "").lower()
            gender = r.pronoun_gender.get(pron, "?")
            if gender == "p":
                return _UNKNOWN, "inverted-plural"
            person = self.people.last_person(block, close, gender)
            self.people.learn_gender(person, gender)  # "a-t-elle ajouté" tells us who is a woman
            return person, "inverted"
        m = r.according_right.match(masked, close, s1)
        if m:
            return self._subject_after(block, masked, m.end(), s1, window=4, after_title=True), "according"
        m = r.verb_first.match(masked, close, s1)
        if m and (r.speech_verb.fullmatch(m.group("verb")) or (m.group("aux") and _PARTICIPLE.search(m.group("verb")))):
            subject = self._subject_after(block, masked, m.end(), s1)
            if subject is not None:
                return subject, "verb-subject"
        elif m and m.group("verb")[:1].islower() and masked[close:m.start("verb")].strip(" \u00a0") == ",":
            # « … », soupire Nathalie: right after a quote, any verb followed by its subject attributes it.
            subject = self._subject_after(block, masked, m.end(), s1, window=4, after_title=True)
            if subject is not None:
                return subject, "verb-subject"
        if r.subject_before_verb_right is not None:
            m = r.subject_before_verb_right.match(masked, close, s1)
            if m:
                subject = self._subject_in(block, masked, m.start("subj"), m.end("subj"), last=True)
                if subject is not None:
                    return subject, "subject-verb"
        return None, None

    def _left(self, block: int, masked: str, s0: int, open_at: int) -> tuple[int | None, str | None]:
        r = self.rules
        # "selon X, « … »" / "according to X, …"
        for m in r.according.finditer(masked, s0, open_at):
            subject = self._subject_after(block, masked, m.end(), open_at, window=4, after_title=True)
            if subject is not None and "," in masked[m.end() : open_at]:
                return subject, "according"
        tail = masked[s0:open_at].rstrip(" \u00a0")
        if tail.endswith(":"):
            # "…, Jean-Louis Brochard : « … »": the name right before the colon says it.
            colon = s0 + len(tail) - 1
            near = [m for m in self.people.mentions_between(block, max(s0, colon - 80), colon)
                    if m.person >= 0 and not masked[m.end : colon].strip(" \u00a0,")
                    and not r.object_cue.search(masked[max(0, m.start - 12) : m.start])]
            if near:
                return near[-1].person, "colon"
        if tail.endswith(":") and not r.speech_verb.search(masked, s0, open_at):
            # "Gérard Pellegrin, qui a pris la parole en dernier, s'est contenté de quelques mots : « … »"
            found = self._candidates(block, masked, s0, min(open_at, s0 + 40))
            if found and found[0][0] - s0 <= 3 and found[0][1] != _UNKNOWN:
                return found[0][1], "colon-subject"
        verbs = list(r.speech_verb.finditer(masked, s0, open_at))
        if verbs:
            verb = verbs[-1]
            clause_start = s0
            for prev in range(len(verbs) - 2, -1, -1):
                v = verbs[prev]
                if MASK_CHAR in masked[v.end() : verb.start()]:
                    clause_start = v.end()
                    break
            subject = self._subject_in(block, masked, clause_start, verb.start(), last=True)
            if subject is None:
                subject = self._subject_after(block, masked, verb.end(), open_at)
            if subject is not None:
                return subject, "verb"
            return None, "verb-no-subject"
        if tail.endswith(":"):
            subject = self._subject_in(block, masked, max(s0, open_at - 80), open_at, last=True, adjacent=True)
            if subject is not None:
                return subject, "colon"
        return None, None

    def _subject_after(
        self, block: int, masked: str, pos: int, limit: int, window: int = 80, after_title: bool = False
    ) -> int | None:
        """The first subject within ``window`` characters after pos ("a déclaré [le ministre, X]").

        With ``after_title`` the window also stretches over a title phrase that introduces the name ("selon
        la ministre de la Santé, Sandrine Lavaud"); "selon l'entourage du ministre" names nobody.
        """
        if after_title:
            title = self.rules.title_np.match(masked, pos)
            if title:
                gap = _TITLE_GAP.match(masked, title.end())
                window = max(window, gap.end() - pos + 2) if gap else window
        end = min(limit, pos + window + 40)
        stop = _STOP.search(masked, pos, end)
        if stop:
            end = stop.start()
        found = self._candidates(block, masked, pos, end)
        for start, who in found:
            if start - pos <= window:
                # A title then its holder's name: "a ajouté la directrice financière, Susan Li".
                if who == _UNKNOWN:
                    later = [w for s, w in found if s > start and w != _UNKNOWN]
                    if later:
                        return later[0]
                return who
        return None

    def _subject_in(
        self, block: int, masked: str, lo: int, hi: int, last: bool, adjacent: bool = False
    ) -> int | None:
        found = self._candidates(block, masked, lo, hi)
        # A name after a preposition is an object ("a répondu à Wang"), not the one who speaks.
        found = [(s, w) for s, w in found if not self.rules.object_cue.search(masked[max(lo, s - 12) : s])]
        if not found:
            return None
        if adjacent:
            s, who = found[-1]
            return who if not masked[s:hi].strip(" \u00a0:") or len(masked[s:hi]) < 60 else None
        return found[-1][1] if last else found[0][1]

    def _candidates(self, block: int, masked: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """(position, person or _UNKNOWN) of every possible subject between lo and hi."""
        # Mentions include unresolved titles and unnamed people ("un porte-parole"): both give _UNKNOWN.
        out: list[tuple[int, int]] = []
        for mention in self.people.mentions_between(block, lo, hi):
            out.append((mention.start, mention.person if mention.person >= 0 else _UNKNOWN))
        for m in self.rules.pronoun.finditer(masked, lo, hi):
            pron = m.group("pron").lower()
            after_according = self.rules.according.search(masked[max(0, m.start() - 12) : m.start()])
            if pron not in self.rules.subject_pronouns and not after_according:
                continue
            if _RESUMPTIVE.match(masked, m.end()) and masked[max(0, m.start() - 2) : m.start()].strip() == ",":
                continue  # "La Confédération paysanne, elle, dénonce": the pronoun repeats the subject before it
            person = self.people.last_person(block, m.start(), self.rules.pronoun_gender.get(pron, "?"))
            out.append((m.start(), person if person is not None else _UNKNOWN))
        for m in self.rules.demonstrative.finditer(masked, lo, hi):
            gender = demonym_gender(m.group("pron"), self.rules.demonstrative_gender)
            person = self.people.last_person(block, m.start(), gender)
            out.append((m.start(), person if person is not None else _UNKNOWN))
        out.sort()
        return out

    def _previous(
        self, block: int, sentence: tuple[int, int], done: list[Attributed], same_sentence: bool
    ) -> Attributed | None:
        if not done:
            return None
        prev = done[-1]
        if prev.kind != "speech":
            return None
        if same_sentence:
            return prev if prev.block == block and prev.sentence == sentence else None
        if prev.block == block or (prev.block == block - 1 and prev.mark.close_at >= 0):
            return prev
        return None

    def _alone(self, left: str, masked: str, close: int, s1: int) -> bool:
        """The quote is a sentence of its own: nothing but punctuation around it."""
        right = masked[close:s1]
        return not left.strip(" \u00a0—–-" + MASK_CHAR) and not right.strip(" \u00a0.!?…" + MASK_CHAR)

    def _long(self, mark: QuoteMark, masked: str) -> bool:
        """Is an unattributed quote somebody's words (speech) rather than a name or a label (term)?

        A sentence is speech; a short capitalised phrase without a pronoun is a title or a name ("La Maison des
        vents"); four words and more are speech ("au moins la moitié"); so is an evaluation ("très perturbé",
        "incompréhensible"); a short noun phrase is a label ("vastes projets").
        """
        text = self._texts_block[mark.start : mark.end].strip()
        words = text.split()
        if not words:
            return False
        r = self.rules
        if text.endswith((".", "!", "?", "…")):
            return True
        if text[0].isupper() and len(words) <= 6 and not r.speech_marker.search(text):
            return False
        if len(words) >= 4:
            return True
        return words[0].lower() in r.evaluative or (len(words) == 1 and bool(r.adjective.search(words[0])))

    def _share_groups(self, done: list[Attributed]) -> None:
        """The parts of a quote running over paragraphs share the speaker attributed to any part."""
        weak = ("none", "continued", "same-sentence", "verb-no-subject", "group")
        strong: dict[int, Attributed] = {}
        for item in done:
            if item.mark.group >= 0 and item.how not in weak:
                strong.setdefault(item.mark.group, item)
        for i, item in enumerate(done):
            other = strong.get(item.mark.group) if item.mark.group >= 0 else None
            if other is not None and item.how in weak and other.block != item.block:
                done[i] = Attributed(item.block, item.mark, other.speaker, "speech", "group", item.sentence)


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence around pos (bisect: a block may hold thousands of sentences)."""
    if not spans:
        return 0, 0
    at = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return spans[max(at, 0)]
