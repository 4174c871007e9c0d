"""Golden extraction cases: short news texts written for the project, with the records expected.

Each ``tests/golden/<name>.json`` holds ``about``, ``published`` (ISO date, or null when the text's own
dateline must be found), ``text`` and ``meetings`` (every meeting the annotation conventions in
``shared/corpus/CONVENTIONS.md`` say must be extracted, and nothing else). The texts vary outlet,
country pair, phrasing and layout on purpose: they test how general the extractor is, so no rule
should exist to make one of them pass.

Matching (see ``compare``): predicted and expected meetings pair one-to-one when their mechanisms
agree (shared distinctive name words, or an equal acronym, with compatible parties) and their
ordinals are equal where both are given; then status, ordinal, date, city, country, mode and the
chairs (by name, with title and country) must agree.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
FIXTURES = sorted(GOLDEN_DIR.glob("*.json"))

STATUSES = {"held", "scheduled", "reference"}
MODES = {"in_person", "virtual", None}
FIELDS = ("status", "ordinal", "date", "city", "country", "mode")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2})?$")

COUNTRY_ALIASES = {
    "us": "united states",
    "u s": "united states",
    "usa": "united states",
    "u s a": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u k": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "turkiye": "turkey",
    "republic of turkiye": "turkey",
    "prc": "china",
    "peoples republic of china": "china",
    "people s republic of china": "china",
    "islamic republic of pakistan": "pakistan",
    "eu": "european union",
    "au": "african union",
    "gcc": "gulf cooperation council",
    "uae": "united arab emirates",
    "ksa": "saudi arabia",
    "kingdom of saudi arabia": "saudi arabia",
    "russian federation": "russia",
    "republic of korea": "south korea",
    "rok": "south korea",
    "korea": "south korea",
    "viet nam": "vietnam",
    "socialist republic of vietnam": "vietnam",
    "republic of indonesia": "indonesia",
    "federal republic of germany": "germany",
    "republic of poland": "poland",
    "arab republic of egypt": "egypt",
}
# Country names, nationality adjectives and organisation words: never distinctive in a mechanism
# name, and never part of a title ("Chinese Vice Foreign Minister" is "Vice Foreign Minister").
COUNTRY_WORDS = set(
    """
    pakistan pakistani china chinese prc india indian japan japanese bangladesh bangladeshi turkey
    turkiye turkish azerbaijan azerbaijani egypt egyptian sudan sudanese eu european union vietnam
    vietnamese viet nam brazil brazilian argentina argentine argentinian kenya kenyan tanzania
    tanzanian australia australian indonesia indonesian uk united kingdom britain british saudi
    arabia arabian uzbekistan uzbek nepal nepali nepalese kazakhstan kazakh canada canadian mexico
    mexican qatar qatari oman omani south korea korean rok us usa u.s america american states france
    french nigeria nigerian germany german poland polish russia russian mongolia mongolian gcc gulf
    afghanistan afghan georgia georgian jordan jordanian iraq iraqi spain spanish morocco moroccan sri
    lanka lankan ireland irish chile chilean peru peruvian ghana ghanaian burkina faso burkinabe
    tajikistan tajik maldives maldivian uae emirates emirati arab african au belgium belgian iran
    iranian uganda ugandan thailand thai malaysia malaysian philippines filipino singapore myanmar
    bhutan bhutanese laos lao cambodia cambodian asean turkmenistan kyrgyzstan italy italian
    """.split()
)
MECH_STOP = set(
    """
    the of on and for between to in at with a an its their meeting meetings round session sessions
    cpec corridor economic
    """.split()
)
# Head words that name the kind of body: shared by many mechanisms, so never enough on their own.
MECH_HEADS = set(
    """
    committee commission group dialogue consultations consultation talks mechanism council summit
    conference jwg
    """.split()
)
# Qualifiers that many names carry; not distinctive either.
MECH_WEAK = set(
    """
    joint working bilateral trilateral tripartite ministerial level high foreign minister ministers
    secretary annual
    """.split()
)
GENERIC_ACRONYMS = set("JWG JC WG CPEC BRI EU UK US USA UAE GCC AU PRC ROK KSA".split())
HONORIFIC_PREFIXES = set(
    """
    mr mrs ms miss dr prof professor he his her excellency highness royal sheikh shaikh sayyid shri
    smt dato datuk sri the hon honourable honorable senator ambassador makhdoom engr gen general
    """.split()
)
HONORIFIC_SUFFIXES = {"mp", "mna", "mpa"}
TITLE_STOP = {"the", "of", "for", "at", "and", "s"}


# ---------------------------------------------------------------- text normalisation helpers


def fold(text: Any) -> str:
    """Case-fold and strip accents, so 'Brasília' equals 'Brasilia' and 'Türkiye' 'Turkiye'."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return text.replace("’", "'").replace("‘", "'").replace("&", " and ")


