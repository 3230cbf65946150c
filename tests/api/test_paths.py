"""api_path: every segment checked and percent-encoded before it reaches a URL."""
import pytest

from tw_py.api.paths import api_path, path_segment
from tw_py.errors import InputError


def test_plain_ids_pass_unchanged():
    assert api_path("/workflow/{}/tasks", "4Bz2xYq") == "/workflow/4Bz2xYq/tasks"
    assert api_path("/orgs/{}/workspaces/{}", 12, 345) == "/orgs/12/workspaces/345"


@pytest.mark.parametrize("bad", ["", ".", "..", "../compute-envs/abc", "x?workspaceId=1", "a#b", "a b", "a\nb",
                                 "a%2Fb", "a\\b", "\x00"])
def test_what_cannot_be_an_id_is_refused(bad):
    with pytest.raises(InputError) as caught:
        path_segment(bad, "run id")
    assert "Invalid run id" in caught.value.message
    assert "\n" not in caught.value.message


def test_other_characters_are_encoded():
    assert path_segment("naïve:name@x") == "na%C3%AFve%3Aname%40x"


def test_template_and_segments_must_agree():
    with pytest.raises(ValueError):
        api_path("/workflow/{}", "a", "b")
