"""Statements: the positions parties state in a text, each tagged with what it is about.

A clause is a statement when a position verb from lexicon/statements.yaml ("agreed",
"reaffirmed", "underscored", ...) is used as a verb by a party: not as a noun ("a review
of"), an infinitive of purpose ("held to review"), a preview ("will reaffirm") or a
commentator's view. Reporting verbs ("said") count only when what is reported is a position
rather than an account of the meeting. Topics come from lexicon/topics.yaml, matched over
the statement's own words, leaving out names of offices ("Minister for Energy"), settings
("on the sidelines of the SCO summit") and members of a named framework ("Energy" of the 5Es).
Everything is rule-based over spaCy's blank English tokenizer, so it runs fast and offline.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_TITLE, IS_UPPER, LENGTH, NORM
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .. import settings
from ..errors import LexiconError
from ..model import Document, Span, Statement
from .pipeline import stage
from .segment import tokenizer

LEXICON = Path(__file__).resolve().parent.parent / "lexicon"
KINDS = (
    "agree",
    "reaffirm",
    "commit",
    "review",
    "emphasise",
    "express",
    "support",
    "welcome",
    "reject",
    "other",
)
_ATTRIBUTION = "attribution"
_END_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "(", ")"})


# ---------------------------------------------------------------------------
# Lexicon files: validated once, so a bad entry fails loudly and names itself.


def _phrases(values: list[str]) -> list[str]:
    cleaned = [v.strip() for v in values]
    if any(not v for v in cleaned):
        raise ValueError("phrases must not be empty")
    return cleaned


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cues(_Strict):
    verbs: list[str] = Field(default_factory=list)
    base: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)

    _clean = field_validator("verbs", "base", "phrases")(_phrases)


class Actors(_Strict):
    groups: list[str]
    roles: list[str]
    pronouns: list[str]

    _clean = field_validator("groups", "roles", "pronouns")(_phrases)


class Grammar(_Strict):
    modals: list[str]
    noun_markers: list[str]
    noun_followers: list[str]
    auxiliaries: list[str]
    skip: list[str]
    separators: list[str]
    subject_stops: list[str]
    reported_openers: list[str]
    speaker_followers: list[str]
    list_separators: list[str]
    continuation: list[str]
    openers: list[str]

    _clean = field_validator("*")(_phrases)


class StatementLexicon(_Strict):
    """statements.yaml: statement cues by kind, and the grammar that checks them."""

    kinds: dict[str, Cues]
    attribution: list[str]
    process: list[str]
    previews: list[str]
    non_party: list[str]
    actors: Actors
    grammar: Grammar

    _clean = field_validator("attribution", "process", "previews", "non_party")(_phrases)

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: dict[str, Cues]) -> dict[str, Cues]:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown statement kind {unknown[0]!r}; use one of {', '.join(KINDS)}")
        seen: dict[str, str] = {}
        for kind, cues in kinds.items():
            for cue in (c.lower() for c in cues.verbs + cues.base + cues.phrases):
                if seen.setdefault(cue, kind) != kind:
                    raise ValueError(f"cue {cue!r} is listed under both {seen[cue]!r} and {kind!r}")
        return kinds


class Sector(_Strict):
    triggers: list[str] = Field(min_length=1)
    exclusions: list[str] = Field(default_factory=list)

    _clean = field_validator("triggers", "exclusions")(_phrases)

    @model_validator(mode="after")
    def _disjoint(self) -> Sector:
        both = sorted({t.lower() for t in self.triggers} & {x.lower() for x in self.exclusions})
        if both:
            raise ValueError(f"{both[0]!r} is both a trigger and an exclusion")
        return self


class Framework(_Strict):
    context: list[str] = Field(min_length=1)
    heads: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    members: dict[str, list[str]] = Field(min_length=1)

    _clean = field_validator("context", "heads", "cues")(_phrases)


class Names(_Strict):
    heads: list[str]
    joiners: list[str]
    links: list[str]
    inner: list[str]

    _clean = field_validator("*")(_phrases)


class TopicLexicon(_Strict):
    """topics.yaml: topic triggers, the frameworks read by enumeration, and what is not a topic."""

    sectors: dict[str, Sector]
    ignore: list[str] = Field(default_factory=list)
    frameworks: dict[str, Framework] = Field(default_factory=dict)
    names: Names
    scopes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> TopicLexicon:
        ids = list(self.sectors) + [m for fw in self.frameworks.values() for m in fw.members]
        seen: set[str] = set()
        for topic in ids:
            if topic in seen:
                raise ValueError(f"topic id {topic!r} is defined twice")
            if not topic.replace("_", "").isalnum() or not topic.islower():
                raise ValueError(f"topic id {topic!r} must be lower-case letters, digits and underscores")
            seen.add(topic)
        return self

    @property
    def topic_ids(self) -> list[str]:
        return list(self.sectors) + [m for fw in self.frameworks.values() for m in fw.members]


M = TypeVar("M", bound=BaseModel)


def load_lexicon(model: type[M], path: Path) -> M:
    """Read and validate one lexicon file; a bad file raises LexiconError naming file and entry."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon file: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon file must hold a mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise LexiconError(f"{path}: entry {loc}: {first['msg']}; correct that entry and reload") from exc


