"""Find figures in one block of text: money, percentages, counts, dates, durations, ranges and ratios.

The engine is shared; each language gives a :class:`FigureWords` (its number format, scale and unit words,
approximation prefixes…). One compiled *anchor* regex finds where a figure may start (a digit, a currency
sign, a number word, a month, a ratio word); from each anchor a few anchored ``match`` calls read the
number, its scale ("milliards", "Md"), its unit and a second number for ranges, then look back for an
approximation ("près de") or a range opener ("entre", "de"). Each figure is returned as a
:class:`RawFigure` with the exact surface span, so ``text[start:end]`` is what the article says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from reader.facts_trie import trie_pattern

Value = float | tuple[float, float] | None


@dataclass(frozen=True)
class RawFigure:
    start: int
    end: int
    kind: str
    value: Value
    unit: str | None


@dataclass(frozen=True)
class FigureWords:
    """Everything language-specific the figure engine needs, as compiled regexes and tables."""

    number: re.Pattern[str]  # a written number with digits, matched at a position
    parse_number: Callable[[str], float | None]
    number_words: dict[str, float]  # "deux" → 2
    collectives: dict[str, float | None]  # "quinzaine" → 15, "milliers" → None
    scales: dict[str, float]  # lower-cased scale word → multiplier
    short_scales: dict[str, float]  # "Md", "M", "k", "bn": only before a currency
    currencies: dict[str, str]  # lower-cased currency word or sign → ISO code
    percent_words: re.Pattern[str]  # matched after a number: "%", "pour cent"
    points_words: re.Pattern[str]  # "points de pourcentage"
    time_units: dict[str, str]  # "ans" → "ans"
    months: dict[str, int]
    weekdays: frozenset[str]
    approx: re.Pattern[str]  # searched in the 40 characters before a figure, anchored at the end
    range_open: re.Pattern[str]  # "entre " / "de " / "between " before the first number
    range_join: re.Pattern[str]  # " et ", " à ", "-", matched between two numbers
    ratios: dict[str, float]  # "double" → 2
    ratio_before: re.Pattern[str]  # "près du ", "le ", matched before a ratio word
    times_word: re.Pattern[str]  # "fois plus", "times"
    of_word: re.Pattern[str]  # "de ", "d'", "of " between a scale or measure and its noun
    measures: frozenset[str]  # nouns that take "de …" after them ("tonnes de matériel")
    noun_stop: frozenset[str]  # words after a number that are not the thing counted
    month_cue: re.Pattern[str]  # words before a bare month name that make it a date ("en", "début")
    hour: re.Pattern[str]  # "20 h 30", "20h", "8 p.m."
    ordinal_minute: re.Pattern[str]  # "89e minute"
    day_before_month: bool  # "12 mars" (fr) vs "March 12" (en)
    clock_cue: re.Pattern[str]  # before "3 heures": makes it a time of day ("vers 3 heures", "at 3")
    clock_after: re.Pattern[str]  # after "3 heures": "du matin"
    temperature: re.Pattern[str]  # "°C", "degrés"
    half_prefix: str  # "demi-": "une demi-heure" is half an hour
    clock_units: frozenset[str]  # "heure", "heures"
    hour_unit: str  # the unit of "2 h 48" as a duration
    rank_cue: re.Pattern[str]  # "numéro 3", "n° 5": a rank, not a count
    noun_after_scale: bool  # "3 million people" (en) — French needs "de": "3 millions d'habitants"
    skip_adjectives: frozenset[str]  # between a number and its noun: "principaux", "biggest"
    superlative_suffix: str  # "-est" in English
    range_day_join: re.Pattern[str]  # "du 14 au 15 janvier", "14-15 March"
    proportion: re.Pattern[str]  # after a number: "[Français] sur trois", "in five"; group "den"
    multiplied: re.Pattern[str]  # before a number: "multiplié par ", "divisé par " (group "div" when divided)
    duration_lead: re.Pattern[str]  # before "une semaine": "pendant", "depuis", "il y a" make it a duration


_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:-[^\W\d_]+)*")
_GAP = re.compile(r"[ \u00a0\u202f\u2009]*")
_GAP1 = re.compile(r"[ \u00a0\u202f\u2009]+")
# "les deux équipes" points back at something already said; "ses deux enfants" is a fact.
_DEFINITE = re.compile(r"(?:\bles|\bces|\bthe|\bthese|\bthose)\s+$", re.IGNORECASE)
_INDEFINITE = re.compile(r"(?<![\w])(?:une|un|des|a|several|plusieurs|quelques|many|some)\s+$")
_LOWER_NEXT = re.compile(r"[ \u00a0]+[a-zà-ÿ]")
_RATIO_OF = re.compile(r"[ \u00a0]+(?:de|d['’]|du|des|of|que|than)\b")
_DIGITS = re.compile(r"\d+")
_CURRENCY_SIGN = re.compile(r"US\$|C\$|A\$|[$€£¥]")
_GLUED_SCALE = re.compile(r"(?:bn|m|k)(?![\w])")
_DAY_AFTER = re.compile(r"[ \u00a0]+(\d{1,2})(?:st|nd|rd|th)?(?![\d\w])")
_YEAR_AFTER = re.compile(r",?[ \u00a0]+(\d{4})(?![\d])")
_WORD_BEFORE = re.compile(r"(\w+)[ \u00a0,]+$")
_DAY_MONTH_AFTER = re.compile(r"[ \u00a0]+(?:1er|\d{1,2})[ \u00a0]+(\w+)")
_DIGIT_OR_SIGN = re.compile(r"[\d$€£¥]\d*")
_DIGIT_AFTER = re.compile(r"[ \u00a0]?\d")
_SCORE = re.compile(r"[\-–](\d{1,2})(?![\d,.]\d|[\d%])")


class FigureFinder:
    """Finds the figures of a block for one language."""

    def __init__(self, words: FigureWords) -> None:
        self.w = words
        # Two cheap scans instead of one slow alternation: digits and currency signs by a character class
        # (``re`` skips ahead to them), words by a prefix tree on the lower-cased text.
        # "un"/"une"/"one" are everywhere: they anchor a figure only before a time unit ("près d'une heure").
        ones = [k for k, v in words.number_words.items() if v == 1]
        word_table = {k: v for k, v in words.number_words.items() if v != 1}
        word_table.update({k: 0.0 for k in words.collectives})
        word_table.update({k: 0.0 for k in words.ratios})
        word_table.update({k: 0.0 for k in words.months})
        word_table.update({k: 0.0 for k in words.weekdays})
        half = re.escape(words.half_prefix)
        self.word_anchor = re.compile(
            r"\b(?<![\-])(?:(?P<word>" + trie_pattern(word_table) + r")(?![\w])|(?P<one>" + trie_pattern(ones)
            + r")(?=[ \u00a0]+(?:(?:" + half + r")?(?:" + trie_pattern(words.time_units) + r")|(?:"
            + trie_pattern(words.scales) + r"))(?![\w])|" + words.proportion.pattern + r"))"
        )
        self.word_anchor_any_case = re.compile(self.word_anchor.pattern, re.IGNORECASE)
        currencies = trie_pattern(words.currencies)
        self.currency = re.compile(r"(?:" + currencies + r")(?![\w])", re.IGNORECASE)
        self.scale = re.compile(r"(?:" + trie_pattern(words.scales) + r")(?![\w])", re.IGNORECASE)
        self.short_scale = re.compile(
            r"(?:" + trie_pattern(words.short_scales) + r")(?=[ \u00a0]?(?:[$€£¥]|" + currencies + r"))"
        )
        numwords = trie_pattern(words.number_words)
        self.numword = re.compile(
            r"(?:" + numwords + r")(?:[\- ](?:et[\- ])?(?:" + numwords + r"))*(?![\w])", re.IGNORECASE
        )

    # -- the scan ---------------------------------------------------------------------------------------

    def find(self, text: str) -> list[RawFigure]:
        found: list[RawFigure] = []
        pos = 0
        for start, kind, end in self._anchors(text):
            if start < pos:
                continue
            try:
                figure = self._at(text, start, kind, end)
            except (ValueError, OverflowError, IndexError):  # a malformed number: no figure here
                figure = None
            if figure is not None and figure.end > figure.start:
                found.append(figure)
                pos = figure.end
        return found

    def _anchors(self, text: str) -> list[tuple[int, str, int]]:
        """(start, kind, end) of every place a figure may start, in order."""
        hits: list[tuple[int, str, int]] = []
        for m in _DIGIT_OR_SIGN.finditer(text):
            i = m.start()
            prev = text[i - 1] if i else " "
            if m.group()[0].isdigit():
                if prev.isalnum() or prev in "._,":
                    continue
                if prev in "+-−" and (i < 2 or not text[i - 2].isalnum()):
                    i -= 1
                hits.append((i, "num", i))
            else:
                if text[max(0, i - 2) : i] == "US" or (prev in "CA" and (i < 2 or not text[i - 2].isalnum())):
                    i -= 2 if text[max(0, i - 2) : i] == "US" else 1
                elif prev.isalnum():
                    continue
                if _DIGIT_AFTER.match(text, i + 1 if text[i] in "$€£¥" else m.start() + 1):
                    hits.append((i, "cur", i))
        lower = text.lower()
        scan = self.word_anchor if len(lower) == len(text) else self.word_anchor_any_case
        for m in scan.finditer(lower if len(lower) == len(text) else text):
            hits.append((m.start(), "one" if m.group("one") else "word", m.end()))
        hits.sort()
        return hits

    def _at(self, text: str, start: int, kind: str, end: int) -> RawFigure | None:
        if kind == "cur":
            return self._currency_first(text, start)
        if kind == "num":
            return self._number(text, start)
        if kind == "one":
            return self._number_word(text, start)
        word = text[start:end].lower()
        w = self.w
        if word in w.months:
            return self._month(text, start, end, None)
        if word in w.weekdays:
            return self._weekday(text, start, end)
        if word in w.ratios:
            return self._ratio(text, start, end, word)
        if word in w.collectives:
            return self._collective(text, start, end, word)
        return self._number_word(text, start)

    # -- numbers written with digits ------------------------------------------------------------------

    def _read_number(self, text: str, pos: int) -> tuple[float, int] | None:
        m = self.w.number.match(text, pos)
        if not m:
            return None
        value = self.w.parse_number(m.group())
        if value is None:
            return None
        return value, m.end()

    def _scale_at(self, text: str, pos: int) -> tuple[float, int]:
        gap = _GAP.match(text, pos).end()
        m = self.scale.match(text, gap)
        if m and (gap > pos or len(m.group()) <= 2):
            return self.w.scales[m.group().lower()], m.end()
        m = self.short_scale.match(text, gap)
        if m:
            return self.w.short_scales[m.group()], m.end()
        return 1.0, pos

    def _unit_at(self, text: str, pos: int, scaled: bool = False) -> tuple[str, str | None, int] | None:
        """(kind, unit, end) of a unit right after a number (after its scale word when ``scaled``), or None."""
        w = self.w
        gap = _GAP.match(text, pos).end()
        m = w.percent_words.match(text, gap)
        if m:
            return "percent", "%", m.end()
        m = w.points_words.match(text, gap)
        if m and gap > pos:
            return "percent", "bp" if m.group("base") else "points", m.end()
        m = w.temperature.match(text, gap)
        if m:
            return "other", "°C" if "F" not in m.group() else "°F", m.end()
        of = w.of_word.match(text, gap)
        cur_at = of.end() if of else gap
        m = self.currency.match(text, cur_at)
        if m and (cur_at > pos or not m.group()[0].isalpha()):
            return "money", w.currencies[m.group().lower()], m.end()
        if gap == pos:
            return None
        if scaled and of is not None:
            gap = of.end()  # "3 millions d'habitants"
        elif scaled and not w.noun_after_scale:
            return None  # "51,7 milliards lors de…": the next word is not what is counted
        m = _WORD.match(text, gap)
        if not m:
            return None
        noun = m.group()
        lower = noun.lower()
        if lower.startswith(w.half_prefix) and lower[len(w.half_prefix):] in w.time_units:
            return "duration", "½" + w.time_units[lower[len(w.half_prefix):]], m.end()
        if lower in w.time_units:
            return "duration", w.time_units[lower], m.end()
        if lower in w.noun_stop or (len(noun) < 2 and lower not in w.measures) or noun[0].isupper() and not noun.isupper():
            return None
        if lower in w.skip_adjectives or (w.superlative_suffix and lower.endswith(w.superlative_suffix)):
            # "three largest customers", "trois principaux clients": count the noun, not the adjective
            gap2 = _GAP1.match(text, m.end())
            m2 = _WORD.match(text, gap2.end()) if gap2 else None
            if m2 and m2.group().lower() not in w.noun_stop and m2.group()[0].islower():
                m, lower = m2, m2.group().lower()
                if lower in w.time_units:
                    return "duration", w.time_units[lower], m.end()  # "les trois premières années"
        end = m.end()
        if lower in w.measures:
            of = w.of_word.match(text, _GAP.match(text, end).end())
            if of:
                m2 = _WORD.match(text, of.end())
                if m2 and m2.group().lower() not in w.noun_stop:
                    end = m2.end()
        return "count", lower, end

    def _number(self, text: str, start: int) -> RawFigure | None:
        w = self.w
        read = self._read_number(text, start)
        if read is None:
            return None
        value, end = read
        raw = text[start:end]
        # Cheap peeks before the rarer patterns: a clock needs an "h" (or a.m./p.m.) right after the digits,
        # a rank a "numéro"/"n°" before them, an ordinal minute a letter glued to them.
        after = text[end : end + 3].lstrip(" \u00a0")[:1]
        hour = w.hour.match(text, start) if after in "hHaApP:" and after else None
        if hour:
            # "à 20 h 30" is a time of day; "2 h 48 de jeu" a duration
            if w.clock_cue.search(text, max(0, start - 12), start):
                return RawFigure(start, hour.end(), "date", None, None)
            digits = _DIGITS.findall(hour.group())
            hours = int(digits[0]) + (int(digits[1]) / 60 if len(digits) > 1 else 0)
            return RawFigure(self._approx_start(text, start), hour.end(), "duration", _clean(hours), w.hour_unit)
        before = text[max(0, start - 10) : start]
        if ("°" in before or "o" in before or "#" in before) and w.rank_cue.search(before):
            return RawFigure(start, end, "other", value, None)  # "tête de série numéro 3"
        minute = w.ordinal_minute.match(text, start) if text[end : end + 1].isalpha() else None
        if minute:
            return RawFigure(start, minute.end(), "other", value, "minute")
        if raw == "1" and text[end : end + 2] == "er" and w.day_before_month:
            gap = _GAP1.match(text, end + 2)
            m = _WORD.match(text, gap.end()) if gap else None
            if m and m.group().lower() in w.months:
                return self._month(text, m.start(), m.end(), (start, 1))
        if raw.isdigit() and len(raw) <= 2 and 1 <= value <= 31 and w.day_before_month:
            days = w.range_day_join.match(text, end)
            if days:
                gap = _GAP1.match(text, days.end())
                m = _WORD.match(text, gap.end()) if gap else None
                if m and m.group().lower() in w.months:
                    single = self._month(text, m.start(), m.end(), (days.start("day"), int(days.group("day"))))
                    if single is not None:
                        last_day, first_day = f"-{int(days.group('day')):02d}", f"-{int(value):02d}"
                        first = single.unit.replace(last_day, first_day, 1) if single.unit else None
                        return RawFigure(start, single.end, "date", None, f"{first}/{single.unit}" if first else None)
            gap = _GAP1.match(text, end)
            m = _WORD.match(text, gap.end()) if gap else None
            if m and m.group().lower() in w.months:
                return self._month(text, m.start(), m.end(), (start, int(value)))
        if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
            scale, after_scale = self._scale_at(text, end)
            unit = self._unit_at(text, after_scale)
            if scale == 1.0 and (unit is None or unit[0] in ("count", "duration")):
                # A year ("en 2025", "2026 sera…") or a range of years ("2020-2025").
                join = w.range_join.match(text, end)
                if join and join.group().strip() in ("-", "–", "—", "à", "to"):
                    second = w.number.match(text, join.end())
                    if second and second.group().isdigit() and len(second.group()) == 4:
                        return RawFigure(start, second.end(), "date", None, f"{raw}/{second.group()}")
                return RawFigure(start, end, "date", None, raw)
        if raw.isdigit():
            special = self._proportion_or_multiple(text, start, end, value)
            if special is not None:
                return special
        score = self._score(text, start, end, value)
        if score is not None:
            return score
        scale, end_scale = self._scale_at(text, end)
        unit = self._unit_at(text, end_scale, scaled=end_scale > end)
        # A range: "entre 115 et 135 milliards de dollars", "de 10 à 12 %", "10-12 %".
        join_from = unit[2] if unit else end_scale
        join = w.range_join.match(text, join_from)
        if join:
            second = self._read_number(text, join.end())
            if second is not None:
                value2, end2 = second
                scale2, end2s = self._scale_at(text, end2)
                unit2 = self._unit_at(text, end2s, scaled=end2s > end2)
                opener = self._range_opener(text, start)
                connector = join.group().strip().lower()
                needs_opener = connector in ("et", "and")
                if (unit2 or unit) and (opener or not needs_opener) and (
                    unit is None or unit2 is None or unit[0] == unit2[0]
                ):
                    final = unit2 or unit
                    if scale == 1.0 and unit is None:
                        scale = scale2
                    low, high = value * scale, value2 * scale2
                    begin = opener if opener is not None else self._approx_start(text, start)
                    end_all = unit2[2] if unit2 else end2s
                    kind = final[0]
                    if kind == "count" and final[1] in w.time_units:
                        kind = "duration"
                    return RawFigure(begin, end_all, kind, (_clean(low), _clean(high)), final[1])
        if unit is None:
            if scale != 1.0 or (value >= 1e4 and not raw.isdigit()):
                # "51,7 milliards", "790 000": an amount whose unit the caller may carry over from the last one
                return RawFigure(self._approx_start(text, start), end_scale, "other", _clean(value * scale), None)
            return None
        kind, unit_name, end_unit = unit
        if kind == "duration" and unit_name in w.clock_units and value < 25 and (
            w.clock_cue.search(text, max(0, start - 12), start) or w.clock_after.match(text, end_unit)
        ):
            after = w.clock_after.match(text, end_unit)
            return RawFigure(start, after.end() if after else end_unit, "date", None, None)
        begin = self._approx_start(text, start)
        return RawFigure(begin, end_unit, kind, _clean(value * scale), unit_name)

    def _score(self, text: str, start: int, end: int, value: float) -> RawFigure | None:
        """"3-1", "(1-1)": two small numbers joined by a dash and followed by no unit."""
        m = _SCORE.match(text, end)
        raw = text[start:end]
        if not (m and raw.isdigit() and len(raw) <= 2):
            return None
        unit = self._unit_at(text, m.end())
        if unit is not None and unit[0] in ("percent", "money", "duration"):
            return None
        return RawFigure(start, m.end(), "other", None, "score")

    def _currency_first(self, text: str, start: int) -> RawFigure | None:
        m = _CURRENCY_SIGN.match(text, start)
        if not m:
            return None
        sign = m.group()
        code = self.w.currencies.get(sign.lower(), "USD")
        gap = _GAP.match(text, start + len(sign)).end()
        read = self._read_number(text, gap)
        if read is None:
            return None
        value, end = read
        scale, end_scale = self._scale_at(text, end)
        if scale == 1.0:
            m2 = _GLUED_SCALE.match(text, end)
            if m2:
                scale = {"bn": 1e9, "m": 1e6, "k": 1e3}[m2.group()]
                end_scale = m2.end()
        join = self.w.range_join.match(text, end_scale)
        if join:
            sign2 = _CURRENCY_SIGN.match(text, join.end())
            second = self._read_number(text, sign2.end() if sign2 else join.end())
            if second is not None:
                value2, end2 = second
                scale2, end2s = self._scale_at(text, end2)
                if scale == 1.0:
                    scale = scale2
                opener = self._range_opener(text, start)
                begin = opener if opener is not None else self._approx_start(text, start)
                return RawFigure(begin, end2s, "money", (_clean(value * scale), _clean(value2 * scale2)), code)
        return RawFigure(self._approx_start(text, start), end_scale, "money", _clean(value * scale), code)

    def _range_opener(self, text: str, start: int) -> int | None:
        before = text[max(0, start - 30) : start]
        m = self.w.range_open.search(before)
        if not m:
            return None
        opener = start - len(before) + m.start()
        approx = self._approx_start(text, opener)
        return approx

    def _approx_start(self, text: str, start: int) -> int:
        before = text[max(0, start - 22) : start]
        m = self.w.approx.search(before)
        return start - len(before) + m.start() if m else start

    # -- numbers written as words ---------------------------------------------------------------------

    def _number_word(self, text: str, start: int) -> RawFigure | None:
        m = self.numword.match(text, start)
        if not m:
            return None
        value = _words_value(m.group().lower(), self.w.number_words)
        if value is None or value < 1:
            return None
        special = self._proportion_or_multiple(text, start, m.end(), value)
        if special is not None:
            return special
        gap = _GAP1.match(text, m.end())
        fraction = _WORD.match(text, gap.end()) if gap else None
        if fraction and fraction.group().lower() in self.w.ratios and self.w.ratios[fraction.group().lower()] < 1:
            ratio = value * self.w.ratios[fraction.group().lower()]  # "deux tiers", "two thirds"
            return RawFigure(self._approx_start(text, start), fraction.end(), "other", _clean(ratio), "×")
        times = self.w.times_word.match(text, m.end())
        if times:
            return RawFigure(self._approx_start(text, start), times.end(), "other", value, "×")
        scale, end_scale = self._scale_at(text, m.end())
        unit = self._unit_at(text, end_scale, scaled=end_scale > m.end())
        if unit is None:
            return None
        kind, unit_name, end = unit
        begin = self._approx_start(text, start)
        if unit_name and unit_name.startswith("½"):
            value, unit_name = value * 0.5, unit_name[1:]
        elif value < 2 and scale == 1.0 and (
            kind != "duration" or (begin == start and not self.w.duration_lead.search(text, max(0, start - 14), start))
        ):
            return None  # "une année clé", "un jour" are phrases; "pour une semaine", "près d'une heure" durations
        before = text[max(0, start - 5) : start].lower()
        if kind == "count" and _DEFINITE.search(before):
            return None
        return RawFigure(begin, end, kind, _clean(value * scale), unit_name)

    def _proportion_or_multiple(self, text: str, start: int, end: int, value: float) -> RawFigure | None:
        """"un Français sur trois", "sept cas sur dix" (a share); "multiplié par six" (a factor)."""
        w = self.w
        m = w.proportion.match(text, end)
        if m:
            den = m.group("den")
            den_value = _words_value(den.lower(), w.number_words) if not den[0].isdigit() else w.parse_number(den)
            if den_value and den_value > value:
                return RawFigure(self._approx_start(text, start), m.end(), "other", _clean(value / den_value), None)
        # The regex only where its last word can be: "par " / "by " right before the number.
        before = w.multiplied.search(text, max(0, start - 16), start) if text[max(0, start - 4) : start - 1] in (
            "par", " by") else None
        if before:
            factor = 1 / value if before.group("div") else value
            return RawFigure(before.start(), end, "other", _clean(factor), "×")
        return None

    def _collective(self, text: str, start: int, end: int, word: str) -> RawFigure | None:
        collective = self.w.collectives[word]
        value = None if collective is None else float(collective)
        begin = start
        before = text[max(0, start - 10) : start].lower()
        bm = _INDEFINITE.search(before)
        if bm:
            begin = start - len(before) + bm.start()
        elif value is not None:
            return None
        begin = self._approx_start(text, begin)
        of = self.w.of_word.match(text, _GAP.match(text, end).end())
        if of:
            # "des dizaines de milliers de manifestants": chain collectives and scales.
            nxt = _WORD.match(text, of.end())
            if nxt and nxt.group().lower() in self.w.collectives:
                inner = self._collective(text, nxt.start(), nxt.end(), nxt.group().lower())
                if inner is not None:
                    return RawFigure(begin, inner.end, inner.kind, None, inner.unit)
            currency = self.currency.match(text, of.end())
            if currency:
                return RawFigure(begin, currency.end(), "money", value, self.w.currencies[currency.group().lower()])
            if nxt:
                lower = nxt.group().lower()
                if lower in self.w.time_units:
                    return RawFigure(begin, nxt.end(), "duration", value, self.w.time_units[lower])
                if lower not in self.w.noun_stop:
                    return RawFigure(begin, nxt.end(), "count", value, lower)
        return RawFigure(begin, end, "count" if value else "other", value, None)

    def _ratio(self, text: str, start: int, end: int, word: str) -> RawFigure | None:
        before = text[max(0, start - 12) : start]
        m = self.w.ratio_before.search(before)
        if not m:
            return None
        # "le double champion" is an adjective, not a ratio.
        after = text[end : end + 20]
        if _LOWER_NEXT.match(after) and not _RATIO_OF.match(after):
            return None
        begin = start - len(before) + m.start()
        multiplier = m.group("n")
        value = self.w.ratios[word]
        if multiplier:
            value *= self.w.number_words.get(multiplier.lower(), 1.0)
        begin = self._approx_start(text, begin)
        return RawFigure(begin, end, "other", _clean(value), "×")

    # -- dates --------------------------------------------------------------------------------------------

    def _month(self, text: str, start: int, end: int, day: tuple[int, int] | None) -> RawFigure | None:
        w = self.w
        month = w.months[text[start:end].lower()]
        if text[start].isupper() and day is None and not w.day_before_month:
            pass  # English months are capitalised
        begin = start
        day_no = None
        if day is not None:
            begin, day_no = day
        elif not w.day_before_month:
            if not text[start].isupper():
                return None  # English month names are capitalised ("may" is a verb)
            if text[end : end + 1] == "." and end - start <= 4:
                end += 1  # "Feb. 4"
            m = _DAY_AFTER.match(text, end)
            if m:
                day_no = int(m.group(1))
                end = m.end()
        year = None
        m = _YEAR_AFTER.match(text, end)
        if m:
            year = m.group(1)
            end = m.end()
        if day_no is None and year is None:
            if text[start].isupper() and w.day_before_month:
                return None
            if not w.month_cue.search(text[max(0, start - 12) : start]):
                return None
        if day is not None or day_no is not None:
            wd = _WORD_BEFORE.search(text[max(0, begin - 12) : begin])
            if wd and wd.group(1).lower() in w.weekdays:
                begin = begin - len(text[max(0, begin - 12) : begin]) + wd.start()
        iso = _iso(year, month, day_no)
        return RawFigure(begin, end, "date", None, iso)

    def _weekday(self, text: str, start: int, end: int) -> RawFigure | None:
        m = _DAY_MONTH_AFTER.match(text, end)
        if m and m.group(1).lower() in self.w.months:
            return None  # the day-and-month path takes it from the number
        if text[start].isupper() and start > 0 and self.w.day_before_month:
            return None
        return RawFigure(start, end, "date", None, None)


def _iso(year: str | None, month: int, day: int | None) -> str:
    if year and day:
        return f"{year}-{month:02d}-{day:02d}"
    if year:
        return f"{year}-{month:02d}"
    if day:
        return f"--{month:02d}-{day:02d}"
    return f"--{month:02d}"


def _clean(value: float) -> float:
    """Round away binary noise from scaling (14.3 * 1e9 → 14300000000.0)."""
    if value == 0 or value != value or value in (float("inf"), float("-inf")):
        return value
    return float(f"{value:.12g}")


def _words_value(phrase: str, table: dict[str, float]) -> float | None:
    """Value of "vingt-cinq", "trois cents", "deux mille" from single number words."""
    total = 0.0
    current = 0.0
    for part in re.split(r"[\- ]+", phrase):
        if part in ("et", "and", ""):
            continue
        value = table.get(part)
        if value is None:
            return None
        if value in (100.0,) and current:
            current *= value
        elif value >= 1000:
            total += (current or 1) * value
            current = 0.0
        else:
            current += value
    return total + current
