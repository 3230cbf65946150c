"""tw_py.api.labels and the label option types: parsing, lookup over every page, creation, application."""
import click
import pytest
from responses import matchers

from tests.helpers import TOKEN, URL, body, cli_runner, query
from tw_py.api import labels
from tw_py.api.client import Client
from tw_py.api.labels import Label, LabelSyntaxError
from tw_py.api.workspaces import Workspace
from tw_py.cli.label_options import label_subcommand_options, labels_option
from tw_py.errors import ApiError, NotFoundError

WS_ID = 222756650686576


@pytest.fixture
def client():
    return Client(URL, TOKEN, sleep=lambda s: None)


def ws(workspace_id=WS_ID):
    return Workspace(None, workspace_id)



# Parsing ----------------------------------------------------------------------------------------

def test_parse_simple_and_resource_labels_in_order():
    assert labels.parse_labels("a,b=1,c") == [Label("a"), Label("b", "1"), Label("c")]
    assert labels.parse_labels(["a", "b=2"]) == [Label("a"), Label("b", "2")]
    assert labels.parse_labels("") == []
    assert labels.parse_labels("a,") == [Label("a")]
    assert str(Label("k", "v")) == "k=v" and Label("k", "v").type == "resource" and Label("k").type == "simple"


@pytest.mark.parametrize("text, message", [
    ("a=b=c", "Invalid label format"),
    ("=x", "Label key cannot be empty"),
    ("a,,b", "Label key cannot be empty"),
    ("k=", "Label value cannot be empty"),
    ("k= ", "Label value cannot be empty"),
])
def test_parse_errors_use_tw_messages(text, message):
    with pytest.raises(LabelSyntaxError) as error:
        labels.parse_labels(text)
    assert error.value.message == message


def test_resource_labels_require_a_value():
    with pytest.raises(LabelSyntaxError, match="Label value is required"):
        labels.parse_labels("env=prod,team", require_value=True)
    assert labels.parse_labels("env=prod", require_value=True) == [Label("env", "prod")]


# Lookup ------------------------------------------------------------------------------------------

def test_find_ids_searches_each_label_by_name_and_type(api, client):
    api.get(f"{URL}/labels", match=[query(workspaceId=WS_ID, search="a", type="simple", max=100, offset=0)],
            json={"labels": [{"id": 9, "name": "ab"}, {"id": 1, "name": "a"}], "totalSize": 2})
    api.get(f"{URL}/labels", match=[query(workspaceId=WS_ID, search="env", type="resource", max=100, offset=0)],
            json={"labels": [{"id": 3, "name": "env", "value": "dev", "resource": True},
                             {"id": 4, "name": "env", "value": "prod", "resource": True}], "totalSize": 2})
    assert labels.find_label_ids(client, ws(), [Label("a"), Label("env", "prod"), Label("a")]) == [1, 4]
    assert len(api.calls) == 2  # a label given twice is looked up once


def test_find_walks_every_page_including_the_last(api, client):
    page1 = [{"id": i, "name": f"x{i}"} for i in range(100)]
    api.get(f"{URL}/labels", match=[query(search="x", type="simple", max=100, offset=0)],
            json={"labels": page1, "totalSize": 150})
    api.get(f"{URL}/labels", match=[query(search="x", type="simple", max=100, offset=100)],
            json={"labels": [{"id": 500, "name": "x"}], "totalSize": 150})
    assert labels.find_label_ids(client, ws(None), [Label("x")]) == [500]  # tw would have created a duplicate


def test_missing_labels_are_created(api, client):
    api.get(f"{URL}/labels", match=[query(workspaceId=WS_ID, search="new", type="simple", max=100, offset=0)],
            json={"labels": [], "totalSize": 0})
    api.post(f"{URL}/labels", match=[query(workspaceId=WS_ID), matchers.json_params_matcher({"name": "new"})],
             json={"id": 77, "name": "new"})
    api.get(f"{URL}/labels", match=[query(workspaceId=WS_ID, search="k", type="resource", max=100, offset=0)],
            json={"labels": [], "totalSize": 0})
    api.post(f"{URL}/labels", match=[matchers.json_params_matcher({"name": "k", "value": "v", "resource": True})],
             json={"id": 78, "name": "k", "value": "v", "resource": True})
    assert labels.find_label_ids(client, ws(), [Label("new"), Label("k", "v")]) == [77, 78]