def words(text: Any) -> list[str]:
    text = re.sub(r"'s\b", "", fold(text))
    text = re.sub(r"\b(inter|intra|sub|co)-(?=[a-z])", r"\1", text)
    return re.findall(r"[a-z0-9]+", text)


def country_key(value: Any) -> str | None:
    if not value:
        return None
    key = " ".join(words(value))
    key = re.sub(r"^the ", "", key)
    return COUNTRY_ALIASES.get(key, key)


def city_key(value: Any) -> str | None:
    return " ".join(words(value)) or None


def name_tokens(name: Any) -> list[str]:
    text = re.sub(r"\bh\.\s*e\.?", " ", fold(name))
    toks = re.findall(r"[a-z0-9]+", text.replace(".", " "))
    while toks and toks[0] in HONORIFIC_PREFIXES:
        toks.pop(0)
    while toks and toks[-1] in HONORIFIC_SUFFIXES:
        toks.pop()
    return toks


def same_person(a: Any, b: Any) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta and tb) and ("".join(ta) == "".join(tb) or sorted(ta) == sorted(tb))


def title_tokens(title: Any) -> list[str]:
    return [t for t in words(title) if t not in COUNTRY_WORDS and t not in TITLE_STOP]


def same_title(a: Any, b: Any) -> bool:
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return not ta and not tb
    if ta == tb or sorted(ta) == sorted(tb):
        return True
    return difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio() >= 0.9


# ---------------------------------------------------------------- mechanism identity


def acronyms(raw: str) -> set[str]:
    """Acronyms a name gives: '(JWG-ICC)', a bare 'FOC', or a numbered 'JCM-XI' (also as 'JCM')."""
    found = set(re.findall(r"\(([A-Z][A-Za-z0-9&\-]{1,11})\)", raw))
    if re.fullmatch(r"[A-Z][A-Z0-9&\-]{1,11}", raw.strip()):
        found.add(raw.strip())
    found |= {m.group(0) for m in re.finditer(r"\b[A-Z]{2,6}-(?:[IVXLC]+|\d+)\b", raw)}
    found |= {re.sub(r"-(?:[IVXLC]+|\d+)$", "", a) for a in found}
    return {a.upper() for a in found} - GENERIC_ACRONYMS


def name_forms(names: list[str], drop: set[str]) -> list[tuple[set[str], set[str]]]:
    """(all content words, distinctive words) for each name, party and country words removed."""
    forms = []
    for raw in names:
        toks = {t for t in words(raw) if t not in MECH_STOP and t not in COUNTRY_WORDS and t not in drop}
        if toks:
            forms.append((toks, toks - MECH_HEADS - MECH_WEAK))
    return forms


def same_name(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]], same_parties: bool) -> bool:
    (ta, da), (tb, db) = a, b
    if da and db:
        if da == db:
            return True
        small, large = sorted((da, db), key=len)
        if len(small) >= 2 and small <= large:
            return True
        return len(da & db) / len(da | db) >= 0.6
    if not da and not db and same_parties:  # both only generic ("the Joint Commission"): parties decide
        return ta == tb or bool((ta & tb) & MECH_HEADS)
    return False


def party_keys(parties: Any) -> set[str]:
    return {k for k in (country_key(p) for p in parties or []) if k}


