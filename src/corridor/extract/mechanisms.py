"""Mechanism names: found from how texts name them, then resolved against the lexicon.

A mechanism's name ends in a format noun (commission, committee, council, consultations,
dialogue, working group, mechanism, 2+2...), is preceded by capitalised words or format
qualifiers ("Bilateral Political", "China-Germany intergovernmental"), and may be followed
by its subject ("on Industrial Cooperation"), its acronym ("(JEC)") and its parties
("between Nepal and China"). Known mechanisms get their canonical name from the lexicon;
others are named from the text and their parties.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..model import Mention, mentions_within
from .lexicon import Lexicon, MechanismEntry
from .tokens import Tok

STOP_LEFT = frozenset(
    """the a an this that these those its their his her our your of in at on by for with to from as and-then
    which who whose while during after before since under through via into ahead about over held hold""".split()
)
PROGRAMME_WORDS = {"cpec": "CPEC"}
# Verbs that title-case headlines capitalise ('... on Maritime Affairs Held in Tokyo'): never part of a name.
HEADLINE_VERBS = frozenset(
    "held holds hold meets met convenes convened opens opened concludes concluded begins began kicks starts ends".split()
)
GENERIC = frozenset(
    """the joint commission committee council dialogue dialogues meeting consultations consultation group working
    mechanism talks summit session round""".split()
)
LEVEL = re.compile(r"^[a-z]+(?:-[a-z]+)*-level$")  # 'ministerial-level', 'vice-ministerial-level'
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.-]{0,11}$")


def _roman_numerals(limit: int = 49) -> dict[str, int]:
    """Lower-case Roman numerals from i to xlix."""
    units = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    tens = ["", "x", "xx", "xxx", "xl"]
    return {tens[n // 10] + units[n % 10]: n for n in range(1, limit + 1)}


ROMAN = _roman_numerals()


def split_numbered(acronym: str) -> tuple[str, int | None]:
    """'IGC-VIII' is the IGC's eighth session; 'JCM-XI' the eleventh JCM."""
    base, _, tail = acronym.rpartition("-")
    if base and tail.lower() in ROMAN and tail.isupper() and base.upper() not in {"CPEC", "BRI", "ML"}:
        return base, ROMAN[tail.lower()]
    return acronym, None


QUOTES = "‘’'\""


def _head_inside(low: str, heads: frozenset[str] | set[str]) -> bool:
    """A head word behind quotes or at the end of a hyphenated word (‘Dialogue’, 'sub-committee')."""
    if "-" not in low and low[:1] not in QUOTES and low[-1:] not in QUOTES:
        return False
    return low.strip(QUOTES).rsplit("-", 1)[-1] in heads


@dataclass(slots=True)
class MechPhrase:
    """One naming of a mechanism in a text."""

    i: int  # first token
    j: int  # one past the last token of the name
    start: int
    end: int
    text: str
    core: str
    parties: list[str] = field(default_factory=list)
    acronym: str | None = None
    programme: str | None = None
    entry: MechanismEntry | None = None
    is_acronym_only: bool = False
    ordinal: int | None = None
    name_end: int = 0
    has_tail: bool = False

    @property
    def identity(self) -> str:
        if self.entry:
            return self.entry.key
        return _singular(norm_name(self.core)) + "|" + ",".join(sorted(self.parties))


_NOT_NAME = re.compile(r"[^\w+ -]")
_SPACES = re.compile(r"\s+")
_PLURAL = re.compile(r"(\w{4,})s\b")

# How a phrase's surface and core name are tidied (_build).
_AT_LEVEL = re.compile(r"(?i)\s+at the (?:[\w\s-]{1,40}?\s)?level$")
_JOINED = re.compile(r"[-–/]")
_NAME_WORDS = re.compile(r"[\w+]+(?:-[\w+]+)*")
_OPENING = re.compile(r"\(\s*")
_CLOSING = re.compile(r"\s*\)")
_BRACKETED_ACRONYM = re.compile(r"\s*\([A-Za-z0-9&.\- ]{1,12}\)")
_HYPHEN = re.compile(r"\s*-\s*")
_BEFORE_COMMA = re.compile(r"\s+,")
_LOOSE_APOSTROPHE = re.compile(r"s\s+([’'])(?=\s)")
_CORRIDOR = re.compile(r"economic corridor", re.I)
_MEETING_ON = re.compile(r"(?i)\s+(?:meeting|session)(?=\s+on\b)")
_LEADING_POSSESSIVE = re.compile(r"^[’']s\s+")