def test_no_create_fails_with_tw_message(api, client):
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    with pytest.raises(NotFoundError) as error:
        labels.find_label_ids(client, ws(None), [Label("ghost")], missing=labels.FAIL)
    assert error.value.message == "Label 'ghost' does not exists in workspace 'user'"


def test_no_create_names_the_close_labels(api, client):
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    api.get(f"{URL}/labels", json={"labels": [{"id": 1, "name": "nightly"}, {"id": 2, "name": "team"}], "totalSize": 2})
    with pytest.raises(NotFoundError) as error:
        labels.find_label_ids(client, ws(None), [Label("nigthly")], missing=labels.FAIL)
    assert error.value.hint == "Did you mean 'nightly'? ('twpy labels list' shows them all)"


def test_create_failure_names_the_label(api, client):
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    api.post(f"{URL}/labels", status=403, json={"message": "Forbidden"})
    with pytest.raises(ApiError) as error:
        labels.find_label_ids(client, ws(), [Label("k", "v")])
    assert error.value.message == f"Failed to create label 'k=v' in workspace '{WS_ID}': Forbidden"


@pytest.mark.parametrize("operation, verb, word", [("set", "apply", "set"), ("append", "add", "append"),
                                                    ("delete", "remove", "delete")])
def test_manage_labels_posts_to_the_operation_endpoint(api, client, operation, verb, word):
    api.get(f"{URL}/labels", json={"labels": [{"id": 5, "name": "a"}], "totalSize": 1})
    api.post(f"{URL}/pipelines/labels/{verb}", match=[query(workspaceId=WS_ID)])
    doc = labels.manage_labels(client, ws(), "pipelines", "pipeline", "123", [Label("a")], operation)
    assert body(api.calls[-1]) == {"labelIds": [5], "pipelineIds": [123]}
    assert doc == {"operation": word, "type": "pipeline", "id": "123", "workspaceID": WS_ID}


def test_delete_skips_unknown_labels_and_runs_get_string_ids(api, client):
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    api.post(f"{URL}/workflow/labels/remove")
    labels.manage_labels(client, ws(None), "workflow", "run", "4Bi5xBK6E2Nbhj", [Label("gone")], "delete")
    assert body(api.calls[-1]) == {"labelIds": [], "workflowIds": ["4Bi5xBK6E2Nbhj"]}


# Click option types ------------------------------------------------------------------------------

@click.command()
@labels_option("-l", "--labels")
@labels_option("--resource-labels", require_value=True, dest="resource")
def probe(labels, resource):
    click.echo(f"{labels!r} {resource!r}")


@click.command()
@label_subcommand_options
def entity_probe(workspace, labels, operation, no_create):
    click.echo(f"{workspace} {labels!r} {operation} {no_create}")


def test_labels_option_flattens_repeats_and_is_none_when_absent():
    result = cli_runner().invoke(probe, ["-l", "a,b=1", "-l", "c"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.strip() == "[Label(name='a', value=None), Label(name='b', value='1'), Label(name='c', value=None)] None"
    result = cli_runner().invoke(probe, [])
    assert result.exit_code == 0 and result.stdout.strip() == "None None" and result.stderr == ""


def test_labels_option_errors_are_usage_errors():
    result = cli_runner().invoke(probe, ["-l", "a=b=c"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Invalid label format in 'a=b=c'" in result.stderr
    result = cli_runner().invoke(probe, ["--resource-labels", "env"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Label value is required in 'env'" in result.stderr


def test_label_subcommand_options_defaults_and_choices():
    result = cli_runner().invoke(entity_probe, ["a,b", "c", "-o", "append", "--no-create", "-w", "1"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.strip() == "1 [Label(name='a', value=None), Label(name='b', value=None), Label(name='c', value=None)] append True"
    result = cli_runner().invoke(entity_probe, [])
    assert result.exit_code == 0 and result.stdout.strip() == "None [] set False" and result.stderr == ""
    result = cli_runner().invoke(entity_probe, ["-o", "remove"])
    assert result.exit_code == 2 and result.stdout == "" and "'remove' is not one of" in result.stderr
