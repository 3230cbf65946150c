"""Ids given by a user never become part of a path: the issue's attacks are refused before any request."""
import pytest

from tests.helpers import WS_ENTRY

WS = WS_ENTRY["workspaceId"]


@pytest.mark.parametrize("argv, what", [
    (["credentials", "delete", "-i", "../compute-envs/4Bz2xYq"], "credentials id"),
    (["credentials", "delete", "-i", "x?workspaceId=1"], "credentials id"),
    (["runs", "view", "-i", "../../user-info"], "run id"),
    (["runs", "cancel", "-i", "abc#frag"], "run id"),
    (["compute-envs", "delete", "-i", "../credentials/abc"], "compute environment id"),
    (["runs", "delete", "-i", ".."], "run id"),
])
def test_ids_that_cannot_be_ids_are_refused_before_sending(api, run, argv, what):
    result = run(*argv, "-w", WS)
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"ERROR: Invalid {what} '")
    assert len(api.calls) == 0


def test_api_command_cannot_climb_above_the_base_path(api, run):
    result = run("api", "/workflow/../../user-info")
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: Invalid API path '/workflow/../../user-info'")
    assert len(api.calls) == 0


def test_encoded_dot_segments_are_refused_too(api, run):
    result = run("api", "/workflow/%2e%2e/user-info")
    assert result.exit_code == 1, result
    assert "ERROR: Invalid API path" in result.stderr
    assert len(api.calls) == 0
