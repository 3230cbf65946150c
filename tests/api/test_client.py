"""The HTTP client: headers, retries (idempotent only), error decoding, redacted verbose logs."""
import io

import pytest
import requests
import responses

from tests.helpers import URL
from tw_py import __version__
from tw_py.api.client import Client
from tw_py.errors import ApiError, AuthError, ConnectionFailed

TOKEN = "secret-token-42"


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as m:
        yield m


def client(**kw):
    sleeps = []
    c = Client(URL, TOKEN, sleep=sleeps.append, **kw)
    c.sleeps = sleeps
    return c


def test_headers_and_query(mock):
    mock.get(f"{URL}/pipelines", json={"pipelines": []},
             match=[responses.matchers.query_param_matcher({"workspaceId": "5", "visibility": "all", "attributes": "labels,optimized", "force": "false"}),
                    responses.matchers.header_matcher({"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"})])
    c = client()
    assert c.get("/pipelines", {"workspaceId": 5, "visibility": "all", "attributes": ["labels", "optimized"],
                                "force": False, "search": None}) == {"pipelines": []}
    assert mock.calls[0].request.headers["User-Agent"].startswith(f"twpy/{__version__}")


def test_get_retries_503_then_succeeds(mock):
    mock.get(f"{URL}/user-info", status=503)
    mock.get(f"{URL}/user-info", json={"user": {}})
    c = client()
    assert c.get("/user-info") == {"user": {}}
    assert len(c.sleeps) == 1 and 0.5 <= c.sleeps[0] <= 0.75


def test_retry_after_is_honoured(mock):
    mock.get(f"{URL}/user-info", status=429, headers={"Retry-After": "7"})
    mock.get(f"{URL}/user-info", json={"user": {}})
    c = client()
    c.get("/user-info")
    assert c.sleeps == [7.0]


def test_retries_give_up_with_server_message(mock):
    for _ in range(4):
        mock.get(f"{URL}/user-info", status=502, json={"message": "Bad gateway"})
    c = client()
    with pytest.raises(ApiError) as info:
        c.get("/user-info")
    assert info.value.message == "Bad gateway" and info.value.status == 502
    assert len(c.sleeps) == 3


def test_post_is_not_retried_on_503(mock):
    mock.post(f"{URL}/workflow/launch", status=503, json={"message": "Unavailable"})
    c = client()
    with pytest.raises(ApiError):
        c.post("/workflow/launch", {"launch": {}})
    assert len(mock.calls) == 1 and c.sleeps == []


def test_post_is_not_retried_after_read_timeout(mock):
    mock.post(f"{URL}/workflow/launch", body=requests.exceptions.ReadTimeout("read timed out"))
    c = client()
    with pytest.raises(ConnectionFailed) as info:
        c.post("/workflow/launch", {"launch": {}})
    assert len(mock.calls) == 1
    assert info.value.message == "Timed out talking to api.tower.test"


def test_post_retried_when_connection_never_established(mock):
    mock.post(f"{URL}/workflow/launch", body=requests.exceptions.ConnectTimeout("connect timeout"))
    mock.post(f"{URL}/workflow/launch", json={"workflowId": "abc"})
    c = client()
    assert c.post("/workflow/launch", {"launch": {}}) == {"workflowId": "abc"}
    assert len(mock.calls) == 2


def test_401_403_404(mock):
    mock.get(f"{URL}/a", status=401)
    mock.get(f"{URL}/b", status=403)
    mock.get(f"{URL}/c", status=404, json={"message": "Pipeline not found"})
    c = client()
    with pytest.raises(AuthError) as info:
        c.get("/a")
    assert info.value.message == "Unauthorized. Check your access token, workspace id and tower server url."
    assert "twpy auth login" in info.value.hint
    with pytest.raises(ApiError) as info:
        c.get("/b")
    assert info.value.message == "Forbidden"
    with pytest.raises(ApiError) as info:
        c.get("/c")
    assert info.value.message == "Pipeline not found" and info.value.status == 404


def test_html_proxy_page_is_reported_not_crashed(mock):
    mock.get(f"{URL}/user-info", body="<html><body>Login to corporate proxy</body></html>",
             content_type="text/html", status=200)
    with pytest.raises(ApiError) as info:
        client().get("/user-info")
    assert info.value.message == "Unexpected response from https://api.tower.test/user-info (HTTP 200, text/html): expected JSON"
    assert "proxy" in info.value.hint


def test_html_error_page(mock):
    mock.get(f"{URL}/user-info", body="<html>Gateway Timeout</html>", content_type="text/html", status=504)
    with pytest.raises(ApiError) as info:
        client(retries=0).get("/user-info")
    assert "HTTP 504, text/html" in info.value.message


