"""People and their offices as press texts write them.

Two forms cover nearly all of it: "Title [of Country] Name" ("Vice Foreign Minister of
China Sun Weidong") and "Name, Title[, Organisation]" ("Sewa Lamsal, Foreign Secretary of
Nepal"). A list of such phrases ("A and B", "A, B, and C") is split where one person's
phrase ends and the next begins. Honorifics are dropped; the country comes from a
demonym, "of Country", a "from the X side" phrase, or the organisation the person heads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .tokens import Tok

ARTICLE_TITLES = frozenset({"amir", "emir"})  # titles that are also first names unless 'the' precedes them
NAMEABLE = frozenset(
    {"said", "january", "may", "june", "july", "august", "april", "grant", "young", "king", "hope", "rich"}
)
PARTICLES = frozenset(
    {
        "bin",
        "binti",
        "al",
        "el",
        "de",
        "da",
        "del",
        "van",
        "von",
        "der",
        "ul",
        "ur",
        "ibn",
        "bint",
        "la",
        "le",
        "di",
    }
)
FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "at", "to", "&", "with", "by"})
SEPARATORS = frozenset({"and", "while", "with", ";", "whereas", "alongside"})
REGION_NOUNS = frozenset(
    {"province", "state", "region", "governorate", "prefecture", "oblast", "district", "county"}
)
ACCREDITED = frozenset({"ambassador", "envoy", "representative", "commissioner"})  # '... to China'
# Styles that stand between an office and a name ('Foreign Minister Prince Faisal', 'Assistant
# Minister Ambassador Wael Nasr'): neither part of the title nor of the name.
STYLES = frozenset({"prince", "princess", "ambassador", "amb."})
OF_FOR = re.compile(r"\b(?:of|for)\b", re.I)
PLURAL_TITLE = re.compile(
    r"\b(ministers|secretaries|presidents|premiers|chancellors|secretaries-general|ambassadors)$", re.I
)


RETIRED = frozenset({"retd", "rtd", "r", "retired"})


def _singular_office(m: re.Match[str]) -> str:
    word = m.group(1)
    single = word[:-3] + "y" if word.lower().endswith("ies") else word[:-1]
    return single[:1].upper() + single[1:]


# Endings of the English nouns that name a portfolio ('Integration', 'Terrorism', 'Investment'),
# which names seldom have.
SUBJECT_ENDING = re.compile(r"(?:tions?|sions?|isms?|ments?|ities|ity|ances?|ures?|ogy|ics|ness|ships?)$")
PERSON_END = re.compile(r"[A-Za-z)\].]$")
CAMEL = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]*$")
INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]\.?$")
DOTTED_INITIAL = re.compile(r"^(?:[A-Z][a-z]?\.){1,3}$")  # 'M.', 'Zh.', 'K.D.'


@dataclass(slots=True)
class Person:
    name: str
    title: str | None
    country: str | None
    start: int
    end: int
    counterpart: bool = False
    other_side: str | None = None


def _join(kept: list[Tok], original: list[Tok], text: str) -> str:
    """The text of kept tokens with their original spacing, a single space where some were dropped."""
    position = {id(t): n for n, t in enumerate(original)}
    out = []
    for a, b in zip(kept, [*kept[1:], None], strict=True):
        out.append(a.text)
        if b is not None:
            adjacent = position.get(id(b), -1) == position.get(id(a), -2) + 1
            out.append(text[a.end : b.start] if adjacent else " ")
    return re.sub(r"\s+", " ", "".join(out)).strip(" ,")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'").replace(".", "")).strip()


class PersonGrammar:
    """Reads people from a run of tokens, with the lexicon's offices, places and honorifics."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.not_name_words = lex.not_name_words
        self.honorifics = {_norm(h) for h in lex.honorifics}
        self.honorific_first = {re.split(r"[\s’']", h)[0] for h in self.honorifics} | {
            h.replace(" ", "") for h in self.honorifics
        }
        titles = sorted({tuple(t.lower().split()) for t in lex.offices.titles}, key=len, reverse=True)
        self.titles_by_first: dict[str, list[tuple[str, ...]]] = {}
        for t in titles:
            self.titles_by_first.setdefault(t[0], []).append(t)
        self.title_first = set(self.titles_by_first)
        forms = sorted(lex.org_country, key=len, reverse=True)
        self._orgs = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
        self._country_cache: dict[str, str | None] = {}
        self._office_cache: dict[str, bool] = {}
        self._name_cache: dict[str, bool] = {}
        self._counterpart = False
        self._honoured: int | None = None
        f = lex.formats
        self.office_acronyms = set(f.office_acronyms)
        self.place_tails = {
            name.split()[-1].lower()
            for c in lex.countries
            for name in (c.name, *c.aliases)
            if len(name.split()) > 1
        } - {"costa", "salvador", "leone", "marino", "george", "lucia", "vincent"}
        # Places of several words ("Sri Lanka", "South African", "Papua New Guinea", "Addis Ababa"):
        # their first word is no one's name when the rest of the place follows.
        self.places_by_first: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
        multi: list[tuple[str, str | None]] = [*lex.country_of.items(), *lex.demonym_of.items()]
        multi += [(city, None) for city in lex.city_country]
        for form, country in multi:
            parts = tuple(form.replace("’", "'").replace("'s ", " 's ").split())
            if len(parts) > 1:
                self.places_by_first.setdefault(parts[0], []).append((parts, country))
        for places in self.places_by_first.values():
            places.sort(key=lambda place: len(place[0]), reverse=True)
        self.format_words = (
            {w.lower() for w in f.qualifiers} | {w.lower() for w in f.heads} | set(f.qualified_heads)
        ) - {"and", "&"}

    # token classes -------------------------------------------------------------------------
    def country_of(self, tok: Tok) -> str | None:
        try:
            return self._country_cache[tok.text]
        except KeyError:
            value = self._country_cache[tok.text] = self._country_of(tok)
            return value

    def _country_of(self, tok: Tok) -> str | None:
        text = re.sub(r"[’']s$", "", tok.text)
        if text.isupper() and len(text) > 3 and not self.lex.country(text):
            return None
        return self.lex.country(text)

    def is_office_word(self, tok: Tok) -> bool:
        try:
            return self._office_cache[tok.text]
        except KeyError:
            value = self._office_cache[tok.text] = self._is_office_word(tok)
            return value

    def _is_office_word(self, tok: Tok) -> bool:
        low = tok.lower.strip(",.")
        low = re.sub(r"[’']s$", "", low)
        if not any(c.isalpha() for c in low) or low in ARTICLE_TITLES or low in FUNCTION_WORDS:
            return False
        if tok.text in self.office_acronyms:
            return True
        parts = re.split(r"[/-]", low)
        lex = self.lex
        return all(
            p in lex.title_words
            or p in lex.office_words
            or p in lex.org_words
            or p.rstrip("s") in lex.office_words
            for p in parts
            if p
        ) or (
            len(tok.text) >= 2 and not INITIALS.match(tok.text) and tok.lower.strip("()") in lex.org_country
        )

    def is_name_word(self, tok: Tok) -> bool:
        try:
            return self._name_cache[tok.text]
        except KeyError:
            value = self._name_cache[tok.text] = self._is_name_word(tok)
            return value

    def _is_name_word(self, tok: Tok) -> bool:
        t = tok.text
        if (
            self.country_of(tok) is not None
            or tok.lower in self.lex.city_country
            or tok.lower in self.place_tails
        ):
            return False
        if "-" in t and any(self.lex.country(part) for part in t.split("-") if part):
            return False
        if INITIALS.match(t):
            return True
        if tok.lower in PARTICLES or tok.lower.startswith(("al-", "el-")):
            return True
        if (
            not t[:1].isupper()
            or tok.lower in self.not_name_words
            or CAMEL.match(t)
            or tok.lower in self.format_words
        ):
            return False
        if not re.match(r"^[^\W\d_][\w'’.-]*$", t) or t.isupper() and len(t) > 1 and "." not in t:
            return False
        return not self.is_office_word(tok) and self.country_of(tok) is None

    def honorific_at(self, toks: list[Tok], i: int) -> int:
        """How many tokens of an honorific start at i (0 if none)."""
        if i >= len(toks) or toks[i].lower.replace(".", "").replace("’", "'") not in self.honorific_first:
            return 0
        if toks[i].lower in ACCREDITED and i + 1 < len(toks) and toks[i + 1].lower in {"to", "of", "for"}:
            return 0  # 'Ambassador to China', 'Ambassador for Counter-Terrorism' are offices
        best = 0
        for n in range(1, 5):
            if i + n > len(toks):
                break
            seen = _norm(" ".join(t.text for t in toks[i : i + n]).replace(" ’", "’").replace(" '", "'"))
            if seen in self.honorifics or seen.replace(" ", "") in self.honorifics:
                best = n
        k = i + best
        if best and k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")":
            if toks[k + 1].lower.rstrip(".") in RETIRED:
                best += 3  # 'Lt General (Retd)', 'Gen. (r)'
        return best

    def title_at(self, toks: list[Tok], i: int) -> int:
        """Length of the longest listed title starting at i."""
        if i >= len(toks) or toks[i].lower not in self.title_first:
            return 0
        candidates = self.titles_by_first[toks[i].lower]
        if toks[i].lower in ARTICLE_TITLES and (i == 0 or toks[i - 1].lower != "the"):
            return 0
        lows = tuple(x.lower for x in toks[i : i + len(candidates[0])])
        for t in candidates:
            if lows[: len(t)] == t:
                return len(t)
        return 0

    def place_at(self, toks: list[Tok], i: int) -> tuple[int, str | None]:
        """Length of a place of several words starting at i ('Sri Lanka', 'South African'), and its country."""
        if i >= len(toks) or toks[i].lower not in self.places_by_first:
            return 0, None
        for parts, country in self.places_by_first[toks[i].lower]:
            lows = tuple(t.lower.replace("’", "'") for t in toks[i : i + len(parts)])
            if lows == parts or lows[:-1] == parts[:-1] and re.sub(r"'s$", "", lows[-1]) == parts[-1]:
                return len(parts), country
        return 0, None

    # parsing --------------------------------------------------------------------------------
    def people(self, toks: list[Tok], text: str) -> list[Person]:
        """All people named in a run of tokens, in order."""
        out: list[Person] = []
        i = 0
        shared: str | None = None  # 'Foreign Ministers A and B': one office for each of a list
        while i < len(toks):
            person, nxt = self._person(toks, i, text)
            if person:
                if person.title and PLURAL_TITLE.search(person.title) and not OF_FOR.search(person.title):
                    person.title = shared = PLURAL_TITLE.sub(_singular_office, person.title)
                elif person.title:
                    shared = None
                elif shared and out and toks[i].lower in {"and", ","} | SEPARATORS:
                    person.title = shared
                out.append(person)
            elif nxt > i + 1:
                shared = None
            i = max(nxt, i + 1)
        return out

    def _honorific_before(self, tok: Tok) -> bool:
        return getattr(self, "_honoured", None) == tok.start

    def _skip_lead(self, toks: list[Tok], i: int) -> tuple[int, str | None]:
        country = None
        self._counterpart = False
        self._honoured = None
        while i < len(toks):
            low = toks[i].lower
            h = self.honorific_at(toks, i)
            if h:
                i += h
                if i < len(toks):
                    self._honoured = toks[i].start
            elif low in {"the", "his", "her", "their", "and", ",", "while", "with", "by", "both"}:
                i += 1
            elif low in {"counterpart", "counterparts"}:
                self._counterpart = True
                i += 1
            elif self._place_before_office(toks, i):
                n, country = self.place_at(toks, i)
                i += n
            elif (
                self.country_of(toks[i])
                and i + 1 < len(toks)
                and (
                    self.is_office_word(toks[i + 1])
                    or toks[i + 1].lower in {"counterpart", "counterparts"}
                    or self._portfolio_end(toks, i + 1)
                )
            ):
                country = self.country_of(toks[i])
                i += 1
            elif (
                self.country_of(toks[i])
                and i + 2 < len(toks)
                and toks[i + 1].text in {"’s", "'s"}
                and (not self.is_name_word(toks[i + 2]) or self._portfolio_end(toks, i + 2))
            ):
                country = self.country_of(toks[i])
                i += 2
            else:
                break
        return i, country

    def _place_before_office(self, toks: list[Tok], i: int) -> bool:
        """'South African Trade Minister', 'Sri Lankan counterpart': a place of several words before an office."""
        n, country = self.place_at(toks, i)
        if not (n and country) or i + n >= len(toks):
            return False
        nxt = toks[i + n]
        return self.is_office_word(nxt) or nxt.lower in {"counterpart", "counterparts"}

    def _person(self, toks: list[Tok], i: int, text: str) -> tuple[Person | None, int]:
        start_i = i
        i, country = self._skip_lead(toks, i)
        if i >= len(toks):
            return None, i
        portfolio = self._portfolio_end(toks, i) if country else 0
        if portfolio:
            # 'India's Jal Shakti Minister Gajendra Singh Shekhawat': words of a portfolio, then the office
            person, nxt = self._title_name(toks, i, country, text, start_i, portfolio)
        elif self._name_word_at(toks, i, i) and not self.title_at(toks, i):
            person, nxt = self._name_title(toks, i, country, text, start_i)
        elif self.is_office_word(toks[i]) or self.title_at(toks, i):
            person, nxt = self._title_name(toks, i, country, text, start_i)
        else:
            return None, i + 1
        if person is not None:
            person.counterpart = self._counterpart
        return person, nxt

    def _caps_name(self, toks: list[Tok], k: int) -> bool:
        """'NP Saud', 'KAMIKAWA Yoko': an all-capital word inside a name, next to an ordinary name word."""
        tok = toks[k]
        if (
            not tok.is_upper
            or not tok.text.isalpha()
            or tok.lower in self.lex.org_country
            or self.country_of(tok)
            or tok.lower in self.lex.title_words
            or tok.lower in self.format_words
        ):
            return False
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        prev = toks[k - 1] if k > 0 else None
        return bool(
            (nxt and self.is_name_word(nxt) and not nxt.is_upper)
            or (prev and self.is_name_word(prev) and not prev.is_upper and len(tok.text) > 3)
        )

    def _name_word_at(self, toks: list[Tok], j: int, i: int) -> bool:
        tok = toks[j]
        if tok.lower in self.places_by_first and self.place_at(toks, j)[0]:
            return False
        if self.is_name_word(tok) or (tok.lower in PARTICLES and j > i) or self._caps_name(toks, j):
            return True
        # 'Davlatali Said', 'Mr January Makamba': a capitalised common word inside a name
        if (
            tok.text[:1].isupper()
            and tok.lower in NAMEABLE
            and (j > i or self._honoured == tok.start)
            and j + (0 if j > i else 1) < len(toks)
            and (j > i or self.is_name_word(toks[j + 1]))
        ):
            return True
        return False

    def _name_run(self, toks: list[Tok], i: int) -> int:
        j = i
        if j + 1 < len(toks) and toks[j].text.endswith("ing") and toks[j + 1].text.islower():
            return i
        while j < len(toks) and self._name_word_at(toks, j, i):
            j += 1
        while (
            j > i
            and toks[j - 1].lower in PARTICLES
            and not (j - 1 == i + 1 and toks[j - 1].text[:1].isupper())
        ):
            j -= 1  # 'bin' ends no name, but 'Wang Bin' is one
        return j

    def _name_title(self, toks, i, country, text, start_i):
        """'Name, Title [of Country], Organisation [from the X side]'."""
        j = self._name_run(toks, i)
        name_toks = toks[i:j]
        title_toks: list[Tok] = []
        k = j
        if k < len(toks) and toks[k].text == "," and k + 1 < len(toks) and self._title_start(toks, k + 1):
            k, title_toks = self._title_tail(toks, k + 1)
        k, side = self._side(toks, k)
        return self._make(name_toks, title_toks, country or side, text), k

    def _portfolio_end(self, toks: list[Tok], k: int) -> int:
        """Where an office starts after a short run of unlisted capitalised words, when a name follows it."""
        j = self._name_run(toks, k)
        if (
            not (k < j <= k + 3)
            or j >= len(toks)
            or not (self.title_at(toks, j) or self.is_office_word(toks[j]))
        ):
            return 0
        m = j
        while m < len(toks) and (self.title_at(toks, m) or self.is_office_word(toks[m])):
            m += self.title_at(toks, m) or 1
        return j if m < len(toks) and self.is_name_word(toks[m]) else 0

    def _title_name(self, toks, i, country, text, start_i, from_k=None):
        """'Title [of Country][,] Name [from the X side]'."""
        k = from_k or i
        title_end = k
        while k < len(toks):
            if title_end > i and self._style_at(toks, k):
                k += 1
                break
            if (
                toks[k].lower == "to"
                and k > i
                and toks[k - 1].lower in ACCREDITED
                and k + 1 < len(toks)
                and toks[k + 1].is_cap
            ):
                k += 1 + (self.place_at(toks, k + 1)[0] or 1)  # 'Ambassador to China', 'Envoy to Sri Lanka'
                title_end = k
                continue
            n = self.title_at(toks, k)
            if n:
                k += n
                title_end = k
                continue
            tok = toks[k]
            low = tok.lower
            if low in {"of", "for"}:
                stop = self._tail_end(toks, k + 1)
                if stop <= k + 1:
                    break
                k = stop
                title_end = k
                continue
            if low == "the" and not self._title_continues(toks, k + 1):
                break
            if (
                low in {"and", "&"}
                and title_end == k
                and k + 1 < len(toks)
                and self.is_name_word(toks[k + 1])
                and self._subject_word(toks, k + 1)
            ):
                stop = self._tail_end(toks, k + 1)  # 'Minister of Trade and Integration Bakhyt Sultanov'
                if stop > k + 1:
                    k = title_end = stop
                    continue
            if self.is_office_word(tok) or low in {"of", "for", "&", "the", "and"} or tok.text in {"(", ")"}:
                if low == "and" and k + 1 < len(toks) and self._strong_start(toks, k + 1):
                    break
                if tok.text == "(":
                    close = next((x for x in range(k, min(k + 8, len(toks))) if toks[x].text == ")"), None)
                    if close is None:
                        break
                    k = close + 1
                    title_end = k
                    continue
                k += 1
                if low not in {"of", "for", "&", "the", "and"}:
                    title_end = k
                continue
            c = self.country_of(tok)
            if c and not self.is_name_word(tok):
                country = country or c
                k += 1
                if not re.search(r"[’']s$", tok.text):
                    title_end = k
                continue
            if tok.text == "," and k + 1 < len(toks):
                m = k + 1
                while m < len(toks) and (toks[m].lower == "the" or self.honorific_at(toks, m)):
                    m += self.honorific_at(toks, m) or 1
                if m < len(toks) and self.is_name_word(toks[m]):
                    k = m
                    break
                if self._title_start(toks, k + 1):
                    k += 1
                    continue
            break
        title_toks = [t for t in toks[i:title_end]]
        while k < len(toks) and self.honorific_at(toks, k):
            k += self.honorific_at(toks, k)
        if k >= len(toks) or not self._name_word_at(toks, k, k):
            if (
                title_toks
                and i > 0
                and toks[i - 1].lower == "the"
                and self.title_at(toks, i) == title_end - i
            ):
                title, c = self.clean_title(title_toks, text)
                return Person("", title, country or c, toks[i].start, toks[title_end - 1].end), k
            return None, k
        j = self._name_run(toks, k)
        name_toks = toks[k:j]
        k = j
        if (
            k < len(toks)
            and toks[k].text == ","
            and k + 1 < len(toks)
            and self._title_start(toks, k + 1)
            and not title_toks
        ):
            k, title_toks = self._title_tail(toks, k + 1)
        k, side = self._side(toks, k)
        if side is None and title_toks:
            k, side = self._affiliation(toks, k)
        return self._make(name_toks, title_toks, country or side, text), k

    def _affiliation(self, toks: list[Tok], k: int) -> tuple[int, str | None]:
        """'Deputy Minister A of the Coordinating Ministry for Maritime Affairs', '... B of Australia's
        Department of Foreign Affairs and Trade': the body a titled person belongs to, up to the next person."""
        n = len(toks)
        if not (k + 1 < n and toks[k].lower == "of" and (toks[k + 1].lower == "the" or toks[k + 1].is_cap)):
            return k, None
        j = k + 1
        end = k
        country = None
        while j < n:
            tok = toks[j]
            if tok.text in {"’s", "'s"} or tok.lower in {"of", "for", "&", "the"}:
                j += 1
                continue
            if tok.lower == "and":
                m = j + 1
                while m < n and (self.is_office_word(toks[m]) or self.title_at(toks, m)):
                    m += 1
                if m < n and (m > j + 1 or self.honorific_at(toks, m)) and self._name_word_at(toks, m, m):
                    break  # 'and First Assistant Secretary Justin Lee': the next person
                j += 1
                continue
            if not tok.is_cap or self._name_word_at(toks, j, j) and not self.country_of(tok):
                break
            country = country or self.country_of(tok)
            j += 1
            end = j
        return (end, country) if end > k else (k, None)

    def _tail_end(self, toks: list[Tok], k: int) -> int:
        """After 'of'/'for' in a title: the end of its capitalised run, up to the last office, body or country word.

        'Minister for Roads and Urban Development, ...' keeps the whole run; 'Minister of Defense Kishi'
        stops before the name.
        """
        last = k
        j = k
        while j < len(toks):
            tok = toks[j]
            if self._style_at(toks, j):
                break
            if tok.lower in {"the", "and", "&", "of", "for"} or tok.text in {"’s", "'s"}:
                if tok.lower == "and" and j + 1 < len(toks) and self._strong_start(toks, j + 1):
                    break
                j += 1
                continue
            if tok.text == "(":
                close = next((x for x in range(j, min(j + 8, len(toks))) if toks[x].text == ")"), None)
                if close is None:
                    break
                j = close + 1
                last = j
                continue
            if not tok.is_cap or self.honorific_at(toks, j):
                break
            if (
                DOTTED_INITIAL.match(tok.text)
                and j + 1 < len(toks)
                and self.is_name_word(toks[j + 1])
                and not self.is_office_word(toks[j + 1])
            ):
                break  # 'of the Russian Federation M. Reshetnikov': an initial opens the name
            if self.is_office_word(tok) or self.country_of(tok) or tok.is_upper or self.title_at(toks, j):
                j += 1
                last = j
                if (
                    self.country_of(tok)
                    and not re.search(r"[’']s$", tok.text)
                    and j < len(toks)
                    and toks[j].text not in {"’s", "'s"}
                    and self.is_name_word(toks[j])
                ):
                    break
                continue
            if tok.text.endswith(("'", "’")):
                j += 1
                continue
            region = self._region_end(toks, j)
            if region:
                j = last = region  # 'of Sistan and Baluchestan Province'
                continue
            m = j
            while m < len(toks) and self._name_word_at(toks, m, j):
                m += 1
            if m - j >= 2 or (m > j and self._ends_name(toks, m)):
                # 'for Counter Terrorism K.D. Dewal', 'of Trade and Integration Bakhyt Sultanov': words of
                # a portfolio ahead of the name, told by initials further on or by their English endings
                initials = next((x for x in range(j + 1, m) if INITIALS.match(toks[x].text)), None)
                if initials is not None:
                    j = last = initials
                    break
                if m - j >= 3 and self._subject_word(toks, j):
                    j += 1
                    last = j
                    continue
                break
            j += 1
            if self._subject_word(toks, j - 1):
                last = j
        return last

    def _region_end(self, toks: list[Tok], j: int) -> int:
        """After a run of capitalised names joined by 'and', a region noun ('Sistan and Baluchestan Province'),
        or an office's noun after two words joined by 'and' ('the Asian and Oceanian Affairs Bureau')."""
        for m in range(j + 1, min(j + 5, len(toks))):
            tok = toks[m]
            if tok.lower in REGION_NOUNS and tok.is_cap:
                if tok.lower == "state" and m + 1 < len(toks) and self.is_office_word(toks[m + 1]):
                    return 0  # '... and State Secretary B': an office, not 'Rivers State'
                return m + 1
            if not (tok.is_cap or tok.lower in {"and", "&"}):
                return 0
        n = len(toks)
        if (
            j + 3 < n
            and toks[j + 1].lower in {"and", "&"}
            and toks[j + 2].is_cap
            and not self.title_at(toks, j + 2)
            and not self.is_office_word(toks[j + 2])
            and self.is_office_word(toks[j + 3])
        ):
            m = j + 3
            while m < n and self.is_office_word(toks[m]) and toks[m].is_cap:
                m += 1
            return m
        return 0

    def _style_at(self, toks: list[Tok], k: int) -> bool:
        return toks[k].lower in STYLES and k + 1 < len(toks) and self.is_name_word(toks[k + 1])

    @staticmethod
    def _subject_word(toks: list[Tok], j: int) -> bool:
        """A portfolio's word rather than a name's: 'Integration', 'Counter-Terrorism', 'Counter Terrorism'."""
        word = toks[j].lower.rsplit("-", 1)[-1]
        if SUBJECT_ENDING.search(word):
            return True
        nxt = toks[j + 1].lower if j + 1 < len(toks) else ""
        return word in {"counter", "anti"} and bool(SUBJECT_ENDING.search(nxt))

    def _ends_name(self, toks: list[Tok], m: int) -> bool:
        """Whether a run of name words that stops at m is a person's name (not words of an office)."""
        if m >= len(toks) or toks[m].text in {",", ".", ";", "("}:
            return True
        nxt = toks[m + 1] if m + 1 < len(toks) else None
        if toks[m].lower in {"and", "from", "of", "at", "for"}:
            return not (nxt and (self.is_office_word(nxt) or self.country_of(nxt) or nxt.lower == "the"))
        return not toks[m].is_cap

    def _title_continues(self, toks: list[Tok], k: int) -> bool:
        """After 'of'/'for': an office, organisation or country follows ('for Planning', 'of the Ministry')."""
        while k < len(toks) and toks[k].lower in {"the", "’s", "'s"}:
            k += 1
        if k >= len(toks):
            return False
        tok = toks[k]
        return tok.is_cap and (
            self.is_office_word(tok)
            or self.country_of(tok) is not None
            or self.title_at(toks, k) > 0
            or tok.is_upper
        )

    def _title_start(self, toks: list[Tok], k: int) -> bool:
        if k + 2 < len(toks) and self.country_of(toks[k]) and toks[k + 1].text in {"’s", "'s"}:
            return self._title_start(toks, k + 2)
        if k + 1 < len(toks) and toks[k].lower in self.lex.demonym_of and self.title_at(toks, k + 1):
            return True  # 'Jean Dupont, French Minister for Europe'
        return self.title_at(toks, k) > 0 or self.is_office_word(toks[k])

    def _strong_start(self, toks: list[Tok], k: int) -> bool:
        """A new person's phrase that cannot continue a title: an honorific, a pronoun, a demonym."""
        tok = toks[k]
        if self.honorific_at(toks, k) or tok.lower in {"his", "her", "their", "the"}:
            return True
        return (
            bool(self.country_of(tok))
            and k + 1 < len(toks)
            and (self._title_start(toks, k + 1) or toks[k + 1].text in {"’s", "'s"})
        )

    def _starts_person(self, toks: list[Tok], k: int) -> bool:
        """Whether a new person's phrase starts at k (after 'and')."""
        tok = toks[k]
        if self.honorific_at(toks, k) or tok.lower in {"his", "her", "their", "the"}:
            return True
        if (
            self.country_of(tok)
            and k + 1 < len(toks)
            and (self._title_start(toks, k + 1) or toks[k + 1].text in {"’s", "'s"})
        ):
            return True
        if self.title_at(toks, k):
            return True
        return self.is_name_word(tok)

    def _title_tail(self, toks: list[Tok], k: int) -> tuple[int, list[Tok]]:
        """A title after a name, up to the next person, side phrase or verb."""
        start = k
        end = k
        while k < len(toks):
            tok = toks[k]
            low = tok.lower
            if tok.text in {"’s", "'s"} and k > start and self.country_of(toks[k - 1]):
                k += 1  # 'Piyush Goyal, India's Minister of Commerce'
                continue
            if low in SEPARATORS and k > start:
                if low == "and" and k + 1 < len(toks) and not self._starts_person(toks, k + 1):
                    k += 1
                    continue
                if (
                    low == "and"
                    and self.is_office_word(toks[k - 1])
                    and not self.honorific_at(toks, k + 1)
                    and not self.is_name_word(toks[k + 1])
                ):
                    k += 1
                    continue
                break
            if tok.text == "(":
                close = next((x for x in range(k, min(k + 8, len(toks))) if toks[x].text == ")"), None)
                if close is None:
                    break
                k = close + 1
                end = k
                continue
            if tok.text == ",":
                k += 1
                continue
            if (
                low in {"of", "for", "at"}
                and k + 1 < len(toks)
                and (
                    toks[k + 1].is_cap
                    or toks[k + 1].lower == "the"
                    and k + 2 < len(toks)
                    and toks[k + 2].is_cap
                )
            ):
                k += 1
                while k < len(toks) and (
                    toks[k].is_cap
                    or toks[k].text in {"’s", "'s", "(", ")"}
                    or toks[k].lower in {"the", "and", "&", "of", "for"}
                    and k + 1 < len(toks)
                    and toks[k + 1].is_cap
                ):
                    if toks[k].lower == "and" and (
                        self._strong_start(toks, k + 1) or self.is_name_word(toks[k + 1])
                    ):
                        break
                    k += 1
                end = k
                continue
            if low in {"on", "in", "the"} and not self._title_continues(toks, k + 1):
                break
            if (
                low in {"of", "for", "&", "the", "and", "on", "in"}
                or self.is_office_word(tok)
                or self.country_of(tok)
            ):
                k += 1
                if low not in {"of", "for", "&", "the", "and", "on", "in"}:
                    end = k
                continue
            if tok.is_cap and not self.is_name_word(tok):
                k += 1
                end = k
                continue
            if (
                tok.is_cap
                and k + 1 < len(toks)
                and toks[k + 1].text not in {",", "."}
                and toks[k - 1].lower in {"of", "for", "and", "&"}
            ):
                k += 1
                end = k
                continue
            break
        return end, toks[start:end]

    def _side(self, toks: list[Tok], k: int) -> tuple[int, str | None]:
        """'from the Pakistani side', 'of China' after a person."""
        j = k
        if (
            j + 1 < len(toks)
            and toks[j].lower == "of"
            and self.country_of(toks[j + 1])
            and (j + 2 >= len(toks) or not toks[j + 2].is_cap)
        ):
            return j + 2, self.country_of(toks[j + 1])
        if j < len(toks) and toks[j].text == ",":
            j += 1
        if j + 2 < len(toks) and toks[j].lower == "from" and toks[j + 1].lower == "the":
            c = self.country_of(toks[j + 2])
            if c and j + 3 < len(toks) and toks[j + 3].lower in {"side", "delegation"}:
                return j + 4, c
        return k, None

    def _make(
        self, name_toks: list[Tok], title_toks: list[Tok], country: str | None, text: str
    ) -> Person | None:
        if not name_toks:
            return None
        if (
            len(name_toks) == 1
            and not title_toks
            and country is None
            and not self._counterpart
            and not self._honorific_before(name_toks[0])
        ):
            return None
        name = text[name_toks[0].start : name_toks[-1].end]
        name = re.sub(r"\s+", " ", name).strip(" ,.")
        if name.lower() in self.lex.city_country or self.lex.country(name):
            return None
        if name.endswith(".") and not INITIALS.match(name_toks[-1].text):
            name = name.rstrip(".")
        title, title_country = self.clean_title(title_toks, text)
        if country is None:
            country = title_country
        return Person(name, title, country, name_toks[0].start, name_toks[-1].end)

    def clean_title(self, title_toks: list[Tok], text: str) -> tuple[str | None, str | None]:
        """The title as written, less leading demonyms and a trailing 'of Country'; and that country."""
        toks = list(title_toks)
        country = None
        depth, bracketed = 0, set()
        for t in toks:
            depth += t.text == "("
            if depth:
                bracketed.add(id(t))
            depth -= t.text == ")" and depth > 0
        inner = [
            t for t in toks if self.country_of(t) and not self.is_office_word(t) and id(t) not in bracketed
        ]
        for k, t in enumerate(toks[:-1]):
            possessive = toks[k + 1].text in {"’s", "'s"}
            demonym = t.lower in self.lex.demonym_of and toks[k + 1].lower in self.title_first
            if (
                t in inner
                and k > 0
                and (possessive or demonym or toks[k - 1].lower not in {"of", "the", "for"})
            ):
                country = country or self.country_of(t)
                toks[k] = None  # type: ignore[call-overload]
        toks = [
            t
            for k, t in enumerate(toks)
            if t is not None and not (t.text in {"’s", "'s"} and (k == 0 or toks[k - 1] is None))
        ]
        while toks and (
            toks[0].lower in {"the", ",", "and", "’s", "'s"}
            or (self.country_of(toks[0]) and not self.is_office_word(toks[0]))
        ):
            country = country or self.country_of(toks[0])
            toks.pop(0)
        # trailing "of the People's Republic of China", "of Pakistan", "Pakistan"
        while toks:
            last = toks[-1]
            c = self.country_of(last)
            if any(len(toks) > n and toks[-n - 1].lower == "to" for n in (1, 2, 3)) and (
                c or self.place_at(toks, len(toks) - 2)[1] or self.place_at(toks, len(toks) - 3)[1]
            ):
                break  # 'Ambassador to China' keeps the country it is accredited to
            for n in (6, 5, 4, 3, 2):
                if len(toks) > n and toks[-n].lower in self.places_by_first:
                    size, place = self.place_at(toks, len(toks) - n)
                    if size == n and place and not re.search(r"[’']s$", last.text):
                        c = place
                        toks = toks[: 1 - n]  # the place's last word goes below, with the rest
                        break
            if c and not re.search(r"[’']s$", last.text):
                country = country or c
                toks.pop()
                while toks and (
                    toks[-1].lower
                    in {
                        "of",
                        "the",
                        "republic",
                        "people's",
                        "people’s",
                        "people",
                        "’s",
                        "'s",
                        "islamic",
                        ",",
                        "federal",
                        "kingdom",
                        "democratic",
                        "socialist",
                        "state",
                    }
                    or self.country_of(toks[-1])
                ):
                    toks.pop()
                continue
            if last.lower in self.place_tails and len(toks) > 1 and self.country_of(toks[-2]):
                country = country or self.country_of(toks[-2])
                toks = toks[:-2]
                while toks and toks[-1].lower in {"of", "the", "kingdom", "sultanate", "state", "republic"}:
                    toks.pop()
                continue
            if last.lower == "republic" and len(toks) > 1 and self.country_of(toks[-2]):
                country = country or self.country_of(toks[-2])
                toks = toks[:-2]
                continue
            if last.text in {",", "and", "of", "the", "&", "for", ".", ";"}:
                toks.pop()
                continue
            break
        for t in toks:
            c = self.lex.org_country.get(t.text.strip("()").lower())
            if c and country is None:
                country = c
        if not toks:
            return None, country
        title = _join(toks, title_toks, text)
        title = re.sub(r",?\s*(?:of\s+)?(?:the\s+)?People(?:[’']s)?$", "", title).strip(" ,")
        title = self.lex.offices.abbreviations.get(title, title)
        if country is None:
            country = self.org_in(title) or self.lex.title_country.get(title.lower())
        return (title or None), country

    def org_in(self, title: str) -> str | None:
        """The country of an organisation named inside a title (NDRC, Board of Investment)."""
        m = self._orgs.search(title.lower())
        return self.lex.org_country[m.group(1)] if m else None