# ---------------------------------------------------------------------------
# Phrase matching: one pass of two PhraseMatchers over the whole text.


@dataclass(frozen=True, slots=True)
class _Key:
    cat: str  # cue, topic, excl, ignore, process, preview, nonparty, group, role, opener, scope, fw*
    value: str = ""  # statement kind, topic id or framework name
    form: str = ""  # verb, base, phrase or attribution for cues; member id for framework members


@dataclass(frozen=True, slots=True)
class _Match:
    key: _Key
    start: int
    end: int
    exact: bool


def _plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _variants(phrase: str, inflect: bool) -> set[str]:
    """Spelling variants a writer may use: hyphen or not, and the plural of the last word."""
    forms = {phrase}
    if "-" in phrase:
        forms |= {phrase.replace("-", " "), phrase.replace("-", "")}
    if inflect:
        for form in list(forms):
            head, _, last = form.rpartition(" ")
            if last.isalpha() and not last.endswith("s"):
                forms.add(f"{head} {_plural(last)}".strip())
    return forms


def _is_acronym(phrase: str) -> bool:
    """An all-capital word ("IT", "UN") makes a phrase case-sensitive."""
    return any(len(w) > 1 and w.isupper() for w in phrase.replace("-", " ").split())


class _Matcher:
    """Phrases of every category behind one call; acronyms match exactly, the rest by NORM."""

    def __init__(self, tokenize: Tokenizer) -> None:
        self.tokenize = tokenize
        self.lower = PhraseMatcher(tokenize.vocab, attr="NORM")
        self.exact = PhraseMatcher(tokenize.vocab, attr="ORTH")
        self.keys: dict[int, _Key] = {}

    def add(self, key: _Key, phrases: Iterable[str], inflect: bool = False) -> None:
        label = f"{key.cat}|{key.value}|{key.form}"
        self.keys[self.tokenize.vocab.strings.add(label)] = key
        lower: list[Doc] = []
        exact: list[Doc] = []
        for phrase in phrases:
            target = exact if _is_acronym(phrase) else lower
            target.extend(self.tokenize(form) for form in _variants(phrase, inflect))
        if lower:
            self.lower.add(label, lower)
        if exact:
            self.exact.add(label, exact)

    def __call__(self, doc: Doc) -> dict[str, list[_Match]]:
        found: dict[str, list[_Match]] = defaultdict(list)
        for matcher, exact in ((self.lower, False), (self.exact, True)):
            for match_id, start, end in matcher(doc):
                key = self.keys[match_id]
                found[key.cat].append(_Match(key, start, end, exact))
        for matches in found.values():
            matches.sort(key=lambda m: (m.start, -m.end))
        return found


# ---------------------------------------------------------------------------
# Per-document working state.


@dataclass(slots=True)
class _Cue:
    kind: str
    form: str
    start: int
    end: int


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    topic: str