@lru_cache(maxsize=8192)  # the same few names are compared many times in a text
def norm_name(s: str) -> str:
    s = s.lower().replace("&", " and ").replace("’", "'").replace("–", "-")
    return _SPACES.sub(" ", _NOT_NAME.sub(" ", s)).strip()


def title_case(s: str) -> str:
    if s.isupper():
        return " ".join(
            w.capitalize()
            if len(w) > 3
            else w.lower()
            if w.lower() in {"of", "on", "and", "for", "the"}
            else w
            for w in s.split()
        )
    return s


class MechanismGrammar:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        f = lex.formats
        self.heads = {h for h in f.heads if h not in f.qualified_heads}
        self.qualified = {k: set(v) for k, v in f.qualified_heads.items()}
        self.head_words = frozenset(self.heads) | frozenset(self.qualified)
        self.qualifiers = set(f.qualifiers)
        # Words a name is tested for are kept padded (' forum '), as they are looked for in a padded name.
        self.qualified_runs = [
            (f" {head} ", [(f" {q} {head} ", f" {q} ") for q in quals]) for head, quals in self.qualified.items()
        ]
        self.not_mech = [f" {w.lower()} " for w in f.not_mechanism]
        self.treaty_bodies = {f" {norm_name(b)} ": f" {norm_name(b).split()[-1]} " for b in f.treaty_bodies}
        # Acronyms ('NAM', 'ECO') count only in capitals: 'Viet Nam' and 'eco-city' are no grouping.
        self.multilateral = [f" {norm_name(m)} " for m in f.multilateral if not m.isupper()]
        self.multilateral_acronyms = [f" {m} " for m in f.multilateral if m.isupper()]
        self.groupings = frozenset(norm_name(m) for m in f.multilateral)  # as party names fold
        self.meeting_nouns = set(f.meeting_nouns) | {"encounter"}
        self.ordinals = lex.ordinal_words
        self.acronyms: dict[str, list[MechanismEntry]] = {}
        for m in lex.mechanisms:
            for a in m.acronyms:
                self.acronyms.setdefault(a, []).append(m)
        self.names: list[tuple[str, MechanismEntry]] = [
            (_singular(norm_name(n)), m) for m in lex.mechanisms for n in (m.name, *m.aliases)
        ]
        # 'Joint Cooperation Committee' in a CPEC text: a programme's body named without the programme
        self.names += [
            (_singular(norm_name(n[len(m.programme) :])), m)
            for m in lex.mechanisms
            if m.programme
            for n in (m.name, *m.aliases)
            if n.startswith(m.programme + " ")
        ]
        self.name_forms = [n for n, _ in self.names]
        self.forms: list[tuple[MechanismEntry, list[str]]] = [
            (m, [_singular(norm_name(f)) for f in ([m.family] if m.family else []) + m.aliases])
            for m in lex.mechanisms
        ]

    # token tests -------------------------------------------------------------------------------
    def is_ordinal(self, tok: Tok) -> bool:
        low = tok.lower.strip("‘’'\"")
        return bool(re.fullmatch(r"\d{1,3}(st|nd|rd|th)", low)) or low in self.ordinals or low in {"ever"}

    def is_head(self, toks: list[Tok], k: int) -> bool:
        low = toks[k].lower.strip("‘’'\"")
        if low in self.heads:
            return True
        if "-to-" in low and low.rsplit("-", 1)[-1] in self.heads:
            return True  # 'Commission-to-Commission', 'Government-to-Government
        if (
            low == "meeting"
            and k >= 2
            and (toks[k - 1].is_upper and len(toks[k - 1].text) > 1 or toks[k - 1].text == ")")
        ):
            return True
        if low in self.qualified and k > 0:
            prev = toks[k - 1].lower.strip("‘’'\"")
            if not prev and k > 1:
                prev = toks[k - 2].lower + "'"  # "Foreign Ministers' Meeting" with the apostrophe apart
            if prev in self.qualified[low]:
                return True
            if low in {"meeting", "talks"} and prev.endswith("-level") and toks[k - 1].is_cap:
                return True  # 'Commerce Secretary-level meeting', 'Home Secretary-Level Talks'
            # 'India-Russia Summit', 'Portuguese-Spanish Summit': a format named by its parties
            parts = [p for p in re.split(r"[-–]", toks[k - 1].text) if p]
            return (
                low in {"summit", "forum", "council"}
                and len(parts) >= 2
                and all(self.lex.country(p) for p in parts)
            )
        return False

    # phrase finding ------------------------------------------------------------------------------
    def find(self, toks: list[Tok], text: str, mentions: list[Mention], doc_cpec: bool) -> list[MechPhrase]:
        phrases: list[MechPhrase] = []
        heads = self.head_words
        candidates = [k for k, t in enumerate(toks) if t.lower in heads or _head_inside(t.lower, heads)]
        k = 0
        for h in candidates:
            if h < k or not self.is_head(toks, h):
                continue
            k = h
            e = self._chain(toks, k)
            b = self._left(toks, k, text)
            if b == k and toks[k].lower in {"meeting", "summit", "talks"}:
                k += 1
                continue
            if self._round_of_another(toks, text, b, k, e):
                k += 1  # 'the second ministerial meeting of their Trade and Technology Council'
                continue
            e, acronym, programme, parties_tail, topic_at = self._right(toks, e, text)
            phrase = self._build(toks, b, e, text, acronym, programme, parties_tail, mentions, topic_at)
            if phrase:
                phrases.append(phrase)
            k = max(e, k + 1)
        phrases += self._acronyms(toks, text, phrases, doc_cpec, mentions)
        phrases.sort(key=lambda p: p.start)
        return phrases

    def _round_of_another(self, toks: list[Tok], text: str, b: int, k: int, e: int) -> bool:
        """A meeting named only by lower-case qualifiers and followed by 'of the/their/its <Name>', or after
        an acronym ('the first TTC ministerial meeting'): a round of another mechanism, not one of its own."""
        if toks[k].lower != "meeting" or e != k + 1:
            return False
        if k - b >= 2 and ACRONYM.match(toks[b].text) and toks[b].is_upper:
            between = toks[b + 1 : k]
            if all(t.text.islower() for t in between):
                return True
            # 'the 12th TPF Ministerial Meeting' after '... Trade Policy Forum (TPF)': the forum's round
            defined = text.find(f"({toks[b].text})", 0, toks[b].start) >= 0
            if defined and all(t.lower in self.qualified["meeting"] for t in between):
                return True
        if not all(t.text.islower() for t in toks[b:k]):
            return False
        n = len(toks)
        return (
            e + 2 < n
            and toks[e].lower == "of"
            and toks[e + 1].lower in {"the", "their", "its"}
            and toks[e + 2].is_cap
            and not self.lex.country(toks[e + 2].text)
        )

    def _chain(self, toks: list[Tok], h: int) -> int:
        """'Joint Commission Meeting', '2+2 Ministerial Dialogue': a head followed by a later head."""
        e = h + 1
        k = h + 1
        while k < len(toks) and k <= e + 2:
            if (
                self.is_head(toks, k)
                and toks[k].lower not in {"meeting"}
                or (
                    toks[k].lower == "meeting"
                    and toks[k - 1].lower in self.qualified.get("meeting", set())
                    and toks[k - 1].is_cap
                )
            ):
                e = k + 1
                k += 1
                continue
            low = toks[k].lower
            if (
                low in self.qualifiers
                and low not in {"and", "&"}
                or (toks[k].is_cap and not self.is_ordinal(toks[k]) and toks[k].text not in {"(", ")"})
            ):
                k += 1
                continue
            if (
                low in {"and", "&"}
                and k + 1 < len(toks)
                and (toks[k + 1].is_cap or toks[k + 1].lower in self.qualifiers)
            ):
                k += 1
                continue
            break
        return e

    def _left(self, toks: list[Tok], h: int, text: str) -> int:
        b = h
        while b - 1 >= 0:
            t = toks[b - 1]
            if "\n" in text[t.end : toks[b].start]:
                break
            if t.text[:1].isdigit() and t.lower not in {"2+2"}:
                break
            if _dateline_dash(toks, b - 1, text):
                break
            if t.is_upper and len(t.text) > 1 and t.lower in ROMAN:
                break
            low = t.lower.strip("‘’'\"")
            if t.text in {"’s", "'s"}:
                break  # 'the Central Committee’s Commission for ...': the owner is no part of the name
            if t.text in {"‘", "’", "'", '"', "“", "”"}:
                b -= 1
                continue
            if self.is_head(toks, b - 1) and low not in {"2+2", "two-plus-two"}:
                break
            if (
                low in STOP_LEFT
                or self.is_ordinal(t)
                or low in self.meeting_nouns - {"consultations", "talks"}
            ):
                break
            if t.text == ")" and b - 3 >= 0 and toks[b - 3].text == "(" and ACRONYM.match(toks[b - 2].text):
                b -= 3
                continue
            if t.text in {"(", ")", ",", ".", ":", ";"}:
                break
            if t.is_cap or low in self.qualifiers or t.text in {"-", "–", "&"} or LEVEL.match(low):
                b -= 1
                continue
            break
        while b < h and toks[b].lower in {"and", "&", "-", "–", "‘", "’", "'"}:
            b += 1
        return b

    def _right(
        self, toks: list[Tok], e: int, text: str
    ) -> tuple[int, str | None, str | None, list[int], int | None]:
        self._numbered = None
        acronym = None
        programme = None
        between: list[int] = []
        topic_at: int | None = None
        n = len(toks)
        for _ in range(5):
            if e >= n:
                break
            t = toks[e]
            low = t.lower
            if low in {"meeting", "session"} and e + 1 < n and toks[e + 1].lower == "on":
                e += 1
                continue
            if t.text == "(" and e + 2 < n and toks[e + 2].text == ")":
                inner = toks[e + 1].text
                inner, self._numbered = split_numbered(inner)
                if inner.upper() == "CPEC":
                    programme = "CPEC"
                elif ACRONYM.match(inner) or inner.lower() == "two-plus-two":
                    acronym = acronym or inner
                e += 3
                continue
            if low == "of" and e + 1 < n and self.lex.country(toks[e + 1].text) and not between:
                k = e + 1
                last = None
                while k < n and (self.lex.country(toks[k].text) or toks[k].text in {",", "and", "the"}):
                    if self.lex.country(toks[k].text):
                        between.append(k)
                        last = k
                    k += 1
                if last is not None and len(between) >= 2:
                    e = last + 1
                    continue
                between.clear()
                break
            if low in {"on", "for", "of"} and e + 1 < n:
                k = e + 1
                if toks[k].lower == "the":
                    k += 1
                if k < n and (
                    toks[k].lower == "cpec"
                    or toks[k].lower == "china-pakistan"
                    or toks[k].lower == "china"
                    and k + 1 < n
                    and toks[k + 1].lower.startswith("pakistan")
                ):
                    programme = "CPEC"
                    while (
                        k < n
                        and toks[k].text not in {",", ".", ";"}
                        and (toks[k].is_cap or toks[k].text in {"(", ")"})
                    ):
                        k += 1
                    e = k
                    continue
                if low == "of" and not (k < n and toks[k].is_cap):
                    break
                if k < n and (toks[k].lower in self.lex.calendar_words or toks[k].text[:1].isdigit()):
                    break
                start = k
                while k < n and (
                    toks[k].is_cap
                    or toks[k].lower in {"and", "&", "the", "of"}
                    and k + 1 < n
                    and toks[k + 1].is_cap
                    or toks[k].text == ","
                    and k > start
                    and self._listed_subject(toks, k)
                ):
                    if (
                        self.is_ordinal(toks[k])
                        or toks[k].lower in {"in", "on"}
                        or toks[k].lower in HEADLINE_VERBS
                    ):
                        break
                    k += 1
                if k == start and low == "on":
                    # a lower-case subject: "on socio-economic development", up to four words
                    # ("on safety and Security": a capital after 'and' is the same list, cased unevenly)
                    while (
                        k < n
                        and k - start < 4
                        and (toks[k].text.islower() or toks[k].is_cap and toks[k - 1].lower in {"and", "&"})
                        and toks[k].lower not in STOP_LEFT
                        and toks[k].lower not in {"was", "were", "is", "will", "held", "under"}
                    ):
                        k += 1
                    if k < n and toks[k].text == "CPEC" and k > start:
                        programme = "CPEC"
                        k += 1
                    if k < n and toks[k].lower not in {
                        "was",
                        "were",
                        "is",
                        "will",
                        "held",
                        "under",
                        ",",
                        ".",
                        "via",
                        "in",
                        "here",
                        "through",
                        "on",
                    }:
                        break
                if k > start:
                    if low != "of" and topic_at is None:
                        topic_at = e
                    e = k
                    continue
                break
            if low == "between" and e + 1 < n:
                k = e + 1
                limit = min(n, e + 22)
                last = None
                while k < limit and toks[k].lower not in {
                    "was",
                    "were",
                    "is",
                    "will",
                    "held",
                    "on",
                    "in",
                    ".",
                    ";",
                    "would",
                    "has",
                    "have",
                    "are",
                    "took",
                    "to",
                }:
                    if toks[k].text == "," and k + 1 < n and not toks[k + 1].is_cap:
                        break  # 'between Turkey and Poland, co-chaired by ...': the parties end at the aside
                    between.append(k)
                    if toks[k].is_cap:
                        last = k
                    k += 1
                if last is None:
                    break
                e = last + 1
                continue
            if low == "at" and e + 1 < n:
                k = e + 1
                while k < n and k < e + 7 and toks[k].lower != "level":
                    k += 1
                if k < n and toks[k].lower == "level":
                    e = k + 1
                    continue
            if low == "under" and any(x.lower == "cpec" for x in toks[e : e + 7]):
                programme = "CPEC"
            break
        return e, acronym, programme, between, topic_at

    def _listed_subject(self, toks: list[Tok], k: int) -> bool:
        """'on Economic, Cultural, Scientific and Technical Cooperation': a comma inside a list of subjects,
        which closes with 'and' and a capitalised word within a few words."""
        j = k + 1
        while j < len(toks) and j <= k + 8:
            tok = toks[j]
            if (
                tok.text == ","
                or tok.is_cap
                and not self.lex.country(tok.text)
                and tok.lower not in self.lex.calendar_words
            ):
                j += 1
                continue
            return tok.lower in {"and", "&"} and j + 1 < len(toks) and toks[j + 1].is_cap and j > k + 1
        return False

    def _build(self, toks, b, e, text, acronym, programme, between, mentions, topic_at) -> MechPhrase | None:
        start, end = toks[b].start, toks[e - 1].end
        if end <= start:
            return None
        surface = _SPACES.sub(" ", text[start:end]).strip(" ‘’'\"")
        surface = _AT_LEVEL.sub("", surface)
        name_stop = min(x for x in (topic_at, between[0] if between else None, e) if x is not None)
        low = f" {norm_name(text[start : toks[max(b, name_stop - 1)].end])} "
        for head, runs in self.qualified_runs:
            if head in low:
                for run, qualifier in runs:
                    low = low.replace(run, qualifier)
        probe = low
        for body, head in self.treaty_bodies.items():
            probe = probe.replace(body, head)
        if any(word in probe for word in self.not_mech) or any(word in low for word in self.multilateral):
            return None
        if self.multilateral_acronyms:
            named = text[start : toks[max(b, name_stop - 1)].end]
            cased = " " + " ".join(_NAME_WORDS.findall(named)) + " "
            if any(word in cased for word in self.multilateral_acronyms):
                return None
        parties: list[str] = []
        name_end = between[0] - 1 if between else e
        core_toks: list[Tok] = []
        country_spans = [(m.start, m.end, m.key) for m in mentions_within(mentions, "country", start, end)]
        for t in toks[b:name_end]:
            inside = next((key for s0, e0, key in country_spans if s0 <= t.start < e0), None)
            if inside and not t.lower.startswith("cpec"):
                if inside not in parties:
                    parties.append(inside)
                continue
            found = [self.lex.country(p) for p in _JOINED.split(t.text) if p]
            named = [c for c in found if c]
            if found and len(named) == len(found) and not t.lower.startswith("cpec"):
                for c in named:
                    if c not in parties:
                        parties.append(c)
                continue
            if t.lower in {"cpec", "(cpec)"} or t.text == "CPEC":
                programme = "CPEC"
                continue
            core_toks.append(t)
        for m in mentions_within(mentions, "country", start, end):
            if m.key not in parties:
                parties.append(m.key)
        core_toks = _trim(core_toks)
        if not core_toks:
            return None
        core = _SPACES.sub(" ", " ".join(t.text for t in core_toks)).strip(" ‘’'\"-–")
        core = _OPENING.sub("(", _CLOSING.sub(")", core))
        core = _BRACKETED_ACRONYM.sub("", core).strip()
        core = _HYPHEN.sub("-", core)
        core = _BEFORE_COMMA.sub(",", core)
        core = _LOOSE_APOSTROPHE.sub(r"s\1", core)  # "Ministers ' Meeting" as written
        if _CORRIDOR.search(core):
            programme = "CPEC"
            core = re.sub(
                r"(?i)^(?:the\s+)?(?:[\w-]+\s+)?economic corridor\s*(?:[’']s)?\s*(?:\(cpec\))?\s*", "", core
            )
            core = re.sub(r"(?i)\s+(?:for|of|on)\s+(?:the\s+)?(?:[\w-]+\s+)?economic corridor.*$", "", core)
        core = _MEETING_ON.sub("", core)
        core = _AT_LEVEL.sub("", core)
        core = _LEADING_POSSESSIVE.sub("", core)
        if not core:
            return None
        words_ = [w for w in norm_name(core).split() if w not in {"the", "of", "and", "on", "for"}]
        if len(words_) < 2 and not acronym and not parties and words_ != ["2+2"]:
            return None  # a bare 'commission' names nothing yet; 'their 2+2 meeting' names the format
        phrase = MechPhrase(
            b, e, start, end, surface, title_case(core), parties, acronym, programme, ordinal=self._numbered
        )
        phrase.name_end = toks[between[0] - 2].end if between and between[0] >= 2 else end
        phrase.has_tail = bool(between) or topic_at is not None
        return phrase

    def _acronyms(self, toks, text, phrases, doc_cpec, mentions) -> list[MechPhrase]:
        """Bare acronyms: lexicon ones (JCC, JWG-ICC) and those a phrase defined earlier ('(JEC)')."""
        defined = {p.acronym: p for p in phrases if p.acronym}
        covered = sorted((p.start, p.end) for p in phrases)
        covered_starts = [c[0] for c in covered]
        out: list[MechPhrase] = []
        for k, t in enumerate(toks):
            if len(t.text) < 2 or not t.text[1:2].isupper() and t.text[:1] not in "‘’'\"":
                continue
            word = t.text.strip("‘’'\"")
            word = re.sub(r"[’']s$", "", word)
            if not ACRONYM.match(word) or not word[1:2].isupper():
                continue
            n = bisect_right(covered_starts, t.start) - 1
            if n >= 0 and t.start < covered[n][1]:
                continue
            word, numbered = split_numbered(word)
            if word not in defined:
                spelled = next(
                    (p for p in reversed(phrases) if p.start < t.start and _spells(word, p.core)), None
                )
                if spelled is not None:
                    defined[word] = spelled  # 'IGC' after 'Intergovernmental Commission on ...'
            if word in defined:
                src = defined[word]
                if src.start > t.start:
                    continue
                out.append(
                    MechPhrase(
                        k,
                        k + 1,
                        t.start,
                        t.end,
                        t.text,
                        src.core,
                        list(src.parties),
                        word,
                        src.programme,
                        None,
                        True,
                        numbered,
                    )
                )
            elif word in self.acronyms or numbered is not None:
                out.append(
                    MechPhrase(k, k + 1, t.start, t.end, t.text, word, [], word, None, None, True, numbered)
                )
            elif (pair := self._pair_before(toks, k)) is not None:
                # 'the 20th Thailand – Laos JC': a body its parties name by its acronym alone
                b, parties = pair
                out.append(
                    MechPhrase(b, k + 1, toks[b].start, t.end, text[toks[b].start : t.end], word, parties, word)
                )
        return out

    def _pair_before(self, toks: list[Tok], k: int) -> tuple[int, list[str]] | None:
        """Two parties written 'A-B' or 'A – B' right before token k: where they start, and who they are."""
        if k >= 3 and toks[k - 2].text in {"-", "–", "—"}:
            first, second = self.lex.country(toks[k - 3].text), self.lex.country(toks[k - 1].text)
            if first and second and first != second:
                return k - 3, [first, second]
        if k >= 1:
            parts = [p for p in re.split(r"[-–]", toks[k - 1].text) if p]
            named = [self.lex.country(p) for p in parts]
            if len(parts) == 2 and all(named) and named[0] != named[1]:
                return k - 1, [c for c in named if c]
        return None

    # resolution --------------------------------------------------------------------------------
    def _pick(self, entries: list[MechanismEntry], parties: list[str], cpec: bool) -> MechanismEntry | None:
        """The one entry that fits the parties: shared formats need the same parties, CPEC bodies a CPEC text."""
        ok = []
        for m in entries:
            same = set(parties) == set(m.parties)
            if m.family and not same:
                continue
            if parties and m.parties and not set(parties) <= set(m.parties):
                continue
            if (m.context or m.programme == "CPEC") and not cpec and not same:
                continue
            ok.append(m)
        return ok[0] if len(ok) == 1 else None

    def resolve(
        self, phrase: MechPhrase, mentions: list[Mention], parties: list[str], cpec: bool
    ) -> MechanismEntry | None:
        """The lexicon entry a phrase names, if any: by alias, acronym, family and parties, or close spelling."""
        cpec = cpec or phrase.programme == "CPEC"
        keys = [
            m.key
            for m in mentions_within(mentions, "mechanism", phrase.start, phrase.end)
            if m.end <= phrase.end
        ]
        if keys:
            entry = self._pick([self.lex.by_key[k] for k in dict.fromkeys(keys)], parties, cpec)
            if entry:
                return entry
        if phrase.acronym and phrase.acronym in self.acronyms:
            entry = self._pick(self.acronyms[phrase.acronym], parties, cpec)
            if entry:
                return entry
        core = _singular(norm_name(phrase.core))
        fam = [
            m
            for m, forms in self.forms
            if set(m.parties) == set(parties) and any(core == f or core.endswith(" " + f) for f in forms)
        ]
        if len(fam) == 1:
            return fam[0]
        # the first of the closest spellings, if close enough
        best = process.extractOne(core, self.name_forms, scorer=fuzz.ratio, score_cutoff=92)
        if best is not None:
            return self._pick([self.names[best[2]][1]], parties, cpec)
        return None


