"""Typed errors. Library code raises these; only the CLI and the web layer turn them into exits."""


class CorridorError(Exception):
    """Base class: the message says what went wrong and what to do next."""


class InputError(CorridorError):
    """A document could not be read (missing, empty, binary, not UTF-8, too large, bad JSON)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LexiconError(CorridorError):
    """A lexicon file is malformed; the message names the file and the entry."""


class PipelineError(CorridorError):
    """Pipeline stages are in an order where a stage would read something not yet filled in."""


class StorageError(CorridorError):
    """The knowledge base could not be opened, migrated or written."""


class NotFoundError(CorridorError):
    """A requested record does not exist."""
