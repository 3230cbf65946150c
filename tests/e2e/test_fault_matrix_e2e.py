"""Fault matrix: the installed twpy against a misbehaving server on 127.0.0.1.

Hang, trickle, reset, cut body and "429 after doing the work": each ends within its bound in one ERROR line,
exit 1, no traceback; a launch is never sent twice.
"""
from __future__ import annotations

import json
import socket
import threading
import time

import pytest

pytestmark = pytest.mark.e2e

TOKEN = "fault-TOKEN-0123456789"
CE = {"id": "ce1", "name": "ce", "platform": "aws-batch", "status": "AVAILABLE", "primary": True,
      "config": {"workDir": "s3://b/w"}}
CE_LIST = {"computeEnvs": [CE]}


class Misbehaving:
    """A raw socket server whose answer to every request depends on `mode`; it counts requests by first line."""

    def __init__(self, mode: str, only_post: bool = False):
        self.mode = mode
        self.only_post = only_post
        self.seen: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        try:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(next((l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")), b"0"))
            while len(body) < length:
                body += conn.recv(65536)
            line = head.split(b"\r\n")[0].decode()
            self.seen.append(line)
            if self.only_post and line.startswith("GET /compute-envs"):
                return self._reply(conn, 200, CE_LIST if line.startswith("GET /compute-envs?") else {"computeEnv": CE})
            getattr(self, "_" + self.mode)(conn)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    @staticmethod
    def _reply(conn, status, payload, extra=b""):
        body = json.dumps(payload).encode()
        conn.sendall(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n" %
                     (status, len(body), extra) + body)

    def _hang(self, conn):
        self.stop.wait(30)

    def _trickle(self, conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(600):
            if self.stop.is_set():
                return
            conn.sendall(b" ")
            time.sleep(0.1)

    def _reset(self, conn):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    def _cut(self, conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"workflowId\"")

    def _busy_after_work(self, conn):
        self._reply(conn, 429, {"message": "Too many requests"}, b"Retry-After: 0\r\n")

    def close(self):
        self.stop.set()
        self.sock.close()


@pytest.fixture
def server(request):
    s = Misbehaving(request.param)
    yield s
    s.close()


@pytest.fixture
def launch_server(request):
    """Answers the compute-environment lookups; misbehaves only on the launch itself."""
    s = Misbehaving(request.param, only_post=True)
    yield s
    s.close()


def env(server):
    return {"TOWER_API_ENDPOINT": f"http://127.0.0.1:{server.port}", "TOWER_ACCESS_TOKEN": TOKEN,
            "TWPY_INSECURE": "1", "TWPY_READ_TIMEOUT": "1", "TWPY_REQUEST_TIMEOUT": "4", "TWPY_RETRIES": "2"}


LAUNCH = ("-o", "json", "launch", "https://github.com/nextflow-io/hello", "-c", "ce1", "--work-dir", "s3://b/w")


@pytest.mark.parametrize("server", ["hang", "trickle", "reset", "cut", "busy_after_work"], indirect=True)
def test_reads_end_within_the_bound_in_one_line(twpy, server):
    started = time.monotonic()
    result = twpy("api", "/workflow", env=env(server), timeout=30)
    took = time.monotonic() - started
    assert result.returncode == 1, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ERROR: ")
    assert took < 15, took


@pytest.mark.parametrize("launch_server", ["hang", "trickle", "reset", "cut", "busy_after_work"], indirect=True)
def test_a_launch_is_sent_once_and_says_the_run_may_exist(twpy, launch_server):
    result = twpy(*LAUNCH, env=env(launch_server), timeout=30)
    assert result.returncode == 1, result
    launches = [line for line in launch_server.seen if line.startswith("POST /workflow/launch")]
    assert len(launches) == 1, launch_server.seen
    assert "may have been created" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