class _Text:
    """One document as token attributes read in one array (spaCy Token objects are slow to
    make), with every phrase match and the topic hits that survive."""

    __slots__ = (
        "text",
        "norm",
        "idx",
        "end",
        "punct",
        "cap",
        "alpha",
        "upper",
        "found",
        "starts",
        "verbs",
        "hits",
        "hit_starts",
    )

    def __init__(self, text: str, doc: Doc, found: dict[str, list[_Match]], names: _Names) -> None:
        self.text = text
        cols = doc.to_array([NORM, IDX, LENGTH, IS_PUNCT, IS_TITLE, IS_UPPER, IS_ALPHA])
        self.norm: list[str] = list(map(names.__getitem__, cols[:, 0].tolist()))
        self.idx: list[int] = cols[:, 1].tolist()
        self.end: list[int] = (cols[:, 1] + cols[:, 2]).tolist()
        self.punct: list[int] = cols[:, 3].tolist()
        self.cap: list[int] = (cols[:, 4] + cols[:, 5]).tolist()  # title or all-capital
        self.upper: list[int] = cols[:, 5].tolist()
        self.alpha: list[int] = cols[:, 6].tolist()
        self.found = found
        self.starts: dict[str, list[int]] = {}
        self.verbs = {i for m in found.get("cue", ()) for i in range(m.start, m.end)}
        self.hits: list[_Hit] = []
        self.hit_starts: list[int] = []

    def __len__(self) -> int:
        return len(self.norm)

    def matches(self, cat: str, lo: int, hi: int) -> list[_Match]:
        """Matches of one category inside tokens [lo, hi), found by bisection on their starts."""
        found = self.found.get(cat)
        if not found:
            return []
        starts = self.starts.get(cat)
        if starts is None:
            starts = self.starts[cat] = [m.start for m in found]
        out = []
        for i in range(bisect_left(starts, lo), len(found)):
            m = found[i]
            if m.start >= hi:
                break
            if m.end <= hi:
                out.append(m)
        return out

    def topics(self, lo: int, hi: int, skip: range = range(0)) -> set[str]:
        i = bisect_left(self.hit_starts, lo)
        out: set[str] = set()
        while i < len(self.hits) and self.hits[i].start < hi:
            hit = self.hits[i]
            if hit.end <= hi and hit.start not in skip:
                out.add(hit.topic)
            i += 1
        return out

    def span(self, lo: int, hi: int) -> Span:
        return Span(self.idx[lo], self.end[hi - 1])

    def string(self, lo: int, hi: int) -> str:
        span = self.span(lo, hi)
        return self.text[span.start : span.end]


