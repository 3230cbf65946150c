"""The helpers the sandbox's resource modules share: one checked request body, one workspace-unique name check."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tw_py.sandbox.http import HttpError, Request
from tw_py.sandbox.resources.common import name_free
from tw_py.sandbox.store import Store


def _failure(call) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught:
        call()
    return caught.value.status, caught.value.message


SPEC = {"name": ("string", 5), "size": "integer"}


def test_checked_body_returns_the_body_when_it_follows_the_spec():
    body = {"name": "abc", "size": 3, "other": True}
    assert Request("POST", "/x", body=body).checked_body(SPEC, "name") is body


@pytest.mark.parametrize("body, message", [
    ({"name": 1}, "Invalid field 'name': string expected"),
    ({"name": "abcdef"}, "Invalid field 'name': longer than 5 characters"),
    ({"size": 1}, "Missing required field 'name'"),
    ({"name": " "}, "Missing required field 'name'"),
    (["name"], "Invalid request body: a JSON object is expected"),
])
def test_checked_body_refuses_what_the_spec_refuses(body, message):
    assert _failure(lambda: Request("POST", "/x", body=body).checked_body(SPEC, "name")) == (400, message)


@pytest.mark.parametrize("body, message", [
    ({}, "Missing required field 'thing'"),
    ({"thing": {"size": "3"}}, "Invalid field 'thing.size': integer expected"),
    ({"thing": {"size": 3}}, "Missing required field 'thing.name'"),
])
def test_checked_body_of_a_member_names_the_member(body, message):
    assert _failure(lambda: Request("POST", "/x", body=body).checked_body(SPEC, "name", key="thing")) == (400, message)


def test_checked_body_of_a_member_returns_the_member():
    request = Request("POST", "/x", body={"thing": {"name": "a"}})
    assert request.checked_body(SPEC, "name", key="thing") == {"name": "a"}


@pytest.fixture
def api():
    items = [{"workspaceId": 1, "name": "taken"}, {"workspaceId": None, "name": "mine"}]
    return SimpleNamespace(store=Store({"things": items}))


def test_name_free_refuses_a_name_taken_in_the_workspace(api):
    assert _failure(lambda: name_free(api, "things", 1, "taken", "taken!")) == (409, "taken!")
    assert _failure(lambda: name_free(api, "things", None, "mine", "mine!")) == (409, "mine!")


def test_name_free_accepts_other_names_other_workspaces_and_the_item_itself(api):
    taken = api.store.items("things")[0]
    name_free(api, "things", 1, "free", "x")
    name_free(api, "things", 2, "taken", "x")
    name_free(api, "things", None, "taken", "x")
    name_free(api, "things", 1, "Taken", "x")   # names are compared as given
    name_free(api, "things", 1, "taken", "x", exclude=taken)
