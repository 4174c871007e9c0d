"""The dev-set bars of the core issue, measured by the shared scorer whenever the corpus is present."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BARS = {"slots": 0.90, "meetings": 0.95, "topics": 0.75}


@pytest.fixture(scope="module")
def dev_figures(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    corpus = shared_dir / "corpus" / "dev"
    scorer = shared_dir / "eval" / "score.py"
    if not (corpus / "gold").is_dir() or not scorer.exists():
        pytest.skip(f"no evaluation corpus at {corpus} (set CORRIDOR_SHARED to the shared folder)")
    out = tmp_path_factory.mktemp("eval") / "figures.json"
    cmd = f"{sys.executable} -m corridor extract --format jsonl"
    proc = subprocess.run(
        [sys.executable, str(scorer), "--corpus", str(corpus), "--cmd", cmd, "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("figure", sorted(BARS))
def test_evaluation_dev_f1_meets_the_bar(dev_figures: dict, figure: str) -> None:
    f1 = dev_figures[figure]["f1"]
    assert f1 >= BARS[figure], f"{figure} F1 {f1:.3f} is below the bar {BARS[figure]}"


def test_evaluation_every_document_was_scored(dev_figures: dict) -> None:
    assert dev_figures["documents"] >= 40
    assert dev_figures["meetings"]["predicted"] > 0
