"""TLS is always verified (a private CA is configured, never skipped), and a closed pipe ends quietly."""
from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
from http.server import ThreadingHTTPServer

import pytest

from tests.e2e.fake_platform import TOKEN, FakePlatform, Handler

pytestmark = pytest.mark.e2e


@pytest.fixture
def tls_platform(tmp_path):
    """The fake platform over HTTPS with a certificate from a throwaway private CA (made with openssl)."""
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"openssl could not make a certificate: {made.stderr.strip()[:200]}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_untrusted_certificate_is_refused_with_advice(twpy, tls_platform):
    url, _ = tls_platform
    result = twpy("-o", "json", "workspaces", "list", env={"TOWER_API_ENDPOINT": url, "TOWER_ACCESS_TOKEN": TOKEN,
                                                           "TWPY_RETRIES": "0"})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == "ERROR: TLS certificate verification failed for 127.0.0.1:" + url.rsplit(":", 1)[1]
    assert "ca_bundle" in result.stderr
    assert "Traceback" not in result.stderr


def test_private_ca_bundle_from_profile(twpy, tls_platform):
    url, cert = tls_platform
    env = {"TOWER_API_ENDPOINT": url, "TOWER_ACCESS_TOKEN": TOKEN}
    assert twpy("config", "set", "ca_bundle", str(cert), env=env).returncode == 0
    result = twpy("-o", "json", "workspaces", "list", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["userName"] == "e2e-user"


def test_requests_ca_bundle_environment(twpy, tls_platform):
    url, cert = tls_platform
    result = twpy("-o", "json", "workspaces", "list",
                  env={"TOWER_API_ENDPOINT": url, "TOWER_ACCESS_TOKEN": TOKEN, "REQUESTS_CA_BUNDLE": str(cert)})
    assert result.returncode == 0, result.stderr


def test_closed_pipe_ends_quietly(twpy):
    with FakePlatform() as platform:
        proc = subprocess.Popen([twpy.exe, "--insecure", "workspaces", "list"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=dict(twpy.env, TOWER_API_ENDPOINT=platform.url,
                                                                 TOWER_ACCESS_TOKEN=TOKEN))
        proc.stdout.close()  # the reader went away (like `| head -0`)
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=60)
    assert code == 0
    assert stderr == ""
