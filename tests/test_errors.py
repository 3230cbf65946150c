"""The one way to add context to an API error."""
from __future__ import annotations

import pytest

from tw_py.errors import ApiError, AuthError, api_error_context


def test_context_goes_in_front_of_the_servers_message_and_keeps_status_and_hint():
    with pytest.raises(ApiError) as caught:
        with api_error_context("Unable to add pipeline 'p'"):
            raise ApiError("Name already exists", status=409, hint="pick another")
    assert (caught.value.message, caught.value.status, caught.value.hint) == \
        ("Unable to add pipeline 'p': Name already exists", 409, "pick another")
    assert str(caught.value) == caught.value.message


def test_server_text_can_become_the_hint():
    with pytest.raises(ApiError) as caught:
        with api_error_context("Unable to delete action 'a'", server_text_as_hint=True):
            raise ApiError("Action is in use", status=400)
    assert (caught.value.message, caught.value.hint) == ("Unable to delete action 'a'", "Action is in use")


def test_an_auth_error_keeps_its_own_words():
    with pytest.raises(AuthError) as caught:
        with api_error_context("Unable to add pipeline 'p'"):
            raise AuthError("Unauthorized: the token is expired", status=401, hint="log in again")
    assert caught.value.message == "Unauthorized: the token is expired"


def test_nothing_happens_without_an_error():
    with api_error_context("never shown"):
        value = 1
    assert value == 1
