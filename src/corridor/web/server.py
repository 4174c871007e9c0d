"""How `corridor serve` runs the app: uvicorn with its C parser, and a bound on what a request's head may hold.

uvicorn's httptools protocol reads a request line and headers of any size into memory (a
20 MB header was answered); this one answers 431 and closes the connection once the bytes
read of a head not yet complete pass `MAX_HEAD_BYTES`, so at most one more read is held.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024  # request line and headers; browsers send a few kilobytes
PROTOCOL = f"{__name__}:BoundedHeadProtocol"  # as uvicorn's `http` option, also in worker processes


class BoundedHeadProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, counting the bytes of each request's head as they arrive."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_head = True
        self.head_bytes = 0

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.in_head and not self.transport.is_closing():  # the head goes on past these bytes
            self.head_bytes += len(data)
            if self.head_bytes > MAX_HEAD_BYTES:
                self.refuse_head()

    def on_headers_complete(self) -> None:
        self.in_head, self.head_bytes = False, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.in_head = True  # a kept-alive connection's next bytes are the next request's head

    def refuse_head(self) -> None:
        message = f"request line and headers over the {MAX_HEAD_BYTES} byte limit".encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(message)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + message
        )
        self.transport.close()


def uvicorn_options() -> dict[str, Any]:
    """What every `corridor serve` passes to uvicorn.run besides the app, address and workers."""
    return {"http": PROTOCOL, "log_level": "warning"}
