"""Write N synthetic, news-length meeting reports into a folder, the same ones for the same seed.

The texts are built from templates written for benchmarking: they read like wire copy about
bilateral committee meetings (dateline, lead, chairs, agreements, background, next session) so
the extractor does realistic work, but they describe no real event.

    python benchmarks/make_corpus.py --docs 2000 --out benchmarks/out/corpus
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TARGET_CHARS = 2000


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    cities: tuple[str, ...]
    given: tuple[str, ...]
    family: tuple[str, ...]


COUNTRIES = (
    Country("Pakistan", "Pakistani", ("Islamabad", "Karachi", "Lahore", "Gwadar"),
            ("Ahsan", "Bilal", "Sadia", "Imran", "Nadia"), ("Qureshi", "Malik", "Chaudhry", "Baig", "Rana")),
    Country("China", "Chinese", ("Beijing", "Urumqi", "Kashgar", "Shanghai"),
            ("Wei", "Lin", "Zhao", "Mei", "Jun"), ("Zhang", "Liu", "Chen", "Huang", "Zhou")),
    Country("Kenya", "Kenyan", ("Nairobi", "Mombasa", "Kisumu"),
            ("Wanjiru", "Otieno", "Achieng", "Kamau"), ("Mwangi", "Odhiambo", "Kiprop", "Njoroge")),
    Country("Japan", "Japanese", ("Tokyo", "Osaka", "Yokohama"),
            ("Haruto", "Yui", "Kenji", "Aiko"), ("Sato", "Tanaka", "Watanabe", "Ito")),
    Country("Morocco", "Moroccan", ("Rabat", "Casablanca", "Tangier"),
            ("Youssef", "Salma", "Karim", "Leila"), ("Benali", "Alaoui", "Tazi", "Berrada")),
    Country("Spain", "Spanish", ("Madrid", "Seville", "Valencia"),
            ("Lucia", "Javier", "Carmen", "Diego"), ("Garcia", "Moreno", "Navarro", "Ruiz")),
    Country("Indonesia", "Indonesian", ("Jakarta", "Surabaya", "Bandung"),
            ("Budi", "Sari", "Agus", "Dewi"), ("Santoso", "Wijaya", "Halim", "Pratama")),
    Country("Australia", "Australian", ("Canberra", "Sydney", "Perth"),
            ("Olivia", "Liam", "Chloe", "Noah"), ("Taylor", "Walsh", "Nguyen", "Harris")),
    Country("Brazil", "Brazilian", ("Brasilia", "Sao Paulo", "Recife"),
            ("Ana", "Rafael", "Beatriz", "Thiago"), ("Souza", "Oliveira", "Costa", "Almeida")),
    Country("Egypt", "Egyptian", ("Cairo", "Alexandria", "Port Said"),
            ("Mona", "Tarek", "Hana", "Omar"), ("Hassan", "Farouk", "Mostafa", "Saleh")),
    Country("Vietnam", "Vietnamese", ("Hanoi", "Da Nang", "Hai Phong"),
            ("Minh", "Lan", "Quang", "Thu"), ("Nguyen", "Tran", "Pham", "Le")),
    Country("Turkey", "Turkish", ("Ankara", "Istanbul", "Izmir"),
            ("Emre", "Elif", "Burak", "Zeynep"), ("Yilmaz", "Demir", "Kaya", "Aydin")),
)  # fmt: skip

SECTORS = (
    "energy", "railways", "ports and shipping", "agriculture", "information technology",
    "water resources", "special economic zones", "health", "mining", "tourism",
    "science and technology", "fisheries", "renewable power", "vocational training",
)  # fmt: skip

MECHANISMS = (
    "Joint Cooperation Committee",
    "Joint Working Group on {sector_title}",
    "Joint Economic Commission",
    "Joint Commission on Trade and Investment",
    "High-Level Steering Committee",
    "Strategic Dialogue",
    "Bilateral Consultative Mechanism",
    "Joint Technical Committee on {sector_title}",
)

# A share of documents is about the China-Pakistan Economic Corridor, written as its outlets do.
CPEC_SHARE = 0.3
CPEC_MECHANISMS = (
    "CPEC Joint Cooperation Committee (JCC)",
    "Joint Cooperation Committee (JCC) of the China-Pakistan Economic Corridor",
    "CPEC Joint Working Group on Energy",
    "Joint Working Group on Long-Term Planning under CPEC",
    "CPEC Joint Working Group on Transport Infrastructure",
    "Joint Working Group on Gwadar of the China-Pakistan Economic Corridor",
    "CPEC Joint Working Group on International Cooperation and Coordination (JWG-ICC)",
)

TITLES = (
    "Minister for Planning and Development",
    "Vice Minister of Commerce",
    "Foreign Secretary",
    "Minister of State for Economic Affairs",
    "Deputy Minister of Energy",
    "Secretary of the Ministry of Industries",
    "Vice Chairman of the National Development Commission",
)

ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SUBJECTS = (
    "The two sides",
    "Both sides",
    "The delegations",
    "The committee",
    "Officials from both countries",
)
VERBS = ("agreed to", "committed to", "reaffirmed their resolve to", "emphasised the need to", "resolved to")
GOALS = (
    "accelerate work on {sector} projects already under way",
    "set up a joint task force on {sector}",
    "remove bottlenecks that slow investment in {sector}",
    "share data and expertise in {sector}",
    "open a new credit line for {sector} ventures",
    "train young engineers in {sector}",
)

LEADS = (
    "{a} and {b} held the {ordinal} meeting of the {named} in {city} on {weekday}, "
    "where officials reviewed progress on projects worth several billion dollars.",
    "The {ordinal} session of the {named} took place in {city} on {weekday}, "
    "bringing together senior officials from {a} and {b}.",
    "Senior officials from {a} and {b} met in {city} on {weekday} for the {ordinal} round of the "
    "{mechanism}, the main body that oversees the two countries' economic partnership.",
    "{a} hosted the {ordinal} meeting of the {mechanism} with {b} in {city} on {weekday}, "
    "a year after the previous round was held in {other_city}.",
)

CHAIRS = (
    "The meeting was co-chaired by {a_adj} {a_title} {a_chair} and {b_adj} {b_title} {b_chair}.",
    "{a_chair}, {a}'s {a_title}, led the {a_adj} side, while the {b_adj} delegation was headed by "
    "{b_title} {b_chair}.",
    "{a_title} {a_chair} and the {b_adj} {b_title}, {b_chair}, chaired the talks.",
)

BACKGROUND = (
    "The {mechanism} was set up to steer cooperation between the two governments and usually meets "
    "once a year, alternating between the two capitals. Its working groups report to it on "
    "{sector}, {sector2} and financing.",
    "Trade between {a} and {b} has grown steadily over the past decade, and both governments have "
    "said they want the committee to turn agreements into projects that create jobs.",
    "Officials said that several of the projects discussed had been delayed by land acquisition "
    "and financing issues, and that the committee had asked the ministries concerned to report back "
    "within three months.",
    "Business groups in both countries welcomed the meeting, saying clearer rules on tariffs and "
    "investment protection would help companies plan for the long term.",
    "Analysts noted that the talks came amid wider efforts by {a} to diversify its partners in "
    "{sector} and to attract private capital to infrastructure.",
)

EXTRAS = (
    '"We have moved from plans to delivery in {sector}, and this meeting set clear deadlines for the '
    'next phase," {a_chair} told reporters after the session.',
    '"Our cooperation in {sector2} has reached a new level, and we expect the first results within '
    'months," {b_chair} said in closing remarks.',
    "On {sector}, the committee reviewed a pipeline of {projects} projects, of which {started} are under "
    "construction and the rest are at the feasibility stage.",
    "On the sidelines, the two sides signed {mous} memorandums of understanding covering {sector}, "
    "{sector2} and customs cooperation.",
    "Some members of the {b_adj} delegation joined the session by video link, and a technical "
    "follow-up meeting will be held online next month.",
    "At the previous meeting, held in {other_city} in {prev_month}, the committee had approved a "
    "framework for joint financing of {sector2} projects and asked for quarterly progress reports.",
    "The {a_adj} side briefed the meeting on new incentives for foreign investors, including tax "
    "holidays for firms that set up plants in designated industrial parks.",
    "The {b_adj} side raised concerns about the security of its workers at project sites and "
    "welcomed the steps taken by {a} to address them.",
)

CLOSINGS = (
    "The two sides agreed that the next meeting of the {mechanism} would be held in {other_city} "
    "in {next_month}.",
    "It was decided that the {next_ordinal} session would take place in {other_city} next year, on "
    "dates to be fixed through diplomatic channels.",
    "Both delegations expressed satisfaction with the outcome and agreed to meet again in "
    "{next_month} to review progress.",
)


def ordinal(n: int, rng: random.Random) -> str:
    """An ordinal written as news copy does, in words or as '12th'."""
    if n <= len(ORDINAL_WORDS) and rng.random() < 0.6:
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def person(country: Country, rng: random.Random) -> str:
    return f"{rng.choice(country.given)} {rng.choice(country.family)}"


def short_month(day: date) -> str:
    """Wire-style month: 'Jan.', 'Sept.', but 'May', 'June' and 'July' in full."""
    full = f"{day:%B}"
    return full if len(full) <= 4 else ("Sept." if full == "September" else f"{full[:3]}.")


def headline_case(words: str) -> str:
    return " ".join(w if w in ("and", "of") else w.capitalize() for w in words.split())


def dateline(city: str, published: date, rng: random.Random) -> str:
    """A wire-style opening: city and publication date in one of a few common shapes."""
    shapes = (
        f"{city.upper()}, {published:%B} {published.day}, {published.year} —",
        f"{city.upper()}, {published.day} {published:%B} {published.year}:",
        f"{city.upper()} ({short_month(published)} {published.day}) —",
    )
    return rng.choice(shapes)


def parties_and_mechanism(rng: random.Random, sector: str) -> tuple[Country, Country, str]:
    """Two countries and the body they meet in: a CPEC body for some, a generic one for the rest."""
    if rng.random() < CPEC_SHARE:
        a, b = rng.sample(COUNTRIES[:2], 2)
        return a, b, rng.choice(CPEC_MECHANISMS)
    a, b = rng.sample(COUNTRIES, 2)
    return a, b, rng.choice(MECHANISMS).format(sector_title=headline_case(sector))


def fields(rng: random.Random) -> dict[str, str]:
    """One meeting's particulars, drawn at random; every template below fills in from these."""
    sector, sector2 = rng.sample(SECTORS, 2)
    a, b, mechanism = parties_and_mechanism(rng, sector)
    host = rng.choice((a, b))
    number = rng.randint(1, 22)
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    held = published - timedelta(days=rng.randint(0, 6))
    return {
        "a": a.name, "b": b.name, "a_adj": a.adjective, "b_adj": b.adjective,
        "mechanism": mechanism,
        "named": mechanism if mechanism in CPEC_MECHANISMS else f"{a.name}-{b.name} {mechanism}",
        "ordinal": ordinal(number, rng), "next_ordinal": ordinal(number + 1, rng),
        "city": rng.choice(host.cities), "other_city": rng.choice((b if host is a else a).cities),
        "weekday": WEEKDAYS[held.weekday()], "published": published.isoformat(),
        "next_month": f"{(published + timedelta(days=rng.randint(90, 300))):%B %Y}",
        "a_title": rng.choice(TITLES), "b_title": rng.choice(TITLES),
        "a_chair": person(a, rng), "b_chair": person(b, rng),
        "sector": sector, "sector2": sector2,
        "prev_month": f"{(published - timedelta(days=rng.randint(200, 500))):%B %Y}",
        "projects": str(rng.randint(6, 40)), "started": str(rng.randint(2, 5)),
        "mous": str(rng.randint(2, 9)),
    }  # fmt: skip


