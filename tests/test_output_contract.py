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
    found = contract.document_problems(("info",), {"connectionCheck": True})
    assert found == ["info: 'connectionCheck' is bool, tw prints a number"]


def test_console_words_are_checked():
    assert contract.console_problems(("teams", "delete"), "\n  Team '5' deleted for acme organization\n") == []
    assert contract.console_problems(("teams", "delete"), "\n  Team '5' removed from acme organization\n")


def test_multi_line_console_templates():
    line = "\n  Workflow 35a submitted at [acme / ws] workspace.\n\n    https://x/watch/35a\n"
    assert contract.console_problems(("launch",), line) == []


def test_commands_map_to_rows_through_global_options_and_platform_subcommands():
    assert contract.invocation(["-o", "json", "compute-envs", "add", "aws-batch", "forge", "-n", "x"]) == \
        (("compute-envs", "add", "aws-batch", "forge"), True)
    assert contract.row_for(("compute-envs", "add", "aws-batch", "forge")) == ("compute-envs", "add")
    assert contract.invocation(["runs", "view", "-i", "x", "tasks", "-o", "json"])[0] == ("runs", "view", "tasks")


def test_every_tw_command_that_prints_a_document_has_a_row():
    assert len(contract.ROWS) >= 110
