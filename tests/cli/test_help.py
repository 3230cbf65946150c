"""Meta-tests over the whole click tree: every --help works and every command shows an example."""
import click
import pytest

from tw_py.cli.root import REGISTRY, cli


def walk(group, path=()):
    ctx = click.Context(group, info_name=path[-1] if path else "twpy")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        yield path + (name,), command
        if isinstance(command, click.Group):
            yield from walk(command, path + (name,))


COMMANDS = list(walk(cli))


def test_registry_modules_load():
    ctx = click.Context(cli)
    for name in REGISTRY:
        assert cli.get_command(ctx, name) is not None, name


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_registry_short_help_is_the_commands_first_help_line(name):
    """The root listing shows the registry's text without importing the command; the two must not drift."""
    command = cli.get_command(click.Context(cli), name)
    first_line = (command.help or "").strip().splitlines()[0]
    assert REGISTRY[name][2] == first_line


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_works_and_has_example(run, path, command):
    result = run(*path, "--help")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout.startswith(f"Usage: twpy {' '.join(path)}")
    if not isinstance(command, click.Group) or command.invoke_without_command:
        assert "Examples:" in result.stdout, f"'twpy {' '.join(path)} --help' shows no example"


def test_short_help_flag(run):
    result = run("workspaces", "list", "-h")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: twpy workspaces list")
    assert result.stderr == ""


def test_no_command_prints_usage_exit_2(run):
    result = run()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: twpy [OPTIONS] COMMAND")


@pytest.mark.skipif(not hasattr(click.exceptions, "NoArgsIsHelpError"),
                    reason="click < 8.2 (Python 3.9) prints a bare group's help on stdout with exit 0")
def test_group_without_subcommand_prints_its_help(run):
    result = run("workspaces")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: twpy workspaces")
    assert "ERROR" not in result.stderr


def test_unknown_command(run):
    result = run("nosuch")
    assert result.exit_code == 2 and result.stdout == ""
    assert "ERROR: No such command 'nosuch'." in result.stderr


def test_version(run):
    result = run("-V")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("twpy version ")


def test_unexpected_error_has_no_traceback_unless_verbose(run, api, monkeypatch):
    from tests.helpers import URL

    for _ in range(2):
        api.get(f"{URL}/user-info", json={"user": {"id": 7, "userName": "u"}})
        api.get(f"{URL}/user/7/workspaces", json=["not", "an", "object"])
    monkeypatch.setenv("TWPY_CACHE_TTL", "0")
    quiet = run("workspaces", "list")
    assert quiet.exit_code == 1 and quiet.stdout == ""
    assert quiet.stderr.startswith("ERROR: Unexpected error: AttributeError")
    assert "Traceback" not in quiet.stderr and "--verbose" in quiet.stderr
    loud = run("-v", "workspaces", "list")
    assert loud.exit_code == 1
    assert loud.stderr.count("Traceback (most recent call last)") == 1


def test_an_empty_user_info_answer_is_an_error(run, api):
    from tests.helpers import URL

    api.get(f"{URL}/user-info", status=204)
    result = run("workspaces", "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "ERROR: The server's answer to GET /user-info has no user"


def test_a_handled_error_has_no_traceback_even_verbose(run, api):
    from tests.helpers import URL

    api.get(f"{URL}/user-info", status=401)
    result = run("-v", "workspaces", "list")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "ERROR: Unauthorized" in result.stderr


def test_help_does_not_import_heavy_modules():
    import subprocess
    import sys

    code = ("import sys; sys.argv=['twpy','--help']\n"
            "from tw_py.cli.root import cli\n"
            "try:\n    cli.main(prog_name='twpy')\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('requests','keyring','tabulate','yaml','urllib3') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in result.stderr, result.stderr


def test_man_prints_a_commands_page_when_not_on_a_terminal(run):
    result = run("man", "runs", "list")
    assert result.exit_code == 0, result
    assert result.stdout.startswith('.TH "TWPY\\-RUNS\\-LIST" "1"')


def test_man_of_an_unknown_command(run):
    result = run("man", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: No man page for 'twpy nope'")
