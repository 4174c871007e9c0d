"""Who may write: bearer tokens for the API, a token cookie plus a CSRF field for browser forms.

Tokens are stored only as hashes, so a copy of the knowledge base gives no write access.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request

TOKEN_COOKIE = "corridor_token"
CSRF_COOKIE = "corridor_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class AuthError(Exception):
    """A request lacks the credentials it needs: 401 when none were given, 403 when they are wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def new_token() -> str:
    """A fresh secret to hand out once; only its hash is kept."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def bearer_token(request: Request) -> str | None:
    """The token of an Authorization bearer header: a browser never sends one by itself."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def presented_token(request: Request) -> str | None:
    """The token a request carries: an Authorization bearer header, else the login cookie."""
    return bearer_token(request) or request.cookies.get(TOKEN_COOKIE) or None


def from_this_site(request: Request, secret: str, submitted: str | None) -> bool:
    """Sent by this site's own page: same Origin, and the CSRF value echoing the signed cookie.

    The sign-in cookie goes with every request the browser makes to this server, whichever
    site made it; only the site's own pages can read and echo the CSRF value.
    """
    return same_origin(request) and csrf_valid(secret, request.cookies.get(CSRF_COOKIE), submitted)


def new_csrf(secret: str) -> str:
    """A random value signed with the server's secret, set as a cookie and echoed by every form."""
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(secret, nonce)}"


def csrf_valid(secret: str, cookie: str | None, submitted: str | None) -> bool:
    """The form echoes the cookie, and the cookie carries this server's signature."""
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        return False
    nonce, _, signature = cookie.partition(".")
    return hmac.compare_digest(signature, _sign(secret, nonce))


def same_origin(request: Request) -> bool:
    """A browser's Origin header, when it sends one, must name this server."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def _sign(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]
