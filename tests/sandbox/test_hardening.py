"""The sandbox under abuse: deep JSON, bad Content-Length, vanishing and idle clients, stale temp files."""
import os
import socket
import time

from tw_py.sandbox.server import DEMO_TOKEN, Sandbox


def raw(sandbox, data: bytes, read=True) -> bytes:
    with socket.create_connection((sandbox.host, sandbox.port), timeout=5) as conn:
        conn.sendall(data)
        if not read:
            return b""
        out = b""
        try:
            while chunk := conn.recv(65536):  # until the server closes the connection
                out += chunk
        except socket.timeout:
            pass
        return out


def test_deeply_nested_json_is_a_400(tmp_path):
    body = b"[" * 100_000 + b"]" * 100_000
    with Sandbox(port=0) as sandbox:
        answer = raw(sandbox, b"POST /labels HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + DEMO_TOKEN.encode() +
                     b"\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_a_bad_content_length_is_a_400_not_a_dropped_connection():
    with Sandbox(port=0) as sandbox:
        answer = raw(sandbox, b"POST /labels HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400"), answer
    assert b"Invalid Content-Length" in answer


def test_a_client_that_vanishes_prints_no_traceback(capsys):
    with Sandbox(port=0) as sandbox:
        raw(sandbox, b"POST /labels HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", read=False)
        time.sleep(0.3)
        assert raw(sandbox, b"GET /service-info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out


def test_idle_connections_time_out():
    from tw_py.sandbox import server

    assert 0 < server._Handler.timeout <= 60


def test_stale_temp_files_of_a_killed_sandbox_are_removed(tmp_path):
    state = tmp_path / "state.json"
    stale = tmp_path / ".sandbox-abc.tmp"
    stale.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    with Sandbox(port=0, state=str(state)):
        pass
    assert not stale.exists()
    assert state.exists()


def test_names_the_platform_refuses_are_refused_everywhere():
    """A NUL, '..' or '/' in a name is a 400 on every route that names something (as on the Platform)."""
    import json as json_module
    import time as time_module
    from urllib.parse import urlencode

    from tw_py.sandbox.api import Api
    from tw_py.sandbox.seed import seed
    from tw_py.sandbox.store import Store

    api = Api(Store(seed(time_module.time())), "t")

    def status(method, path, body, **query):
        return api.handle(method, path, urlencode(query), {"authorization": "Bearer t"},
                          json_module.dumps(body).encode()).status

    ws = api.store.items("workspaces")[0]["id"]
    ce = next(c["id"] for c in api.store.items("computeEnvs") if c["workspaceId"] == ws)
    launch = {"computeEnvId": ce, "pipeline": "https://github.com/a/b"}
    for bad in ("a\x00b", "../x", "a/b"):
        assert status("POST", "/labels", {"name": bad}, workspaceId=ws) == 400
        assert status("POST", "/labels", {"name": "k", "value": bad, "resource": True}, workspaceId=ws) == 400
        assert status("POST", "/credentials", {"credentials": {"name": bad, "provider": "github",
                                                               "keys": {"password": "x"}}}, workspaceId=ws) == 400
        assert status("POST", "/pipelines", {"name": bad, "launch": launch}, workspaceId=ws) == 400
        assert status("POST", "/orgs", {"organization": {"name": bad, "fullName": "x"}}) == 400
        assert status("POST", "/pipeline-secrets", {"name": bad, "value": "v"}, workspaceId=ws) == 400
        assert status("POST", "/datasets", {"name": bad}, workspaceId=ws) == 400
        assert status("POST", "/workflow/launch", {"launch": {**launch, "runName": bad}}, workspaceId=ws) == 400
    assert status("POST", "/labels", {"name": 5}, workspaceId=ws) == 400          # wrong types too
    assert status("POST", "/pipelines", {"name": "x", "launch": "text"}, workspaceId=ws) == 400
