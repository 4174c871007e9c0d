"""Load the domain lexicons (YAML under corridor/lexicon/), validate them, and index them.

A user's own folders (setting 'lexicon') are merged over the built-in files: lists are
appended, so a user adds mechanisms, places or titles without copying ours.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import settings
from ..errors import LexiconError

BUILTIN = Path(__file__).resolve().parent.parent / "lexicon"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MechanismEntry(Strict):
    key: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    parties: list[str] = Field(default_factory=list)
    programme: str | None = None
    parent: str | None = None
    family: str | None = None

    @field_validator("key")
    @classmethod
    def key_is_slug(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", v):
            raise ValueError("key must be lower-case letters, digits and hyphens")
        return v


class Programme(Strict):
    name: str
    full_name: str
    parties: list[str]


class CountryEntry(Strict):
    name: str
    kind: str = "country"
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)


class Organisation(Strict):
    name: str
    acronyms: list[str] = Field(default_factory=list)
    country: str


class Offices(Strict):
    titles: list[str] = Field(default_factory=list)
    heads: list[str] = Field(default_factory=list)
    honorifics: list[str] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    abbreviations: dict[str, str] = Field(default_factory=dict)
    title_countries: dict[str, str] = Field(default_factory=dict)


class Formats(Strict):
    heads: list[str]
    qualified_heads: dict[str, list[str]]
    qualifiers: list[str]
    not_mechanism: list[str]
    multilateral: list[str]
    regional: list[str] = Field(default_factory=list)
    meeting_nouns: list[str]
    ordinals: dict[str, int]
    ordinal_tens: dict[str, int]
    hold_verbs: list[str]
    reference_markers: list[str]
    future_markers: list[str]
    upcoming_before: list[str] = Field(default_factory=list)
    virtual_markers: list[str]
    report_verbs: list[str]
    distractor_events: list[str]
    office_words: list[str] = Field(default_factory=list)
    non_governmental: list[str] = Field(default_factory=list)
    office_acronyms: list[str] = Field(default_factory=list)
    new_date_markers: list[str] = Field(default_factory=list)
    old_date_markers: list[str] = Field(default_factory=list)
    treaty_bodies: list[str] = Field(default_factory=list)


class Words(Strict):
    months: list[str]
    month_abbreviations: list[str]
    weekdays: list[str]
    name_honorifics: list[str]
    title_cues: list[str]
    not_names: list[str]


class EngagementWords(Strict):
    calls: list[str]
    courtesy_calls: list[str]
    sidelines: list[str]
    meetings: list[str]
    unstated: list[str] = Field(default_factory=list)
    hosts_after: list[str] = Field(default_factory=list)
    visits: list[str]
    scheduled: list[str]
    reference: list[str]
    wishes: list[str] = Field(default_factory=list)
    multilateral: list[str] = Field(default_factory=list)


class DesignationWords(Strict):
    qualifiers: list[str]
    joiners: list[str] = Field(default_factory=list)
    heads: dict[str, list[str]]
    tails: list[str] = Field(default_factory=list)
    not_yet: list[str] = Field(default_factory=list)
    not_pair: list[str] = Field(default_factory=list)
    epithets: list[str] = Field(default_factory=list)
    pair_heads: list[str] = Field(default_factory=list)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon file: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon file must hold a mapping at the top level")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def load_file(name: str, folders: tuple[Path, ...]) -> dict[str, Any]:
    """One lexicon file, the built-in one merged with the same file in each extra folder."""
    data: dict[str, Any] = {}
    for folder in (BUILTIN, *folders):
        path = folder / name
        if path.exists():
            data = _merge(data, _read_yaml(path))
    return data


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise LexiconError(f"{where}: entry {loc}: {first['msg']}") from exc


def _label(entry: Any, index: int) -> str:
    """How an error names a list entry: its key or name where it has one, else its position."""
    if isinstance(entry, dict):
        for field in ("key", "name"):
            if isinstance(entry.get(field), str):
                return f"{entry[field]!r}"
    return f"#{index}"


def _extra_folders(spec: str) -> tuple[Path, ...]:
    return tuple(Path(p) for p in spec.split(":") if p)


class Lexicon:
    """Validated domain knowledge with the indexes the extractor looks things up in."""

    def __init__(self, folders: tuple[Path, ...] = ()) -> None:
        mech = load_file("mechanisms.yaml", folders)
        self.mechanisms: list[MechanismEntry] = [
            _validate(MechanismEntry, m, f"mechanisms.yaml {_label(m, i)}")
            for i, m in enumerate(mech.get("mechanisms", []))
        ]
        self.programmes: list[Programme] = [
            _validate(Programme, p, f"mechanisms.yaml programme {_label(p, i)}")
            for i, p in enumerate(mech.get("programmes", []))
        ]
        places = load_file("places.yaml", folders)
        self.countries: list[CountryEntry] = [
            _validate(CountryEntry, c, f"places.yaml {_label(c, i)}")
            for i, c in enumerate(places.get("countries", []))
        ]
        self.offices: Offices = _validate(Offices, load_file("offices.yaml", folders), "offices.yaml")
        self.formats: Formats = _validate(Formats, load_file("formats.yaml", folders), "formats.yaml")
        self.words: Words = _validate(Words, load_file("words.yaml", folders), "words.yaml")
        self.engagement_words: EngagementWords = _validate(
            EngagementWords, load_file("engagements.yaml", folders), "engagements.yaml"
        )
        self.designation_words: DesignationWords = _validate(
            DesignationWords, load_file("designations.yaml", folders), "designations.yaml"
        )
        self._index()

    def _index(self) -> None:
        keys = [m.key for m in self.mechanisms]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise LexiconError(f"mechanisms.yaml: key {sorted(dupes)[0]!r} is used twice")
        self.by_key = {m.key: m for m in self.mechanisms}
        self.programme_parties = {p.name: p.parties for p in self.programmes}
        for m in self.mechanisms:
            if m.parent and m.parent not in self.by_key:
                raise LexiconError(f"mechanisms.yaml: {m.key}: parent {m.parent!r} is not a mechanism key")
        self.country_of: dict[str, str] = {}  # lower-cased surface form -> country name
        self.demonym_of: dict[str, str] = {}
        self.city_country: dict[str, str] = {}
        self.organisation_kinds: dict[str, str] = {}
        for c in self.countries:
            self.organisation_kinds[c.name] = c.kind
            for form in (c.name, *c.aliases):
                self.country_of.setdefault(form.lower(), c.name)
                self.country_of.setdefault(form.lower().replace(".", ""), c.name)
            for form in c.demonyms:
                self.demonym_of.setdefault(form.lower(), c.name)
            for city in c.cities:
                self.city_country.setdefault(city.lower(), c.name)
        self.city_name = {city.lower(): city for c in self.countries for city in c.cities}
        self.capital_of = {c.name: c.cities[0] for c in self.countries if c.cities and c.kind == "country"}
        self.org_country: dict[str, str] = {}
        for org in self.offices.organisations:
            for form in (org.name, *org.acronyms):
                self.org_country.setdefault(form.lower(), org.country)
        f = self.formats
        self.ordinal_words = {k.lower(): v for k, v in f.ordinals.items()}
        self.honorifics = sorted({h.lower() for h in self.offices.honorifics}, key=len, reverse=True)
        self.title_words = {
            w.lower()
            for t in (*self.offices.titles, *self.offices.heads)
            for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", t)
        }
        self.office_words = {w.lower() for w in f.office_words}
        self.title_words |= {a.lower() for a in self.offices.abbreviations}
        self.title_country = {t.lower(): c for t, c in self.offices.title_countries.items()}
        places = set(self.country_of) | set(self.demonym_of)
        self.title_words -= places
        self.office_words -= places
        self.org_words = {
            w.lower() for o in self.offices.organisations for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", o.name)
        } - places
        w = self.words
        self.months = frozenset(m.lower() for m in w.months)
        self.calendar_words = self.months | {m.lower() for m in (*w.month_abbreviations, *w.weekdays)}
        self.not_name_words = self.calendar_words | {m.lower() for m in w.not_names}
        # 'Mr Sunday Dare': a weekday right after one of these is a given name
        self.honorific_before = re.compile(rf"\b(?:{'|'.join(map(re.escape, w.name_honorifics))})\.?\s+\Z")
        self.title_cue = re.compile(rf"\b(?:{'|'.join(map(re.escape, w.title_cues))})\b", re.I)

    def country(self, surface: str) -> str | None:
        """The country a name, alias or demonym stands for."""
        s = surface.lower().replace("’", "'").strip(" ,")
        s = s.removeprefix("the ")
        return self.country_of.get(s) or self.demonym_of.get(s) or self.country_of.get(s.replace(".", ""))

    def is_organisation(self, name: str) -> bool:
        return self.organisation_kinds.get(name) == "organisation"


@lru_cache(maxsize=4)
def _load(spec: str) -> Lexicon:
    return Lexicon(_extra_folders(spec))


def load_lexicon(extra: str | None = None) -> Lexicon:
    """The lexicon, built once per setting of extra folders."""
    return _load(settings.get("lexicon", extra))
