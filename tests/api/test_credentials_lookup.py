"""tw_py.api.credentials lookups: by ref (id or name), the single one for a platform, by name."""
import pytest
from responses import matchers

from tests.helpers import TOKEN, URL, WS_ENTRY
from tw_py.api import credentials
from tw_py.api.client import Client
from tw_py.api.refs import Ref
from tw_py.api.workspaces import Workspace
from tw_py.errors import NotFoundError

WS = WS_ENTRY["workspaceId"]
AWS1 = {"id": "1aaaaaaaaaaaaaaaaaaaaa", "name": "aws-main", "provider": "aws"}
AWS2 = {"id": "2bbbbbbbbbbbbbbbbbbbbb", "name": "aws-other", "provider": "aws"}
SSH = {"id": "3ccccccccccccccccccccc", "name": "ssh", "provider": "ssh"}


@pytest.fixture
def client():
    c = Client(URL, TOKEN, retries=0)
    yield c
    c.close()


@pytest.fixture
def ws():
    return Workspace(None, WS, WS_ENTRY)


@pytest.fixture
def personal():
    return Workspace(None, None)


def listing(api, entries, **query):
    params = {k: str(v) for k, v in query.items()}
    api.get(f"{URL}/credentials", json={"credentials": entries}, match=[matchers.query_param_matcher(params)])


def test_list_sends_workspace_and_platform(api, client, ws):
    listing(api, [AWS1], workspaceId=WS, platformId="aws-batch")
    assert credentials.list_credentials(client, ws, "aws-batch") == [AWS1]


def test_list_personal_workspace_omits_workspace_id(api, client, personal):
    listing(api, [SSH])
    assert credentials.list_credentials(client, personal) == [SSH]
    assert client.request_count == 1


def test_list_handles_missing_array(api, client, ws):
    api.get(f"{URL}/credentials", json={})
    assert credentials.list_credentials(client, ws) == []


def test_find_by_id_or_name(api, client, ws):
    listing(api, [AWS1, AWS2], workspaceId=WS, platformId="aws-batch")
    listing(api, [AWS1, AWS2], workspaceId=WS, platformId="aws-batch")
    assert credentials.find_credentials(client, ws, AWS2["id"], "aws-batch") == AWS2
    assert credentials.find_credentials(client, ws, "aws-main", "aws-batch") == AWS1
    assert client.request_count == 2


def test_find_prefers_id_over_name(api, client, ws):
    tricky = {"id": "x", "name": AWS1["id"], "provider": "aws"}
    listing(api, [tricky, AWS1], workspaceId=WS)
    assert credentials.find_credentials(client, ws, AWS1["id"]) == AWS1


def test_find_missing_lists_available_names(api, client, ws):
    listing(api, [AWS1, AWS2], workspaceId=WS, platformId="aws-batch")
    with pytest.raises(NotFoundError) as error:
        credentials.find_credentials(client, ws, "nope", "aws-batch")
    assert error.value.message == "No valid credentials found at the workspace"
    assert "aws-main (1aaaaaaaaaaaaaaaaaaaaa)" in error.value.hint
    assert "aws-other (2bbbbbbbbbbbbbbbbbbbbb)" in error.value.hint
    assert "'nope'" in error.value.hint


def test_find_in_empty_workspace(api, client, ws):
    listing(api, [], workspaceId=WS)
    with pytest.raises(NotFoundError) as error:
        credentials.find_credentials(client, ws, "x")
    assert error.value.message == "No valid credentials found at the workspace"
    assert "twpy credentials add" in error.value.hint


def test_single_for_platform_returns_the_only_one(api, client, ws):
    listing(api, [AWS1], workspaceId=WS, platformId="aws-batch")
    assert credentials.single_for_platform(client, ws, "aws-batch") == AWS1


def test_single_for_platform_none(api, client, ws):
    listing(api, [], workspaceId=WS, platformId="google-batch")
    with pytest.raises(NotFoundError) as error:
        credentials.single_for_platform(client, ws, "google-batch")
    assert error.value.message == "No valid credentials found at the workspace"
    assert "google-batch" in error.value.hint


def test_single_for_platform_several_lists_candidates(api, client, ws):
    listing(api, [AWS1, AWS2], workspaceId=WS, platformId="aws-batch")
    with pytest.raises(NotFoundError) as error:
        credentials.single_for_platform(client, ws, "aws-batch")
    assert error.value.message == ("Multiple credentials match this compute environment. "
                                   "Please provide the credentials identifier that you want to use")
    assert error.value.hint == ("Choose one with -c/--credentials <name or id>: "
                                "aws-main (1aaaaaaaaaaaaaaaaaaaaa), aws-other (2bbbbbbbbbbbbbbbbbbbbb).")


def test_find_by_name(api, client, ws):
    listing(api, [AWS1, SSH], workspaceId=WS)
    assert credentials.find_by_name(client, ws, "ssh") == SSH


def test_find_by_name_is_exact_and_names_the_workspace(api, client, ws):
    listing(api, [AWS1, SSH], workspaceId=WS)
    with pytest.raises(NotFoundError) as error:
        credentials.find_by_name(client, ws, "SSH")
    assert error.value.message == f"Credentials 'SSH' not found at {WS} workspace"
    assert error.value.hint == "Did you mean 'ssh'? ('twpy credentials list' shows them all)"


def test_find_by_id_describes(api, client, ws):
    api.get(f"{URL}/credentials/{SSH['id']}", json={"credentials": SSH},
            match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    assert credentials.find(client, ws, Ref(id=SSH["id"])) == SSH


def test_describe_keeps_only_public_keys_fields(api, client, ws):
    echoed = dict(SSH, keys={"discriminator": "ssh", "privateKey": "PRIVATE", "passphrase": "PASS"})
    api.get(f"{URL}/credentials/{SSH['id']}", json={"credentials": echoed, "setupSnippet": "{}"})
    assert credentials.describe(client, ws, SSH["id"]) == {"credentials": dict(SSH, keys={"discriminator": "ssh"}),
                                                           "setupSnippet": "{}"}


def test_public_keeps_names_and_drops_unknown_fields():
    entry = {"id": "x", "name": "n", "provider": "aws", "keys": {"discriminator": "aws", "accessKey": "AKIA",
                                                                   "secretKey": "S", "sessionToken": "T"}}
    assert credentials.public(entry) == {"id": "x", "name": "n", "provider": "aws",
                                         "keys": {"discriminator": "aws", "accessKey": "AKIA"}}
    assert entry["keys"]["secretKey"] == "S"  # the input is not modified
    assert credentials.public({"id": "y"}) == {"id": "y"}
