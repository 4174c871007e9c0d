"""Accuracy held at no less than the best figures reached so far (a ratchet that rises with the work).

Each corpus is scored by the shared scorer (`shared/eval/score.py`) whenever it is present: the dev and
world sets of the shared corpus, and the real published articles annotated for the project under
`tests/realworld/` (each batch with its addresses in INDEX.md). The batches' first-run figures, scored
before any rule was changed with them in view, are in the README; the floors here are what the rules
reach on them now, so a change that loses accuracy anywhere fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REALWORLD = Path(__file__).resolve().parent / "realworld"
EXTRACT = f"{sys.executable} -m corridor extract --format jsonl"
INGEST = f"{sys.executable} -m corridor ingest --quiet"
LIST = f"{sys.executable} -m corridor meetings --format jsonl"

# corpus -> {figure: floor}; 'shared:' names a set of the shared corpus, else a folder of tests/realworld
FLOORS: dict[str, dict[str, float]] = {
    "shared:dev": {"slots": 0.937, "meetings": 0.962, "topics": 0.85},
    "shared:world": {"slots": 0.862},
    "r1": {"slots": 0.737},
    "r2": {"slots": 0.655},
    "r3": {"slots": 0.802},
    "r4": {"slots": 0.707},
    "r5": {"slots": 0.668},
    "r6": {"slots": 0.698},
    "r7": {"slots": 0.545},
    "r8": {"slots": 0.647},
    "r9": {"slots": 0.645},
    "jcc": {"slots": 0.703},
    "series2": {"slots": 0.626},
}
SERIES_FLOORS: dict[str, float] = {"shared:dev": 0.938, "jcc": 0.708, "series2": 0.682}


def corpus_dir(shared_dir: Path, name: str) -> Path:
    return shared_dir / "corpus" / name.split(":", 1)[1] if name.startswith("shared:") else REALWORLD / name


def score(shared_dir: Path, tmp: Path, corpus: Path, *extra: str) -> dict:
    scorer = shared_dir / "eval" / "score.py"
    if not (corpus / "gold").is_dir() or not scorer.exists():
        pytest.skip(f"no scorer or corpus at {corpus} (set CORRIDOR_SHARED to the shared folder)")
    out = tmp / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(scorer), "--corpus", str(corpus), "--json", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_evaluation_extraction_holds_its_floor(name: str, shared_dir: Path, tmp_path: Path) -> None:
    figures = score(shared_dir, tmp_path, corpus_dir(shared_dir, name), "--cmd", EXTRACT)
    assert figures["documents"] >= 20 and figures["meetings"]["predicted"] > 0
    for figure, floor in FLOORS[name].items():
        f1 = figures[figure]["f1"]
        assert f1 >= floor, f"{name}: {figure} F1 {f1:.3f} is below its floor {floor}"


@pytest.mark.parametrize("name", sorted(SERIES_FLOORS))
def test_evaluation_series_holds_its_floor(name: str, shared_dir: Path, tmp_path: Path) -> None:
    corpus = corpus_dir(shared_dir, name)
    if not (corpus / "series.json").exists():
        pytest.skip(f"no series.json in {corpus}")
    figures = score(shared_dir, tmp_path, corpus, "--series", "--ingest-cmd", INGEST, "--list-cmd", LIST)
    f1 = figures["slots"]["f1"]
    assert f1 >= SERIES_FLOORS[name], (
        f"{name}: series slot F1 {f1:.3f} is below its floor {SERIES_FLOORS[name]}"
    )


# corpus -> {figure: floor} of shared/eval/score_engagements.py: engagement slots and designations
ENGAGEMENT_FLOORS: dict[str, dict[str, float]] = {
    "shared:dev": {"slots": 0.863, "designations": 0.965},
    "shared:world": {"slots": 0.821, "designations": 0.933},
    "e1": {"slots": 0.539, "designations": 0.8},
    "e2": {"slots": 0.491, "designations": 0.75},
}


@pytest.mark.parametrize("name", sorted(ENGAGEMENT_FLOORS))
def test_evaluation_engagements_hold_their_floor(name: str, shared_dir: Path, tmp_path: Path) -> None:
    corpus = corpus_dir(shared_dir, name)
    scorer = shared_dir / "eval" / "score_engagements.py"
    if not (corpus / "engagements").is_dir() or not scorer.exists():
        pytest.skip(f"no engagement scorer or gold at {corpus} (set CORRIDOR_SHARED to the shared folder)")
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(scorer), "--corpus", str(corpus), "--cmd", EXTRACT, "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    for figure, floor in ENGAGEMENT_FLOORS[name].items():
        f1 = figures[figure]["f1"]
        assert f1 >= floor, f"{name}: engagement {figure} F1 {f1:.3f} is below its floor {floor}"


def test_evaluation_realworld_batches_name_their_addresses() -> None:
    for batch in sorted(p for p in REALWORLD.iterdir() if p.is_dir()):
        for raw in sorted((batch / "raw").glob("*.json")):
            record = json.loads(raw.read_text(encoding="utf-8"))
            assert record["url"].startswith(("http://", "https://")), raw
            assert (batch / "gold" / raw.name).exists(), raw