class _Names(dict[int, str]):
    """String-store hashes to strings, remembered: a dict lookup is cheaper than the store's."""

    def __init__(self, strings: Any) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        value: str = self.strings[key]
        self[key] = value
        return value


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The grammar lists of statements.yaml as lower-case sets, for fast membership tests."""

    modals: frozenset[str]
    noun_markers: frozenset[str]
    noun_followers: frozenset[str]
    auxiliaries: frozenset[str]
    skip: frozenset[str]
    separators: frozenset[str]
    subject_stops: frozenset[str]
    reported_openers: frozenset[str]
    speaker_followers: frozenset[str]
    list_separators: frozenset[str]
    continuation: frozenset[str]
    pronouns: frozenset[str]
    group_heads: frozenset[str]

    @classmethod
    def of(cls, lex: StatementLexicon) -> _Grammar:
        g = lex.grammar
        lists = {name: _words(getattr(g, name)) for name in cls.__slots__ if name in Grammar.model_fields}
        return cls(
            **lists,
            pronouns=_words(lex.actors.pronouns),
            group_heads=_words(p.split()[-1] for p in lex.actors.groups),
        )


@dataclass(slots=True)
class _Result:
    """What one sentence gave: its statements, and whether a reporting verb attributes it."""

    a: int
    b: int
    statements: list[Statement]
    attributed: bool = False


class StatementTagger:
    """Finds statements and their topics in a text; built once from the two lexicon files."""

    def __init__(self, statements: StatementLexicon, topics: TopicLexicon) -> None:
        self.tokenize = _plain_tokenizer()
        self.names = _Names(self.tokenize.vocab.strings)
        self.lex = statements
        self.topic_lex = topics
        self.g = _Grammar.of(statements)
        self.name_heads = _words(topics.names.heads)
        self.name_joiners = _words(topics.names.joiners)
        self.name_links = _words(topics.names.links)
        self.name_inner = _words(topics.names.inner)
        self.fw_heads = {
            name: frozenset(v for h in fw.heads for v in _variants(h.lower(), True))
            for name, fw in topics.frameworks.items()
        }
        self.matcher = self._build_matcher()

    def _build_matcher(self) -> _Matcher:
        lex, top = self.lex, self.topic_lex
        m = _Matcher(self.tokenize)
        for kind, cues in lex.kinds.items():
            for form, phrases in (("verb", cues.verbs), ("base", cues.base), ("phrase", cues.phrases)):
                if phrases:
                    m.add(_Key("cue", kind, form), phrases)
        m.add(_Key("cue", "other", _ATTRIBUTION), lex.attribution)
        m.add(_Key("process"), lex.process)
        m.add(_Key("preview"), lex.previews)
        m.add(_Key("nonparty"), lex.non_party)
        m.add(_Key("group"), lex.actors.groups)
        m.add(_Key("role"), lex.actors.roles, inflect=True)
        m.add(_Key("opener"), lex.grammar.openers)
        for topic, sector in top.sectors.items():
            m.add(_Key("topic", topic), sector.triggers, inflect=True)
            if sector.exclusions:
                m.add(_Key("excl", topic), sector.exclusions, inflect=True)
        if top.ignore:
            m.add(_Key("ignore"), top.ignore)
        if top.scopes:
            m.add(_Key("scope"), top.scopes)
        for name, fw in top.frameworks.items():
            m.add(_Key("fwctx", name), fw.context)
            if fw.cues:
                m.add(_Key("fwcue", name), fw.cues)
            for member, words in fw.members.items():
                m.add(_Key("fwmember", name, member), words)
        return m

    # --- entry point -------------------------------------------------------

    def __call__(self, text: str, sentences: list[Span]) -> list[Statement]:
        doc = self.tokenize(text)
        work = _Text(text, doc, self.matcher(doc), self.names)
        work.hits = self._topic_hits(work)
        work.hit_starts = [h.start for h in work.hits]
        results: list[_Result] = []
        for span in _join_broken(text, sentences):
            a, b = bisect_left(work.idx, span.start), bisect_left(work.idx, span.end)
            if a < b:
                results.append(self._sentence(work, a, b))
        self._continue_quotes(work, results)
        self._continue_speech(work, results)
        return [s for r in results for s in r.statements]

    # --- topics over the whole text ----------------------------------------

    def _topic_hits(self, work: _Text) -> list[_Hit]:
        """Trigger matches that carry their topic: not inside a name, a setting or an exclusion."""
        found = work.found
        masked = self._name_masks(work) | _scope_masks(work, found.get("scope", []))
        hits, fw_masked = self._framework_hits(work)
        masked |= fw_masked
        blocked = _covering(found.get("excl", []) + found.get("ignore", []))
        for m in found.get("topic", []):
            if m.exact and _shouting(work, m.start, m.end):
                continue
            if all(i in masked for i in range(m.start, m.end)):
                continue
            if any(
                b.key.cat == "ignore" or b.key.value == m.key.value
                for i in range(m.start, m.end)
                for b in blocked.get(i, ())
            ):
                continue
            hits.append(_Hit(m.start, m.end, m.key.value))
        wider = _covering([h for h in hits if h.end - h.start > 1])
        kept = [
            h
            for h in hits
            if not any(
                o.topic != h.topic and h.end <= o.end and o.end - o.start > h.end - h.start
                for o in wider.get(h.start, ())
            )
        ]
        kept.sort(key=lambda h: h.start)
        return kept

    def _name_masks(self, work: _Text) -> set[int]:
        """Tokens of office and body names ("Minister for Energy"): their words are not topics."""
        masked: set[int] = set()
        norm, cap, n = work.norm, work.cap, len(work)
        for i in (i for i, w in enumerate(norm) if w in self.name_heads and cap[i]):
            j = i - 1
            while j >= 0 and (cap[j] or norm[j] in self.name_joiners):
                masked.add(j)
                j -= 1
            k = i + 1
            if k < n and norm[k] == "(":
                close = next((x for x in range(k, min(k + 10, n)) if norm[x] == ")"), None)
                if close is not None:
                    masked.update(range(k, close + 1))
                    k = close + 1
            if k < n and norm[k] in self.name_links:
                k += 1
                while k < n and (cap[k] or norm[k] in self.name_inner):
                    masked.add(k)
                    k += 1
        return masked

    def _framework_hits(self, work: _Text) -> tuple[list[_Hit], set[int]]:
        """Corridor and 5E ids where the text names them, alone or in an enumeration."""
        found = work.found
        hits: list[_Hit] = []
        masked: set[int] = set()
        present = {m.key.value for m in found.get("fwctx", [])}
        for name, fw in self.topic_lex.frameworks.items():
            if name not in present:
                continue
            members = [m for m in found.get("fwmember", []) if m.key.value == name]
            by_end = {m.end: m for m in members}
            by_start = {m.start: m for m in members}
            heads = self.fw_heads[name]
            seps = self.g.list_separators
            chains = [_chain(work, i, -1, by_end, seps) for i, w in enumerate(work.norm) if w in heads]
            for cue in (m for m in found.get("fwcue", []) if m.key.value == name):
                first = next((k for k in range(cue.end, min(cue.end + 8, len(work))) if k in by_start), None)
                chain = _chain(work, first, 1, by_start, seps) if first is not None else []
                if len(chain) < 2:  # no list follows: the name stands for all its members
                    hits.extend(_Hit(cue.start, cue.end, member) for member in fw.members)
                    chain = []
                chains.append(chain)
            for chain in chains:
                for m in chain:
                    hits.append(_Hit(m.start, m.end, m.key.form))
                    masked.update(range(m.start, m.end))
        return hits, masked

    # --- one sentence --------------------------------------------------------

    def _sentence(self, work: _Text, a: int, b: int) -> _Result:
        cues = [c for c in _longest_cues(work, a, b) if self._is_position(work, c, a)]
        attributed = any(c.form == _ATTRIBUTION for c in cues)
        strong = [c for c in cues if c.form != _ATTRIBUTION]
        if strong:
            return _Result(a, b, self._clauses(work, a, b, strong), attributed)
        for cue in cues:
            content = self._reported(work, cue, a, b)
            if content and not work.matches("process", *content):
                return _Result(a, b, [self._statement(work, cue, a, b, content)], attributed)
        return _Result(a, b, [], attributed)

    def _is_position(self, work: _Text, cue: _Cue, a: int) -> bool:
        """Grammar around a cue: a verb of a party, not a noun, a purpose, a preview or a view."""
        if (
            work.matches("preview", a, cue.start)
            or self._nominal(work, cue, a)
            or self._hypothetical(work, cue, a)
        ):
            return False
        lo, _ = self._subject(work, cue, a)
        return not work.matches("nonparty", lo, cue.start)

    def _nominal(self, work: _Text, cue: _Cue, a: int) -> bool:
        """Used as a noun or modifier ("a review of", "support for", "projects proposed by")."""
        if cue.form == "phrase":
            return False
        norm = work.norm
        prev = cue.start - 1
        while prev >= a and norm[prev] in self.g.skip:
            prev -= 1
        nxt = norm[cue.end] if cue.end < len(work) else ""
        if (prev >= a and norm[prev] in self.g.noun_markers) or nxt in self.g.noun_followers:
            return True
        if prev >= a and prev == cue.start - 1 and prev in work.verbs:
            return True  # "highlighted renewed interest": a modifier of the next word
        if cue.form == _ATTRIBUTION and nxt == "to":
            return True  # "said to be", "added to"
        if nxt == "by" and not any(w in self.g.auxiliaries for w in norm[max(a, cue.start - 3) : cue.start]):
            return True  # a participle modifying the noun before it
        return cue.form == "base" and prev >= a and not self._subject_like(work, prev)

    def _hypothetical(self, work: _Text, cue: _Cue, a: int) -> bool:
        """A modal or condition shortly before the cue: "will review", "if the sides agree"."""
        norm = work.norm
        reach = 12 if cue.form == "base" else 4
        for k in range(cue.start - 1, max(a, cue.start - reach) - 1, -1):
            if work.punct[k] and norm[k] != '"':
                return False
            if norm[k] in self.g.modals or (cue.form == "base" and norm[k] == "to"):
                return True
        return False

    def _subject_like(self, work: _Text, i: int) -> bool:
        """Whether the word before a bare verb can end its subject: a name, a plural, a pronoun."""
        word = work.norm[i]
        plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
        return bool(work.cap[i] or work.punct[i]) or plural or word in self.g.pronouns

    def _clauses(self, work: _Text, a: int, b: int, cues: list[_Cue]) -> list[Statement]:
        """One statement per cue: its clause runs to the separator before the next cue."""
        norm = work.norm
        while len(cues) > 1 and cues[0].form == "verb" and norm[cues[0].end - 1].endswith("ing"):
            cues = cues[1:]  # "Noting that ..., the minister reaffirmed": the participle leads in
        heads = [cues[0]]
        bounds = [a]
        for cur in cues[1:]:
            prev = heads[-1]
            before = cur.start - 1
            while before > prev.end and norm[before] in self.g.skip:
                before -= 1
            if prev.end < len(work) and norm[prev.end] == "that" and norm[before] not in self.g.separators:
                continue  # "noted that the people ... cherished": inside the first verb's clause
            cut = next(
                (k for k in range(cur.start - 1, prev.end - 1, -1) if norm[k] in self.g.separators), None
            )
            heads.append(cur)
            bounds.append(cut if cut is not None else cur.start)
        bounds.append(b)
        out: list[Statement] = []
        for i, cue in enumerate(heads):
            statement = self._statement(
                work, cue, bounds[i], self._process_cut(work, cue, bounds[i + 1]), None
            )
            if out and not statement.actors and norm[bounds[i]] in self.g.separators:
                statement.actors = list(out[-1].actors)  # "... and reaffirmed": the same subject
            out.append(statement)
        return out

    def _process_cut(self, work: _Text, cue: _Cue, hi: int) -> int:
        """A clause ends where it goes on to report process ("... and discussed trade",
        "... the talks, which covered trade")."""
        for m in work.matches("process", cue.end, hi):
            word = work.norm[m.start - 1]
            if not work.punct[m.start - 1] and (word in self.g.separators or word in self.g.subject_stops):
                return m.start - 1
        return hi

    def _reported(self, work: _Text, cue: _Cue, a: int, b: int) -> tuple[int, int] | None:
        """Where an attributed position lies: before ", X said" or after "X said (that)"."""
        norm = work.norm
        after = norm[cue.end : min(cue.end + 5, b)]
        if after and after[0] in self.g.reported_openers:
            return (cue.end, b)
        if cue.start > a and work.punct[cue.start - 1]:
            return (a, cue.start - 1) if cue.start - 1 > a else None
        lo, _ = self._subject(work, cue, a)
        tail = lo > a and norm[lo - 1] in (",", '"') and not self.g.reported_openers.intersection(after)
        if tail and (not after or after[0] in self.g.speaker_followers):
            return (a, lo - 1) if lo - 1 > a else None
        return (cue.end, b) if b > cue.end else None

    def _statement(
        self, work: _Text, cue: _Cue, lo: int, hi: int, content: tuple[int, int] | None
    ) -> Statement:
        while lo < cue.start and (work.punct[lo] or work.norm[lo] in self.g.separators):
            lo += 1
        c_lo, c_hi = content or (lo, hi)
        topics = work.topics(c_lo, c_hi, self._backdrop(work, c_lo, min(c_hi, cue.start)))
        return Statement(
            kind=cue.kind, topics=sorted(topics), span=work.span(lo, hi), actors=self._actors(work, cue, lo)
        )

    def _backdrop(self, work: _Text, lo: int, hi: int) -> range:
        """A sentence-opening "Amid X, Y and Z," sets the scene up to the last comma before `hi`."""
        start = lo
        while start < hi and work.punct[start]:
            start += 1
        if not any(m.start == start for m in work.matches("opener", start, hi)):
            return range(0)
        comma = next((k for k in range(min(hi, start + 40) - 1, start, -1) if work.norm[k] == ","), None)
        return range(start, comma) if comma is not None else range(0)

    # --- actors --------------------------------------------------------------

    def _subject(self, work: _Text, cue: _Cue, a: int) -> tuple[int, int]:
        """Token range of the words before a cue that can name who speaks."""
        end = cue.start
        while end > a and work.norm[end - 1] in self.g.skip:
            end -= 1
        if end > a and work.norm[end - 1] == "and":
            return end, end  # "... and agreed": a second verb of the same subject
        start = end
        while start > a and end - start < 8:
            k = start - 1
            if work.punct[k] and not self._joins_names(work, k, a, end):
                break
            if work.norm[k] in self.g.subject_stops or k in work.verbs:
                break
            start -= 1
        while start < end and work.norm[start] in self.g.separators:
            start += 1
        return start, end

    def _joins_names(self, work: _Text, k: int, a: int, end: int) -> bool:
        """A hyphen or comma between two names ("JWG-ICC", "Pakistan, China agree")."""
        if k - 1 < a or k + 1 >= end or not (work.cap[k - 1] and work.cap[k + 1]):
            return False
        return work.norm[k] == "-" or (work.norm[k] == "," and work.norm[k - 1] not in self.g.skip)

    def _actors(self, work: _Text, cue: _Cue, a: int) -> list[str]:
        """Who states the position, when the subject is recognisable: "both sides", "Pakistan"."""
        lo, hi = self._subject(work, cue, a)
        if lo >= hi:
            opening = work.matches("group", a, min(a + 6, cue.start))
            return [work.string(opening[0].start, opening[0].end).lower()] if opening else []
        groups = work.matches("group", lo, hi)
        if groups:
            return [work.string(groups[0].start, groups[0].end).lower()]
        if hi - lo == 1 and work.norm[lo] in self.g.pronouns:
            return []
        if work.matches("role", lo, hi) or (hi - lo <= 5 and work.norm[hi - 1] in self.g.group_heads):
            text = work.string(lo, hi)
            return [("the" + text[3:]) if text.startswith("The ") else text]
        return _proper_names(work, lo, hi, self.g.list_separators)

    # --- statements that run across sentences ----------------------------------

    def _continue_quotes(self, work: _Text, results: list[_Result]) -> None:
        """Sentences inside a quotation closed by "..., X said" are X's statements."""
        balance = [_quote_balance(work.string(r.a, r.b)) for r in results]
        i = 0
        while i < len(results):
            if balance[i] <= 0:
                i += 1
                continue
            j = i + 1
            while j < len(results) and j <= i + 5 and balance[j] >= 0:
                j += 1
            if j < len(results) and j <= i + 5 and results[j].attributed:
                for inner in results[i:j]:
                    if not inner.statements:
                        inner.statements = [self._free_statement(work, inner)]
            i = j

    def _continue_speech(self, work: _Text, results: list[_Result]) -> None:
        """Reported speech carries on into the next sentence when that sentence is a quotation
        of its own or is cast in "would"/"should"."""
        for prev, cur in pairwise(results):
            if cur.statements or not prev.statements or prev.statements[-1].kind != "other":
                continue
            quoted = work.norm[cur.a] == '"'
            if not quoted and not any(w in self.g.continuation for w in work.norm[cur.a : cur.b]):
                continue
            if work.matches("process", cur.a, cur.b) or work.matches("preview", cur.a, cur.b):
                continue
            statement = self._free_statement(work, cur)
            statement.actors = list(prev.statements[-1].actors)
            cur.statements = [statement]

    def _free_statement(self, work: _Text, r: _Result) -> Statement:
        topics = work.topics(r.a, r.b, self._backdrop(work, r.a, r.b))
        return Statement(kind="other", topics=sorted(topics), span=work.span(r.a, r.b))