def agreements(values: dict[str, str], rng: random.Random) -> str:
    sentences = []
    for sector in (values["sector"], values["sector2"]):
        goal = rng.choice(GOALS).format(sector=sector)
        sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {goal}.")
    return " ".join(sentences)


def document(rng: random.Random) -> str:
    """One report of about TARGET_CHARS characters: dateline and lead, then body paragraphs."""
    values = fields(rng)
    published = date.fromisoformat(values["published"])
    lead = rng.choice(LEADS).format(**values)
    paragraphs = [
        f"{dateline(values['city'], published, rng)} {lead}",
        rng.choice(CHAIRS).format(**values),
        agreements(values, rng),
    ]
    body = rng.sample(BACKGROUND + EXTRAS, len(BACKGROUND) + len(EXTRAS))
    while sum(len(p) + 2 for p in paragraphs) < TARGET_CHARS - 200 and body:
        paragraphs.append(body.pop().format(**values))
    paragraphs.append(rng.choice(CLOSINGS).format(**values))
    return "\n\n".join(paragraphs) + "\n"


def documents(count: int, seed: int) -> Iterator[str]:
    """The same `count` texts for the same seed, generated one at a time."""
    rng = random.Random(seed)
    for _ in range(count):
        yield document(rng)


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write the texts as numbered .txt files (sorted order is generation order)."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(count)))
    paths = []
    for i, text in enumerate(documents(count, seed), start=1):
        path = folder / f"doc-{i:0{width}d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="how many documents (default 2000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/corpus"), help="folder to write")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.docs, args.seed)
    chars = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {chars / max(len(paths), 1):.0f} bytes on average, to {args.out}")


if __name__ == "__main__":
    main()
