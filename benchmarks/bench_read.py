"""What reading web pages costs beside reading the same articles as plain text files.

Analysts' folders hold saved pages more often than clean text; reading a page means
finding its article among navigation, related links and footers. The bar: a batch of
pages costs at most twice the same batch as text files, measured as a document's way
through `corridor extract` (reading, then extraction). Reading alone is shown too.

    python benchmarks/bench_read.py               # 500 articles, as .txt and as .html pages
    python benchmarks/bench_read.py --docs 2000 --json out.json
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import html  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import pin_to_one_core  # noqa: E402
from make_corpus import write_corpus  # noqa: E402

MAX_RATIO = 2.0
ROUNDS = 3  # best of three, so a stray pause of the machine does not decide the figure


@dataclass
class Figure:
    """Seconds per batch for text files and for the same articles as pages, and their ratio."""

    what: str
    text_seconds: float
    html_seconds: float
    docs: int

    @property
    def ratio(self) -> float:
        return self.html_seconds / self.text_seconds if self.text_seconds > 0 else float("inf")


def page(text: str, number: int) -> str:
    """An article as a news site serves it: head metadata, navigation, cookie notice, related links, footer."""
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in body.split("\n\n") if p.strip())
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(30))
    related = "".join(f'<li><a href="/story/{number}-{i}">Related story {i}</a></li>' for i in range(10))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)} | Ledger</title>"
        f"<meta property='og:site_name' content='Ledger'>"
        f"<link rel='canonical' href='https://ledger.example/{number}'></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header><div class='cookies'>We use cookies.</div>"
        f"<main><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        f"<aside><ul>{related}</ul></aside></main><footer>© Ledger. All rights reserved.</footer></body></html>"
    )


def write_pages(texts: list[Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(texts):
        (folder / f"{path.stem}.html").write_text(
            page(path.read_text(encoding="utf-8"), number), encoding="utf-8"
        )


def best_of(run: Callable[[], int]) -> tuple[float, int]:
    """The fastest of ROUNDS runs, and the number of documents it gave."""
    best, count = float("inf"), 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    return best, count


def read_only(folder: Path) -> int:
    from corridor.sources.reading import read_inputs

    return sum(1 for item in read_inputs([str(folder)]) if hasattr(item, "text"))


def read_and_extract(folder: Path) -> int:
    from corridor.extract.run import extract_document
    from corridor.sources.reading import read_inputs

    return sum(1 for item in read_inputs([str(folder)]) if hasattr(item, "text") and extract_document(item))


def measure(what: str, run: Callable[[Path], int], text_dir: Path, html_dir: Path) -> Figure:
    text_seconds, text_docs = best_of(lambda: run(text_dir))
    html_seconds, html_docs = best_of(lambda: run(html_dir))
    if text_docs != html_docs:
        raise SystemExit(f"{what}: {text_docs} text documents but {html_docs} pages were read")
    return Figure(what, text_seconds, html_seconds, text_docs)


def warm_up(text_dir: Path, html_dir: Path) -> None:
    """Load the lexicons, spaCy's tokenizer and the page extractor before anything is timed."""
    from corridor.extract.run import extract_document
    from corridor.sources.reading import read_inputs

    for folder in (text_dir, html_dir):
        item = next(read_inputs([str(next(folder.iterdir()))]))
        if hasattr(item, "text"):
            extract_document(item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500, help="articles in the batch (default 500)")
    parser.add_argument("--cpu", type=int, help="CPU to pin to (default: the last one allowed)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    pinned = pin_to_one_core(args.cpu)
    with tempfile.TemporaryDirectory(prefix="corridor-read-") as tmp:
        text_dir, html_dir = Path(tmp) / "text", Path(tmp) / "html"
        write_pages(write_corpus(text_dir, args.docs), html_dir)
        warm_up(text_dir, html_dir)
        figures = [
            measure("read + extract", read_and_extract, text_dir, html_dir),
            measure("read only", read_only, text_dir, html_dir),
        ]
    print(f"{args.docs} articles as .txt and as .html pages; {pinned}; best of {ROUNDS}")
    print(f"{'':<16}{'text s':>9}{'html s':>9}{'ratio':>8}{'ms/page':>9}")
    for f in figures:
        print(
            f"{f.what:<16}{f.text_seconds:>9.2f}{f.html_seconds:>9.2f}{f.ratio:>8.2f}{1000 * f.html_seconds / f.docs:>9.2f}"
        )
    ratio = figures[0].ratio
    verdict = "PASS" if ratio <= MAX_RATIO else "FAIL"
    print(f"bar: pages cost at most {MAX_RATIO:g}x text through read + extract: {ratio:.2f}x {verdict}")
    if args.json:
        rows = [{**asdict(f), "ratio": f.ratio} for f in figures]
        args.json.write_text(
            json.dumps({"docs": args.docs, "figures": rows, "pass": verdict == "PASS"}, indent=2)
        )
    sys.exit(0 if verdict == "PASS" else 1)


if __name__ == "__main__":
    main()
