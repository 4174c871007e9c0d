"""What one running server needs to know: the knowledge base, who may read, and how large a write may be."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from .. import settings


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Settings for one app; `secret` signs CSRF cookies and changes on every start unless given."""

    db: str
    private: bool = False
    max_upload: int = 2 * 1024 * 1024
    cache_entries: int = 4096
    threads: int = 4
    secret: str = field(default_factory=lambda: secrets.token_hex(32))

    @classmethod
    def from_settings(cls, db: str | None = None, private: bool | None = None) -> WebConfig:
        """A config from flags, then the environment, then the defaults of the settings table."""
        closed = private if private is not None else settings.get("private").lower() in ("1", "true", "yes")
        secret = settings.get("secret") or secrets.token_hex(32)
        entries = int(settings.get("web_cache")) if settings.get("web_cache").isdigit() else 4096
        return cls(
            settings.get("db", db),
            closed,
            int(settings.positive("max_upload", example="2097152")),
            entries,
            int(settings.positive("web_threads", example="4")),
            secret,
        )