def same_mechanism(pred: dict, exp: dict) -> bool:
    pm = pred.get("mechanism") or {}
    p_names = [pm.get("name") or "", *(pm.get("aliases") or [])]
    e_names = [exp["mechanism"], *exp["aliases_in_text"]]
    pp, ep = party_keys(pm.get("parties")), party_keys(exp["parties"])
    if pp and ep and not (pp <= ep or ep <= pp):
        return False
    if set().union(*map(acronyms, p_names)) & set().union(*map(acronyms, e_names)):
        return True
    drop = {w for p in [*(pm.get("parties") or []), *exp["parties"]] for w in words(p)}
    same_parties = not pp or pp == ep
    return any(
        same_name(a, b, same_parties) for a in name_forms(p_names, drop) for b in name_forms(e_names, drop)
    )


# ---------------------------------------------------------------- record comparison


def same_field(field: str, pred: Any, exp: Any) -> bool:
    if field == "date" and exp is None and isinstance(pred, str) and PARTIAL_DATE.match(pred):
        return True  # a month or year the text gives, where the gold keeps null: neutral
    if pred is None or exp is None:
        return pred is None and exp is None
    if field == "country":
        return country_key(pred) == country_key(exp)
    if field == "city":
        return city_key(pred) == city_key(exp)
    if field == "ordinal":
        try:
            return int(pred) == int(exp)
        except (TypeError, ValueError):
            return False
    return str(pred).strip().casefold() == str(exp).strip().casefold()


def compatible(pred: dict, exp: dict) -> bool:
    if (
        pred.get("ordinal")
        and exp.get("ordinal")
        and not same_field("ordinal", pred["ordinal"], exp["ordinal"])
    ):
        return False
    return same_mechanism(pred, exp)


def agreement(pred: dict, exp: dict) -> int:
    return sum(same_field(f, pred.get(f), exp.get(f)) for f in FIELDS)