# ---------------------------------------------------------------------------
# Small token helpers.


_Spanned = TypeVar("_Spanned", _Match, _Hit)


def _covering(spans: list[_Spanned]) -> dict[int, list[_Spanned]]:
    """Token index -> the spans that cover it, so overlap tests stay local."""
    out: dict[int, list[_Spanned]] = defaultdict(list)
    for span in spans:
        for i in range(span.start, span.end):
            out[i].append(span)
    return out


def _longest_cues(work: _Text, a: int, b: int) -> list[_Cue]:
    """Cue matches in a sentence, the longest where two overlap ("noted with satisfaction")."""
    out: list[_Cue] = []
    for m in work.matches("cue", a, b):
        if out and m.start < out[-1].end:
            continue
        out.append(_Cue(m.key.value, m.key.form, m.start, m.end))
    return out


def _chain(work: _Text, pos: int, step: int, index: dict[int, _Match], seps: frozenset[str]) -> list[_Match]:
    """Members coordinated in a list ("growth, livelihood ... and green") from `pos` onwards."""
    out: list[_Match] = []
    while pos in index:
        m = index[pos]
        out.append(m)
        k = m.start - 1 if step < 0 else m.end
        moved = 0
        while 0 <= k < len(work) and work.norm[k] in seps:
            k += step
            moved += 1
        if not moved:
            break
        pos = k + 1 if step < 0 else k
    return out


