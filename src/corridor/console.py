"""What a person at a terminal sees while a long batch runs: a progress bar with rate and time left.

Only the CLI uses this. The bar draws on standard error and only when that is a terminal,
so pipes, scripts and CI logs get the one-line summary alone.
"""

from __future__ import annotations

import time
from collections import Counter
from types import TracebackType
from typing import Any


class Progress:
    """Inputs done of `total`, documents stored so far, documents per second and time left."""

    def __init__(self, total: int | None, enabled: bool = True, console: Any = None) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True)
        self.enabled = enabled and bool(self.console.is_terminal)
        self.total = total
        self.outcomes: Counter[str] = Counter()
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                SpinnerColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import (
                Progress as Bar,
            )

            self.bar = Bar(
                SpinnerColumn(),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("inputs · {task.fields[docs]} documents · {task.fields[rate]} docs/s · eta"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("reading", total=self.total, docs=0, rate="0.0")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def input_done(self, source: str) -> None:
        """One command-line input (a file, a folder's file or an address) has been read through."""
        if self.bar is not None:
            self.bar.advance(self.task)

    def item_done(self, outcome: str, source: str) -> None:
        """One document was stored, found unchanged, or failed."""
        self.outcomes[outcome] += 1
        if self.bar is not None:
            self.bar.update(self.task, docs=self.documents, rate=f"{self.rate:.1f}")

    @property
    def documents(self) -> int:
        return sum(self.outcomes.values())

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.documents / elapsed if elapsed > 0 else 0.0