def pair_up(preds: list[dict], exps: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of compatible meetings, those agreeing on most fields first."""
    scored = sorted(
        (
            (agreement(p, e), -i, -j, i, j)
            for i, p in enumerate(preds)
            for j, e in enumerate(exps)
            if compatible(p, e)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for *_, i, j in scored:
        if i not in used_p and j not in used_e:
            used_p.add(i)
            used_e.add(j)
            pairs.append((i, j))
    return pairs


def chair_problems(pred: list[dict], exp: list[dict]) -> list[str]:
    problems = []
    free = list(pred or [])
    for ec in exp:
        hit = next((pc for pc in free if same_person(pc.get("name"), ec["name"])), None)
        if hit is None:
            problems.append(f"chair missed: {ec['name']} ({ec['title']}, {ec['country']})")
            continue
        free.remove(hit)
        if ec["title"] is not None and not same_title(hit.get("title"), ec["title"]):
            problems.append(f"chair {ec['name']}: title {hit.get('title')!r}, expected {ec['title']!r}")
        if not same_field("country", hit.get("country"), ec["country"]):
            problems.append(f"chair {ec['name']}: country {hit.get('country')!r}, expected {ec['country']!r}")
    for pc in free:
        problems.append(f"unexpected chair: {pc.get('name')} ({pc.get('title')}, {pc.get('country')})")
    return problems


def describe_pred(m: dict) -> str:
    mech = (m.get("mechanism") or {}).get("name")
    where = f"{m.get('city')}/{m.get('country')}"
    return f"{mech!r} #{m.get('ordinal')} {m.get('status')} {m.get('date')} {where} {m.get('mode')}"


def describe_exp(m: dict) -> str:
    return (
        f"{m['mechanism']!r} #{m['ordinal']} {m['status']} {m['date']} {m['city']}/{m['country']} {m['mode']}"
    )


def compare(preds: list[dict], exps: list[dict]) -> list[str]:
    """Every difference between predicted and expected meetings, as readable lines."""
    problems = []
    pairs = pair_up(preds, exps)
    for i, j in sorted(pairs, key=lambda ij: ij[1]):
        p, e = preds[i], exps[j]
        diffs = [
            f"{f}: predicted {p.get(f)!r}, expected {e.get(f)!r}"
            for f in FIELDS
            if not same_field(f, p.get(f), e.get(f))
        ]
        diffs += chair_problems(p.get("chairs") or [], e["chairs"])
        if diffs:
            problems.append(f"meeting {describe_exp(e)}:\n      " + "\n      ".join(diffs))
    paired_p = {i for i, _ in pairs}
    paired_e = {j for _, j in pairs}
    problems += [f"missed: {describe_exp(e)}" for j, e in enumerate(exps) if j not in paired_e]
    problems += [f"not expected: {describe_pred(p)}" for i, p in enumerate(preds) if i not in paired_p]
    return problems


def as_prediction(exp: dict) -> dict:
    """An expected meeting in the schema's output shape (used to test the comparison itself)."""
    out = {k: exp[k] for k in FIELDS}
    out["mechanism"] = {
        "name": exp["mechanism"],
        "aliases": list(exp["aliases_in_text"]),
        "parties": list(exp["parties"]),
    }
    out["chairs"] = [dict(c) for c in exp["chairs"]]
    return out


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- tests


def known_gaps() -> dict[str, str]:
    """Cases listed in golden/known_gaps.txt, with what is still missing in each."""
    gaps: dict[str, str] = {}
    for line in (GOLDEN_DIR / "known_gaps.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(":")
            gaps[name.strip()] = reason.strip()
    return gaps


GAPS = known_gaps()
CASES = [
    pytest.param(p, id=p.stem, marks=pytest.mark.xfail(strict=True, reason=GAPS[p.stem]))
    if p.stem in GAPS
    else pytest.param(p, id=p.stem)
    for p in FIXTURES
]


def test_golden_known_gaps_name_existing_cases() -> None:
    assert set(GAPS) <= {p.stem for p in FIXTURES}


@pytest.mark.parametrize("path", CASES)
def test_golden(path: Path) -> None:
    from corridor.extract.run import extract_text  # imported here: collection must not need it

    case = load(path)
    published = dt.date.fromisoformat(case["published"]) if case["published"] else None
    record = extract_text(case["text"], source=path.name, published=published)
    assert isinstance(record.get("meetings"), list), f"no meetings list in {record!r}"
    problems = compare(record["meetings"], case["meetings"])
    assert not problems, f"{path.stem}: {case['about']}\n  " + "\n  ".join(problems)


def fixture_problems(name: str, case: Any) -> list[str]:
    if not isinstance(case, dict):
        return [f"{name}: not a JSON object"]
    bad = []
    missing = {"about", "published", "text", "meetings"} - set(case)
    if missing:
        return [f"{name}: missing keys {sorted(missing)}"]
    if not isinstance(case["about"], str) or not case["about"].strip():
        bad.append(f"{name}: 'about' must be a non-empty string")
    if not isinstance(case["text"], str) or len(case["text"]) < 80:
        bad.append(f"{name}: 'text' must be a news text")
    if case["published"] is not None:
        try:
            dt.date.fromisoformat(case["published"])
        except (TypeError, ValueError):
            bad.append(f"{name}: published {case['published']!r} is not YYYY-MM-DD")
    if not isinstance(case["meetings"], list):
        return [*bad, f"{name}: 'meetings' must be a list"]
    text = fold(case.get("text"))
    for n, m in enumerate(case["meetings"]):
        where = f"{name} meeting {n}"
        keys = {
            "mechanism",
            "aliases_in_text",
            "parties",
            "status",
            "ordinal",
            "date",
            "city",
            "country",
            "mode",
            "chairs",
        }
        if not isinstance(m, dict) or keys - set(m):
            bad.append(f"{where}: needs keys {sorted(keys)}")
            continue
        if not isinstance(m["mechanism"], str) or not m["mechanism"].strip():
            bad.append(f"{where}: mechanism must be a name")
        if not isinstance(m["aliases_in_text"], list) or not m["aliases_in_text"]:
            bad.append(f"{where}: aliases_in_text must list the surface forms")
        else:
            bad += [
                f"{where}: alias {a!r} not in the text" for a in m["aliases_in_text"] if fold(a) not in text
            ]
        if not isinstance(m["parties"], list) or not 2 <= len(m["parties"]) <= 3:
            bad.append(f"{where}: parties must list two or three parties")
        if m["status"] not in STATUSES:
            bad.append(f"{where}: status {m['status']!r} not in {sorted(STATUSES)}")
        if m["mode"] not in MODES:
            bad.append(f"{where}: mode {m['mode']!r} is not in_person, virtual or null")
        ordinal = m["ordinal"]
        if ordinal is not None and (isinstance(ordinal, bool) or not isinstance(ordinal, int) or ordinal < 1):
            bad.append(f"{where}: ordinal {ordinal!r} must be null or an integer >= 1")
        if m["date"] is not None:
            try:
                dt.date.fromisoformat(m["date"])
            except (TypeError, ValueError):
                bad.append(f"{where}: date {m['date']!r} is not YYYY-MM-DD")
        for key in ("city", "country"):
            if m[key] is not None and (not isinstance(m[key], str) or not m[key].strip()):
                bad.append(f"{where}: {key} must be null or a name")
        if m["mode"] == "virtual" and (m["city"] or m["country"]):
            bad.append(f"{where}: a virtual meeting has no city or country")
        if not isinstance(m["chairs"], list):
            bad.append(f"{where}: chairs must be a list")
            continue
        for c in m["chairs"]:
            if not isinstance(c, dict) or set(c) != {"name", "title", "country"}:
                bad.append(f"{where}: chair {c!r} needs exactly name, title, country")
            elif not isinstance(c["name"], str) or not name_tokens(c["name"]):
                bad.append(f"{where}: chair name {c['name']!r} is empty")
    return bad


def test_golden_fixtures_are_well_formed() -> None:
    assert len(FIXTURES) >= 45, f"expected at least 45 golden cases, found {len(FIXTURES)}"
    problems = []
    for path in FIXTURES:
        try:
            case = load(path)
        except (OSError, json.JSONDecodeError) as err:
            problems.append(f"{path.name}: unreadable ({err})")
            continue
        problems += fixture_problems(path.stem, case)
    assert not problems, "\n".join(problems)


def test_golden_comparison_accepts_the_expected_records() -> None:
    """Each fixture's own records, in output shape, match it: the expected meetings are told apart."""
    problems = []
    for path in FIXTURES:
        case = load(path)
        preds = [as_prediction(m) for m in case["meetings"]]
        problems += [f"{path.stem}: {line}" for line in compare(preds, case["meetings"])]
    assert not problems, "\n".join(problems)


def test_golden_comparison_reports_differences() -> None:
    """The comparison fails on a wrong field, a wrong chair, a missed and a spurious meeting."""
    exp = [
        {
            "mechanism": "CPEC Joint Working Group on Energy",
            "aliases_in_text": ["JWG on Energy"],
            "parties": ["Pakistan", "China"],
            "status": "held",
            "ordinal": 11,
            "date": "2024-03-20",
            "city": "Islamabad",
            "country": "Pakistan",
            "mode": "in_person",
            "chairs": [
                {
                    "name": "Rashid Mahmood Langrial",
                    "title": "Secretary Power Division",
                    "country": "Pakistan",
                }
            ],
        },
    ]
    right = [as_prediction(exp[0])]
    right[0]["chairs"][0]["name"] = "Mr. Rashid Mahmood Langrial"
    right[0]["country"] = "Islamic Republic of Pakistan"
    assert compare(right, exp) == []
    wrong_date = [dict(as_prediction(exp[0]), date="2024-03-21")]
    assert any("date" in line for line in compare(wrong_date, exp))
    wrong_chair = [
        dict(as_prediction(exp[0]), chairs=[{"name": "Ren Jingdong", "title": None, "country": "China"}])
    ]
    assert len(compare(wrong_chair, exp)) == 1 and "chair" in compare(wrong_chair, exp)[0]
    other = as_prediction(exp[0])
    other["mechanism"] = {
        "name": "CPEC Joint Working Group on Gwadar",
        "aliases": [],
        "parties": ["Pakistan", "China"],
    }
    assert sorted(line.split(":")[0] for line in compare([other], exp)) == ["missed", "not expected"]
    assert compare([], []) == []