def _scope_masks(work: _Text, scopes: list[_Match]) -> set[int]:
    """Words after "on the sidelines of" and the like, up to the next punctuation."""
    masked: set[int] = set()
    for m in scopes:
        k = m.end
        while k < len(work) and k < m.end + 12 and work.norm[k] not in _END_PUNCT:
            masked.add(k)
            k += 1
    return masked


def _shouting(work: _Text, start: int, end: int) -> bool:
    """All-capital surroundings (cables, banners): an acronym there may be an ordinary word."""
    around = [
        k for k in range(max(0, start - 4), min(len(work), end + 4)) if not start <= k < end and work.alpha[k]
    ]
    return len(around) >= 3 and all(work.upper[k] for k in around)


def _quote_balance(text: str) -> int:
    """Opened minus closed double quotes: positive when a quotation runs on past the sentence."""
    curly = text.count("“") - text.count("”")
    if curly:
        return curly
    if text.count('"') % 2:
        return 1 if text.lstrip().startswith('"') else -1
    return 0


def _proper_names(work: _Text, lo: int, hi: int, seps: frozenset[str]) -> list[str]:
    """Coordinated proper names ("Pakistan and China") as separate actors; else nothing."""
    parts: list[list[int]] = [[]]
    for k in range(lo, hi):
        if work.norm[k] in seps:
            parts.append([])
        else:
            parts[-1].append(k)
    names = []
    for part in filter(None, parts):
        while part and work.norm[part[0]] == "the":
            part = part[1:]
        if not part or len(part) > 4 or not all(work.cap[k] or work.norm[k] in ("-", ".") for k in part):
            return []
        names.append(work.string(part[0], part[-1] + 1))
    return names