def test_tls_failure_explains_ca_bundle(mock):
    mock.get(f"{URL}/user-info", body=requests.exceptions.SSLError("certificate verify failed"))
    with pytest.raises(ConnectionFailed) as info:
        client(retries=0).get("/user-info")
    assert info.value.message == "TLS certificate verification failed for api.tower.test"
    assert "ca_bundle" in info.value.hint


def test_connection_refused_real_socket():
    c = Client("http://127.0.0.1:9", TOKEN, retries=1, sleep=lambda s: None)
    with pytest.raises(ConnectionFailed) as info:
        c.get("/user-info")
    assert info.value.message == "Cannot connect to http://127.0.0.1:9: connection refused"


def test_dns_failure_is_not_retried():
    slept = []
    c = Client("https://no-such-host.invalid", TOKEN, retries=3, sleep=slept.append)
    with pytest.raises(ConnectionFailed) as info:
        c.get("/user-info")
    assert info.value.message == "Cannot resolve host 'no-such-host.invalid'"
    assert slept == []


def test_verbose_log_redacts_token(mock):
    mock.post(f"{URL}/echo", json={"echo": TOKEN, "ok": True})
    log = io.StringIO()
    c = Client(URL, TOKEN, log=log)
    c.post("/echo", {"value": TOKEN})
    text = log.getvalue()
    assert TOKEN not in text
    assert "> POST https://api.tower.test/echo" in text
    assert "> Authorization: Bearer ***" in text
    assert '{"value":"***"}' in text
    assert "< 200" in text


def test_null_fields_are_dropped_from_bodies(mock):
    mock.put(f"{URL}/x", status=204)
    client().put("/x", {"a": None, "b": {"c": None, "d": 1}, "e": [None, {"f": None}]})
    assert mock.calls[0].request.body == '{"b":{"d":1},"e":[null,{}]}'


def test_trailing_slash_in_url_is_ignored(mock):
    mock.get(f"{URL}/user-info", json={"user": {}})
    assert Client(URL + "/", TOKEN).get("/user-info") == {"user": {}}
    assert mock.calls[0].request.url == f"{URL}/user-info"


def test_verbose_log_masks_secret_fields_a_server_echoes(mock):
    mock.get(f"{URL}/credentials", json={"credentials": [{"name": "gh", "keys": {"username": "octo", "token": "ghp_LEAK",
                                                                             "password": "pw-LEAK"}}]})
    log = io.StringIO()
    Client(URL, TOKEN, log=log).get("/credentials")
    text = log.getvalue()
    assert "ghp_LEAK" not in text and "pw-LEAK" not in text
    assert '"token":"***"' in text and '"username":"octo"' in text


def test_connection_refused_is_not_retried():
    slept = []
    c = Client("http://127.0.0.1:9", TOKEN, retries=3, sleep=slept.append)
    with pytest.raises(ConnectionFailed):
        c.get("/user-info")
    assert slept == [] and c.request_count == 1


@pytest.mark.parametrize("exc", [requests.exceptions.InvalidHeader("bad header"),
                                 requests.exceptions.InvalidURL("bad url"),
                                 requests.exceptions.SSLError("certificate verify failed")])
def test_local_and_permanent_errors_are_not_retried(mock, exc):
    mock.get(f"{URL}/user-info", body=exc)
    slept = []
    c = Client(URL, TOKEN, retries=3, sleep=slept.append)
    with pytest.raises(ConnectionFailed):
        c.get("/user-info")
    assert slept == [] and len(mock.calls) == 1


def test_https_to_a_plain_http_port_is_a_protocol_mismatch(mock):
    mock.get(f"{URL}/user-info", body=requests.exceptions.SSLError(
        "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"))
    with pytest.raises(ConnectionFailed) as info:
        client(retries=0).get("/user-info")
    assert info.value.message == "api.tower.test does not speak https on that port (TLS protocol mismatch)"


def test_a_configured_ca_bundle_wins_over_requests_environment(mock, monkeypatch, tmp_path):
    mine, theirs = tmp_path / "mine.pem", tmp_path / "theirs.pem"
    mine.write_text("x")
    theirs.write_text("y")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(theirs))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(theirs))
    seen = []
    mock.get(f"{URL}/user-info", json={}, match=[lambda req: (True, "")])
    c = Client(URL, TOKEN, verify=str(mine))
    original = c.session.send

    def spy(request, **kw):
        seen.append(kw.get("verify"))
        return original(request, **kw)

    c.session.send = spy
    c.get("/user-info")
    assert seen == [str(mine)]
