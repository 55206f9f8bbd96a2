"""ASGI guards of the web app: request bodies read only up to a limit, one-line 500s.

:class:`BodyLimit` counts the bytes of a request body as they arrive, whatever the
transfer encoding (``Content-Length`` or chunked), and answers 413 as soon as the count
passes the limit, without reading the rest: a 50 MB chunked upload costs the server the
limit's worth of reading and memory, not 50 MB. :class:`OneLineErrors` turns an exception
no handler knew into a 500 whose body and log entry are one line naming only its class.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_log = logging.getLogger(__name__)


async def send_json(
    send: Send, status: int, document: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    """Send ``document`` as a complete JSON response with ``status``."""
    body = json.dumps(document).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, reading at most that much."""

    def __init__(self, app: App, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the body up to the limit, then hand it to the app (or answer 413)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left: nothing to answer
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        chunks.clear()
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        document = {"detail": f"request body over {self.max_bytes} bytes", "problems": []}
        # the rest of the body is never read, so the connection cannot carry another request
        await send_json(send, 413, document, {"Connection": "close"})


class OneLineErrors:
    """Answer an unexpected exception with a one-line 500 and log one line, not a traceback."""

    def __init__(self, app: App):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; an exception it raises becomes a one-line 500 if nothing was sent."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            name = type(exc).__name__
            _log.error("%s %s: internal error: %s", scope.get("method"), scope.get("path"), name)
            if not started:
                await send_json(send, 500, {"detail": f"internal error: {name}", "problems": []})


__all__ = [
    "BodyLimit",
    "OneLineErrors",
    "send_json",
]
