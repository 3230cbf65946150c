"""A minimal Platform API on 127.0.0.1 for the foundation's end-to-end tests (user, workspaces, service info).

Only what the foundation commands need; `twpy sandbox` is the full local Platform.
"""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "e2e-TOKEN-0123456789abcdef"
USER = {"id": 11, "userName": "e2e-user", "email": "e2e@example.com"}
ENTRIES = [
    {"orgId": 100, "orgName": "acme", "workspaceId": None, "workspaceName": None},
    {"orgId": 100, "orgName": "acme", "workspaceId": 1001, "workspaceName": "showcase", "workspaceFullName": "Showcase",
     "visibility": "PRIVATE"},
    {"orgId": 100, "orgName": "acme", "workspaceId": 1002, "workspaceName": "research", "workspaceFullName": "Research",
     "visibility": "SHARED"},
]


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-platform"
    requests_seen: list = []

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, payload=None):
        data = json.dumps(payload).encode() if payload is not None else b""
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        type(self).requests_seen.append(f"GET {path}")
        if path == "/service-info":
            return self._send(200, {"serviceInfo": {"version": "24.2.0", "apiVersion": "1.187.0"}})
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401)
        if path == "/user-info":
            return self._send(200, {"user": USER})
        if path == f"/user/{USER['id']}/workspaces":
            return self._send(200, {"orgsAndWorkspaces": ENTRIES})
        match = re.fullmatch(r"/orgs/(\d+)/workspaces/(\d+)", path)
        if match:
            for entry in ENTRIES:
                if entry["workspaceId"] == int(match.group(2)) and entry["orgId"] == int(match.group(1)):
                    return self._send(200, {"workspace": {"id": entry["workspaceId"], "name": entry["workspaceName"],
                                                          "fullName": entry["workspaceFullName"],
                                                          "visibility": entry["visibility"]}})
        return self._send(404, {"message": "Not found"})


class FakePlatform:
    """Serve the fake API on an ephemeral loopback port in a background thread."""

    def __enter__(self):
        Handler.requests_seen = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def requests(self) -> list:
        return Handler.requests_seen

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
