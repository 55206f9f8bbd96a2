"""Request bodies read only up to the limit, whatever the encoding; one-line 500s."""

from __future__ import annotations

import asyncio
import json
import select
import socket

from corridor.web import Settings, create_app
from corridor.web.limits import BodyLimit, OneLineErrors

CHUNK = 65_536


def call(app, chunks, headers=()):
    """Run the ASGI ``app`` on a request whose body arrives as ``chunks``.

    Returns the response's status, its JSON body and how many body bytes were pulled.
    """
    pulled = 0
    pending = list(chunks)
    sent: list[dict] = []

    async def receive():
        nonlocal pulled
        body = pending.pop(0) if pending else b""
        pulled += len(body)
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": list(headers)}
    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, json.loads(body) if body else None, pulled


async def echo_size(scope, receive, send):
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": json.dumps({"size": size}).encode()})


def test_a_chunked_body_over_the_limit_is_refused_after_the_limit_is_read():
    guarded = BodyLimit(echo_size, max_bytes=256_000)
    fifty_mb = [b"x" * CHUNK] * (50_000_000 // CHUNK)
    status, document, pulled = call(guarded, fifty_mb)
    assert status == 413 and document["detail"] == "request body over 256000 bytes"
    # the fourth 64 kB chunk passes 256,000 bytes: nothing after it is read
    assert pulled == 4 * CHUNK
    # a body under the limit reaches the app whole, however it was split
    status, document, pulled = call(guarded, [b"x" * 100_000, b"y" * 100_000, b"z"])
    assert (status, document, pulled) == (200, {"size": 200_001}, 200_001)


def test_a_declared_length_over_the_limit_is_refused_before_reading():
    guarded = BodyLimit(echo_size, max_bytes=1_000)
    status, _, pulled = call(guarded, [b"x" * 10], headers=[(b"content-length", b"1001")])
    assert (status, pulled) == (413, 0)


def test_an_unexpected_exception_is_a_one_line_500():
    async def broken(scope, receive, send):
        raise RecursionError("maximum recursion depth exceeded while decoding")

    status, document, _ = call(OneLineErrors(broken), [b""])
    assert status == 500
    assert document == {"detail": "internal error: RecursionError", "problems": []}


def test_the_server_answers_a_50_mb_chunked_upload_with_413_before_it_is_sent(live):
    app = create_app(Settings())
    with live(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            b"POST /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n" % CHUNK + b"a" * CHUNK + b"\r\n"
        sent = 0
        while sent < 50_000_000 and not select.select([conn], [], [], 0)[0]:
            try:
                conn.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):  # closed after its answer
                break
            sent += CHUNK
        head = conn.recv(4096)
    assert head.startswith(b"HTTP/1.1 413 ")
    # the answer came while the client was still sending: the rest was never read (the
    # bytes sent before it are the limit plus what the loopback socket buffers hold)
    assert sent < 50_000_000
