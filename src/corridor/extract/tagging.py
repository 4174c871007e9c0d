"""Lexicon tagging: countries, demonyms, cities, organisations, offices and known mechanisms.

spaCy's PhraseMatcher looks every surface form up in one pass over the tokens. Forms are
matched case-insensitively, except acronyms (US, JCC), which must be written in capitals.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher

from ..model import Document, Mention, Mentions
from .lexicon import Lexicon, load_lexicon
from .pipeline import stage
from .segment import tokenizer


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(form) <= 6 and all(c.isupper() for c in letters)


class Tagger:
    """Two PhraseMatchers (by lower case and by exact spelling) over every lexicon form."""

    def __init__(self, lex: Lexicon) -> None:
        nlp = tokenizer()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.info: dict[str, tuple[str, str, dict]] = {}
        forms: dict[tuple[str, str, str], dict] = {}
        for c in lex.countries:
            for form in (c.name, *c.aliases):
                forms[("country", c.name, form)] = {"country": c.name}
            for form in c.demonyms:
                forms[("country", c.name, form)] = {"country": c.name, "demonym": True}
            for city in c.cities:
                forms[("city", city, city)] = {"country": c.name}
        for org in lex.offices.organisations:
            for form in (org.name, *org.acronyms):
                forms[("org", org.name, form)] = {"country": org.country}
        for title in lex.offices.titles:
            forms[("office", title, title)] = {}
        for m in lex.mechanisms:
            for form in (m.name, *m.aliases):
                forms[("mechanism", m.key, form)] = {}
            for form in m.acronyms:
                forms[("mechanism", m.key, form)] = {"acronym": True}
        lowered: dict[str, list] = {}
        exact: dict[str, list] = {}
        for (kind, key, form), data in list(forms.items()):
            if "'" in form:
                forms.setdefault((kind, key, form.replace("'", "’")), data)
        for (kind, key, form), data in forms.items():
            label = f"{kind}|{key}|{len(self.info)}"
            self.info[label] = (kind, key, data)
            target = exact if _is_acronym(form) else lowered
            target.setdefault(label, []).append(nlp.make_doc(form))
        for label, docs in lowered.items():
            self.lower.add(label, docs)
        for label, docs in exact.items():
            self.exact.add(label, docs)

    def __call__(self, doc: Document) -> list[Mention]:
        tokens = doc.tokens
        vocab = tokens.vocab
        found: list[Mention] = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(tokens):
                kind, key, data = self.info[vocab.strings[match_id]]
                span = tokens[start:end]
                text = span.text
                if matcher is self.lower and text.islower() and kind in ("country", "city", "org"):
                    continue  # "china" the porcelain, "turkey" the bird
                found.append(Mention(kind, span.start_char, span.end_char, key, text, dict(data)))
        return _longest_first(found)


def _longest_first(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention inside a longer one of the same kind ("Pakistan" in "Islamic Republic of Pakistan")."""
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    ends: dict[str, int] = {}
    for m in mentions:
        if m.start < ends.get(m.kind, -1):
            continue
        kept.append(m)
        ends[m.kind] = m.end
    return kept


@lru_cache(maxsize=4)
def tagger_for(lex: Lexicon) -> Tagger:
    return Tagger(lex)


@stage("tag", requires=["text", "tokens"], assigns=["mentions"])
def tag(doc: Document) -> None:
    doc.mentions = Mentions(tagger_for(load_lexicon())(doc))
