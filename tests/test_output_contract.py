"""The output contract's checks can fail: wrong types, order, unknown keys and console words are all caught."""
from __future__ import annotations

from tests import output_contract as contract


def test_tws_document_passes():
    assert contract.document_problems(("teams", "delete"), {"organizationName": "acme", "teamId": "5"}) == []


def test_a_number_where_tw_prints_a_string_is_caught():
    found = contract.document_problems(("teams", "delete"), {"organizationName": "acme", "teamId": 5})
    assert found == ["teams delete: 'teamId' is int, tw prints a string"]


def test_order_and_unknown_keys_are_caught():
    found = contract.document_problems(("teams", "delete"), {"teamId": "5", "organizationName": "acme", "x": 1})
    assert "teams delete: key 'x' is not in tw's TeamDeleted" in found
    assert any("not in tw's order" in problem for problem in found)


def test_a_boolean_is_not_a_number():
    found = contract.document_problems(("teams", "delete"), {"organizationName": "acme", "teamId": True})
    assert found == ["teams delete: 'teamId' is bool, tw prints a string"]


def test_a_key_tw_always_prints_must_be_there_and_nulls_are_left_out():
    found = contract.document_problems(("teams", "delete"), {"organizationName": "acme", "teamId": None})
    assert found == ["teams delete: key 'teamId' is missing (tw always prints it)",
                     "teams delete: 'teamId' is null (tw leaves nulls out)"]
    # workspaceId is optional in tw's RunSubmited (the personal workspace has none)
    assert contract.document_problems(("launch",), {"workflowId": "a", "workflowUrl": "u", "workspaceRef": "user"}) == []


def test_values_tw_always_prints():
    document = {"platform": "slurm", "id": "x", "name": "n", "workspaceRef": "user"}
    assert contract.document_problems(("compute-envs", "add", "slurm"), document) == \
        ["compute-envs add slurm: 'platform' is 'slurm', tw prints 'slurm-platform'"]


def test_nested_maps_are_checked_in_javas_hashmap_order():
    general = {"id": 1, "workDir": "/w", "taskId": 1, "status": "COMPLETED"}
    assert contract.document_problems(("runs", "view", "task"), {"general": general}) == []
    found = contract.document_problems(("runs", "view", "task"), {"general": dict(taskId=1, id=1, status="COMPLETED")})
    assert found == ["runs view task general: keys ['taskId', 'id', 'status'] are not in tw's order ['id', 'taskId', 'status']"]


def test_a_nested_map_may_follow_either_of_its_orders():
    task = {"general": {"id": 1, "taskId": 1, "status": "COMPLETED"}}
    without_gpu = {"vmem": 1, "pcpu": 2.0}
    with_gpu = {"gpuName": "A100", "pcpu": 2.0, "vmem": 1}
    assert contract.document_problems(("runs", "view", "task"), dict(task, usage=without_gpu)) == []
    assert contract.document_problems(("runs", "view", "task"), dict(task, usage=with_gpu)) == []
    found = contract.document_problems(("runs", "view", "task"), dict(task, usage={"syscw": 1, "pcpu": 2.0}))
    assert found and "not in tw's order" in found[0]


def test_list_and_file_documents():
    assert contract.document_problems(("runs", "view", "tasks"), [{"status": "X", "taskId": 1, "process": "p"}]) == []
    assert contract.document_problems(("runs", "view", "tasks"), [{"taskId": 1, "process": "p", "status": "X", "x": 1}]) == \
        ["runs view tasks [0]: key 'x' is not in tw's TasksView"]
    assert contract.document_problems(("runs", "view", "tasks"), {"taskId": 1})
    assert contract.document_problems(("runs", "view", "download"), {"stdout": "text"}) == []
    assert contract.document_problems(("runs", "view", "download"), {"stdout": "text", "log": "more"})


def test_console_words_are_checked():
    assert contract.console_problems(("teams", "delete"), "\n  Team '5' deleted for acme organization\n") == []
    assert contract.console_problems(("teams", "delete"), "\n  Team '5' removed from acme organization\n")


def test_console_alternatives_numbers_and_what_follows_the_line():
    assert contract.console_problems(("labels", "delete"), "\n  Label '5' deleted at '7' workspace \n") == []
    assert contract.console_problems(("labels", "delete"), "\n  Label '5' deleted \n") == []
    assert contract.console_problems(("labels", "delete"), "\n  Label 'x' deleted \n")
    trust = "\n  New AWS credentials 'r (1a)' added at user workspace\n\n  External ID: e\n\n  Trust policy ...\n    {}\n"
    assert contract.console_problems(("credentials", "add", "aws"), trust) == []
    assert contract.console_problems(("credentials", "add", "aws"), "\n  New AWS credentials 'r' added at user workspace\n")


def test_multi_line_console_templates():
    line = "\n  Workflow 35a submitted at [acme / ws] workspace.\n\n    https://x/watch/35a\n"
    assert contract.console_problems(("launch",), line) == []


def test_commands_map_to_rows_through_global_options_and_platform_subcommands():
    assert contract.invocation(["-o", "json", "compute-envs", "add", "aws-batch", "forge", "-n", "x"]) == \
        (("compute-envs", "add", "aws-batch", "forge"), True)
    assert contract.row_for(("compute-envs", "add", "aws-batch", "forge")) == ("compute-envs", "add", "aws-batch", "forge")
    assert contract.invocation(["runs", "view", "-i", "x", "tasks", "-o", "json"])[0] == ("runs", "view", "tasks")


def test_every_tw_command_that_prints_a_document_has_a_row():
    """One row per tw command: every twpy command that mirrors one has its own row (twpy's own commands none)."""
    import click

    from tw_py.cli.root import cli

    twpy_only = {("api",), ("apply",), ("auth",), ("completion",), ("config",), ("export",), ("man",), ("sandbox",),
                 ("runs", "wait"), ("runs", "watch"), ("generate-completion",)}
    ctx = click.Context(cli)
    leaves = []

    def walk(command, path):
        if path in twpy_only:
            return
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), path + (name,))
        else:
            leaves.append(path)

    walk(cli, ())
    assert [" ".join(path) for path in leaves if path not in contract.ROWS] == []
    assert len(contract.ROWS) >= 150


def test_twpys_additions_are_in_the_readme():
    readme = (contract_readme := __import__("pathlib").Path(__file__).resolve().parent.parent / "README.md").read_text()
    differs = readme.split("## How twpy differs from tw", 1)[1]
    for key, row in contract.ROWS.items():
        for name in row.added:
            assert f"`{name}`" in differs, f"{' '.join(key)} adds '{name}': README's 'How twpy differs from tw' must say so"
    assert contract_readme.is_file()
