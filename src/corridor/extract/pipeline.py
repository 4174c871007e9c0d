"""Stages that each declare what they read from a Document and what they fill in.

The idea is spaCy's `Language.factory(requires=..., assigns=...)`: a pipeline whose
stages are out of order fails when it is built, not with a wrong answer later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import PipelineError
from ..model import Document

# What a fresh Document already holds before any stage runs.
GIVEN = frozenset({"text", "source", "title", "url", "published"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: Callable[[Document], None]
    requires: frozenset[str]
    assigns: frozenset[str]


REGISTRY: dict[str, Stage] = {}


def stage(name: str, requires: Iterable[str], assigns: Iterable[str]) -> Callable:
    """Register a function `f(doc) -> None` as a named pipeline stage."""

    def register(func: Callable[[Document], None]) -> Callable[[Document], None]:
        REGISTRY[name] = Stage(name, func, frozenset(requires), frozenset(assigns))
        return func

    return register


class Pipeline:
    """An ordered list of stages, checked once when built."""

    def __init__(self, names: Iterable[str]) -> None:
        self.stages = [REGISTRY[n] for n in names]
        have = set(GIVEN)
        for st in self.stages:
            missing = st.requires - have
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} reads {sorted(missing)}, which no earlier stage fills in; "
                    f"reorder the pipeline or add the stage that assigns them"
                )
            have |= st.assigns

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            st.func(doc)
        return doc
