"""Redirects: a write never follows one (no body resent, no POST turned into a GET); a read follows only to the
same scheme, host and port. Every cell of the matrix is checked."""
import pytest
import responses

from tests.helpers import URL
from tw_py.api.client import Client, expect_field
from tw_py.errors import ApiError

STATUSES = (301, 302, 303, 307, 308)
TARGETS = {
    "same host": f"{URL}/moved/credentials",
    "other host": "https://evil.example/credentials",
    "https to http": "http://api.tower.test/credentials",
}


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as m:
        yield m


def client():
    return Client(URL, "tok", retries=3, sleep=lambda s: None)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("target", list(TARGETS))
def test_a_write_never_follows_a_redirect(mock, method, status, target):
    mock.add(method, f"{URL}/credentials", status=status, headers={"Location": TARGETS[target]})
    for other in ("GET", "POST", "PUT", "DELETE"):
        mock.add(other, TARGETS[target], json={"credentialsId": "stolen"})
    body = {"credentials": {"keys": {"password": "hunter2"}}} if method != "DELETE" else None
    with pytest.raises(ApiError) as caught:
        client().request(method, "/credentials", body=body)
    assert len(mock.calls) == 1, [c.request.url for c in mock.calls]
    assert f"The server redirected {method} /credentials (HTTP {status}) to {TARGETS[target]}" in caught.value.message
    assert "nothing was changed" in caught.value.message
    assert "new URL" in caught.value.hint


@pytest.mark.parametrize("status", STATUSES)
def test_a_read_follows_a_redirect_on_the_same_server(mock, status):
    mock.get(f"{URL}/workflow", status=status, headers={"Location": "/api2/workflow?max=1"})
    mock.get(f"{URL}/api2/workflow", json={"workflows": []})
    assert client().get("/workflow", {"max": 1}) == {"workflows": []}
    assert [c.request.url for c in mock.calls] == [f"{URL}/workflow?max=1", f"{URL}/api2/workflow?max=1"]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("target", ["other host", "https to http"])
def test_a_read_is_not_redirected_to_another_server(mock, status, target):
    mock.get(f"{URL}/workflow", status=status, headers={"Location": TARGETS[target]})
    mock.get(TARGETS[target], json={})
    with pytest.raises(ApiError) as caught:
        client().get("/workflow")
    assert len(mock.calls) == 1
    assert "to another server" in caught.value.message


def test_a_redirect_loop_ends(mock):
    mock.get(f"{URL}/workflow", status=302, headers={"Location": f"{URL}/workflow"})
    with pytest.raises(ApiError) as caught:
        client().get("/workflow")
    assert "Too many redirects" in caught.value.message
    assert len(mock.calls) == 6


def test_a_password_in_the_location_is_not_shown(mock):
    mock.post(f"{URL}/credentials", status=307, headers={"Location": "https://user:pa55@evil.example/x"})
    with pytest.raises(ApiError) as caught:
        client().post("/credentials", {})
    assert "pa55" not in caught.value.message
    assert "https://evil.example/x" in caught.value.message


@pytest.mark.parametrize("answer", [None, {}, {"credentialsId": None}, {"credentialsId": ""}, {"other": 1}])
def test_a_success_answer_without_the_id_is_an_error(answer):
    with pytest.raises(ApiError) as caught:
        expect_field(answer, "credentialsId", what="the new credentials")
    assert caught.value.message == ("The server's answer to the new credentials has no credentialsId: "
                                    "it may not have been done")


def test_expect_field_returns_the_value():
    assert expect_field({"a": {"b": 3}}, "a", "b", what="x") == 3
