"""A time limit for a whole fetch, kept by the network streams themselves.

httpx's timeouts bound each wait: a server that sends two bytes a second, each well within
the wait, holds a fetch for as long as it likes. Here every connect, read and write waits at
most for the time left before the fetch's deadline, so the fetch ends then whatever the server
does. httpx takes a network backend only through the connection pool of its transport.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

import httpcore
import httpx

MIN_WAIT = 0.001  # a socket timeout of 0 would not wait at all, and fail with another error


class Deadline:
    """When the fetch under way in this thread must end."""

    def __init__(self) -> None:
        self._local = threading.local()

    def start(self, seconds: float) -> None:
        self._local.end = time.monotonic() + seconds

    def left(self) -> float:
        end = getattr(self._local, "end", None)
        return math.inf if end is None else end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= MIN_WAIT

    def cut(self, timeout: float | None) -> float | None:
        """A wait of `timeout` seconds (None: no limit), shortened to the time left."""
        left = self.left()
        if left == math.inf:
            return timeout
        left = max(left, MIN_WAIT)
        return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every wait ends at the deadline at the latest."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline) -> None:
        self.stream = stream
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.cut(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.cut(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        secured = self.stream.start_tls(ssl_context, server_hostname, self.deadline.cut(timeout))
        return DeadlineStream(secured, self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, with connections that keep the deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self.backend = httpcore.SyncBackend()
        self.deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self.backend.connect_tcp(
            host, port, self.deadline.cut(timeout), local_address, socket_options
        )
        return DeadlineStream(stream, self.deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        stream = self.backend.connect_unix_socket(path, self.deadline.cut(timeout), socket_options)
        return DeadlineStream(stream, self.deadline)

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


def deadline_transport(deadline: Deadline) -> httpx.HTTPTransport:
    """httpx's transport over a connection pool whose connections keep `deadline`."""
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=DeadlineBackend(deadline)
    )
    return transport
