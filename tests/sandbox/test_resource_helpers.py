"""The helpers the sandbox's resource modules share: one checked request body, the fields an update gives, one
workspace-unique name check, one lookup of an item by its numeric id within its organization or workspace."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tw_py.sandbox.http import HttpError, Request, given_fields
from tw_py.sandbox.resources.common import check_new_name, name_free, numbered_child
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
    assert _failure(lambda: name_free(api, "things", 1, "taken", "'{}' is taken")) == (409, "'taken' is taken")
    assert _failure(lambda: name_free(api, "things", None, "mine", "{} again")) == (409, "mine again")


def test_name_free_accepts_other_names_other_workspaces_and_the_item_itself(api):
    taken = api.store.items("things")[0]
    name_free(api, "things", 1, "free", "x")
    name_free(api, "things", 2, "taken", "x")
    name_free(api, "things", None, "taken", "x")
    name_free(api, "things", 1, "Taken", "x")   # names are compared as given
    name_free(api, "things", 1, "taken", "x", exclude=taken)


def test_given_fields_are_those_present_and_not_null():
    body = {"name": "n", "description": None, "other": 1, "flag": False}
    assert given_fields(body, ("name", "description", "flag", "missing")) == {"name": "n", "flag": False}


@pytest.fixture
def teams():
    return SimpleNamespace(store=Store({"teams": [{"teamId": 7, "orgId": 1}, {"teamId": 8, "orgId": 2}]}))


def test_numbered_child_finds_the_item_of_its_parent(teams):
    request = Request("GET", "/x", params={"teamId": "7"})
    assert numbered_child(teams, request, "teamId", "teams", ("orgId", 1), "Team", "here") == {"teamId": 7, "orgId": 1}


@pytest.mark.parametrize("raw", ["8", "9", "x7", "-7"])
def test_numbered_child_is_404_for_another_parent_s_an_unknown_or_a_non_numeric_id(teams, raw):
    request = Request("GET", "/x", params={"teamId": raw})
    assert _failure(lambda: numbered_child(teams, request, "teamId", "teams", ("orgId", 1), "Team", "org 'o'")) \
        == (404, f"Team '{raw}' not found in org 'o'")


def test_check_new_name_refuses_an_invalid_name_before_a_taken_one(api):
    status, message = _failure(lambda: check_new_name(api, "things", "thing", 1, "-taken", "'{}' is taken"))
    assert (status, message.startswith("Invalid thing name '-taken'")) == (400, True)
    assert _failure(lambda: check_new_name(api, "things", "thing", 1, "taken", "'{}' is taken")) == (409, "'taken' is taken")
    check_new_name(api, "things", "thing", 1, "free", "'{}' is taken")
