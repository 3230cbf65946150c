"""The sandbox's HTTP server: the standard library's ThreadingHTTPServer, bound to 127.0.0.1 only."""
from __future__ import annotations

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import urlsplit

from tw_py.sandbox.api import Api
from tw_py.sandbox.seed import seed
from tw_py.sandbox.store import Store

HOST = "127.0.0.1"   # loopback only: the sandbox is never reachable from the network
DEFAULT_PORT = 8642
DEMO_TOKEN = "twpy-sandbox-demo-token"
SPEED_ENV = "TWPY_SANDBOX_SPEED"
MAX_BODY = 64 * 1024 * 1024  # the largest request body the sandbox reads


def default_speed() -> float:
    """The speed factor from TWPY_SANDBOX_SPEED (1.0 when unset or invalid)."""
    try:
        value = float(os.environ.get(SPEED_ENV, "1"))
    except ValueError:
        return 1.0
    return value if value > 0 else 1.0


class _Handler(BaseHTTPRequestHandler):
    server_version = "twpy-sandbox"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, a keep-alive client's delayed ACK held
    # each response back ~40 ms (about 22 requests/s).
    disable_nagle_algorithm = True

    # An idle or slow client gives up its thread after this many seconds.
    timeout = 30

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0 or length > MAX_BODY:
                raise ValueError
        except ValueError:
            self._refuse(400, "Invalid Content-Length")
            return
        raw = self.rfile.read(length) if length > 0 else b""
        if len(raw) < length:
            self.close_connection = True
            return  # the client went away mid-body: nothing to answer
        headers = {k.lower(): v for k, v in self.headers.items()}
        sandbox: Sandbox = self.server.sandbox
        if sandbox.on_request is not None:
            sandbox.on_request(self.command, self.path, headers, raw)
        response = sandbox.api.handle(self.command, parts.path, parts.query, headers, raw)
        if response.body is None:
            payload = b""
        elif isinstance(response.body, bytes):
            payload = response.body
        elif isinstance(response.body, str):
            payload = response.body.encode("utf-8")
        else:
            payload = json.dumps(response.body, separators=(",", ":")).encode("utf-8")
        self.send_response(response.status)
        if payload or response.status != 204:
            content_type = response.content_type
            if content_type.startswith("text/"):
                content_type += "; charset=utf-8"
            self.send_header("Content-Type", content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        if sandbox.on_response is not None:
            sandbox.on_response(self.command, self.path, response.status, response.content_type, payload)

    def _refuse(self, status: int, message: str) -> None:
        payload = json.dumps({"message": message}).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

    def handle(self) -> None:
        """Serve the connection; a client that disconnects or times out ends it quietly (no traceback)."""
        try:
            super().handle()
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        if self.server.sandbox.log is not None:
            self.server.sandbox.log.write(f"{self.address_string()} - {format % args}\n")
            self.server.sandbox.log.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        """A broken connection is the client's business: no traceback on the sandbox's terminal."""


class Sandbox:
    """A running sandbox: `Sandbox(port=0).start()` serves in a background thread; `.url`, `.token`, `.stop()`."""

    def __init__(self, port: int = DEFAULT_PORT, state: str | None = None, speed: float | None = None,
                 token: str = DEMO_TOKEN, log=None, store: Store | None = None):
        # Bind first: a busy port fails before a new --state file is written (OSError); then the state (StateError).
        self.httpd = _Server((HOST, port), _Handler)
        try:
            self.store = store or Store.open(seed, state, speed=speed or default_speed())
        except BaseException:
            self.httpd.server_close()
            raise
        self.httpd.sandbox = self
        self.api = Api(self.store, token, base_url=f"http://{HOST}:{self.httpd.server_address[1]}")
        self.token = token
        self.log = log
        self.on_request: Callable | None = None
        self.on_response: Callable | None = None
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return self.httpd.server_address[0]

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Sandbox:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="twpy-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self.store.lock:
            self.store.save()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def log_stream(verbose: bool):
    return sys.stderr if verbose else None