SMALL_WORDS = frozenset({"of", "on", "for", "and", "the", "&", "in"})
COMPOUND_PREFIXES = ("inter", "bi", "tri", "intra")


def _dateline_dash(toks: list[Tok], k: int, text: str) -> bool:
    """Whether toks[k] is the dash of a wire dateline ('ISLAMABAD - China ...'): set off by spaces,
    after a word in capitals that opens its line."""
    if toks[k].text not in {"-", "–", "—"} or k == 0:
        return False
    city = toks[k - 1]
    spaced = text[city.end : toks[k].start].isspace() and text[toks[k].end : toks[k].end + 1].isspace()
    line_start = text.rfind("\n", 0, city.start) + 1
    opening = text[line_start : city.start].strip()  # 'ADDIS ABABA –': a city of two words in capitals
    return spaced and city.text.isupper() and len(city.text) > 2 and (not opening or opening.isupper())


def _spells(acronym: str, core: str) -> bool:
    """Whether an acronym is the initials of a name's opening words up to a format noun.

    'IGC' spells Inter-Governmental Commission, 'JWG' Joint Working Group, 'JBC' Joint Border Commission.
    """
    if not 2 <= len(acronym) <= 6 or not acronym.isalpha():
        return False
    initials = ""
    for word in norm_name(core).replace("-", " ").split():
        if word in SMALL_WORDS:
            continue
        prefix = next((p for p in COMPOUND_PREFIXES if word.startswith(p) and len(word) > len(p) + 4), None)
        initials += (prefix[0] + word[len(prefix)]) if prefix else word[0]
        if initials.upper() == acronym and word in NAME_HEADS:
            return True
        if len(initials) >= len(acronym):
            break
    return False


@lru_cache(maxsize=8192)
def _singular(s: str) -> str:
    return _PLURAL.sub(r"\1", s)


NAME_HEADS = frozenset(
    {
        "commission",
        "committee",
        "council",
        "dialogue",
        "group",
        "consultations",
        "consultation",
        "mechanism",
        "conference",
        "summit",
        "cabinet",
        "talks",
        "2+2",
    }
)


def _trim(toks: list[Tok]) -> list[Tok]:
    """Articles and connectors off both ends; 'meeting' off the end only after a format's own name."""
    while toks and toks[0].lower in {"the", "and", "&", "-", "–", "of", "a", "an"}:
        toks = toks[1:]
    while toks and toks[-1].lower in {"the", "and", "&", "-", "–", "of", "("}:
        toks = toks[:-1]
    if (
        len(toks) > 1
        and toks[-1].lower in {"meeting", "meetings"}
        and (toks[-2].lower in NAME_HEADS or toks[-2].is_upper or toks[-2].text == ")")
    ):
        toks = toks[:-1]
    return toks