def _join_broken(text: str, sentences: list[Span]) -> list[Span]:
    """Rejoin a sentence that a stray line break split: the next part starts in lower case."""
    out: list[Span] = []
    for span in sentences:
        first = text[span.start : span.start + 1]
        if out and first.islower() and text[out[-1].end - 1 : out[-1].end] not in '.!?”"':
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def _plain_tokenizer() -> Tokenizer:
    """Blank English punctuation rules without the special-case table and URL matcher.

    Phrases and texts are split the same way, which is all matching needs, and dropping
    the special cases makes tokenising several times faster.
    """
    base = tokenizer().tokenizer
    return Tokenizer(
        base.vocab,
        rules={},
        prefix_search=base.prefix_search,
        suffix_search=base.suffix_search,
        infix_finditer=base.infix_finditer,
    )


# ---------------------------------------------------------------------------
# Public API and pipeline stage.


def _merged(model: type[M], name: str, folders: tuple[Path, ...]) -> M:
    """A lexicon file merged with the same file in the user's folders, then validated."""
    from .lexicon import load_file

    data = load_file(name, folders)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise LexiconError(f"{name}: entry {loc}: {first['msg']}; correct that entry and reload") from exc


@lru_cache(maxsize=4)
def _tagger_for(spec: str) -> StatementTagger:
    folders = tuple(Path(p) for p in spec.split(":") if p)
    return StatementTagger(
        _merged(StatementLexicon, "statements.yaml", folders), _merged(TopicLexicon, "topics.yaml", folders)
    )


def default_tagger() -> StatementTagger:
    """The tagger over the built-in lexicon files and the user's own (setting 'lexicon'), built once."""
    return _tagger_for(settings.get("lexicon"))


def find_statements(text: str, sentences: list[Span]) -> list[Statement]:
    """Statements in `text`, one per clause that states a position, with kind, topics and actors."""
    return default_tagger()(text, sentences)


@stage("statements", requires=["text", "sentences"], assigns=["statements"])
def tag_statements(doc: Document) -> None:
    doc.statements = find_statements(doc.text, doc.sentences)
