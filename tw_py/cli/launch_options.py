"""tw's LaunchOptions bundle, declared once: `launch`, `pipelines add/update`, `runs relaunch`, `actions add/update`.

    @launch_options()                       # pipelines add/update, actions: no stdin, --revision only
    @launch_options(stdin=True, revision_short=True, compute_env=...)   # launch: `-` reads stdin, -r/--revision

The command receives `launch: tw_py.api.launch_request.LaunchOptions` with every file already read (`--params-file`,
`--config`, `--pre-run`, `--post-run`), params files parsed (so a malformed one fails before any request) and
`--param KEY=VALUE` values typed. Use `tw_py.api.launch.update_launch_request(base, launch)` to overlay them on a
saved launch, or read the fields directly. A missing file is one `ERROR: File not found. <path>` line (exit 1).
"""
from __future__ import annotations

import functools

import click

from tw_py.cli.options import _completer

SECRET_HELP_USER = ("Pipeline secrets required by the pipeline execution that belong to the launching user personal "
                    "context (comma list). User's secrets take precedence over workspace secrets with the same name.")
SECRET_HELP_WS = "Pipeline secrets required by the pipeline execution, defined in the launching workspace (comma list)."


def _split(values) -> list[str] | None:
    """A repeatable comma-list option as tw's `split=","`: None when not given."""
    if not values:
        return None
    return [item for value in values for item in value.split(",")]


def _non_empty(items: list[str] | None) -> list[str] | None:
    """tw's removeEmptyValues: `--user-secrets ""` gives an empty list (clears), not None."""
    return None if items is None else [item for item in items if item != ""]


class FileReader:
    """Reads option files as text; `-` is standard input (read once: a second `-` gets empty text)."""

    def __init__(self, stdin: bool):
        self.stdin = stdin
        self.stdin_used = False

    def read(self, path: str | None) -> str | None:

        if path is None:
            return None
        if path == "-" and self.stdin:
            if self.stdin_used:
                return ""
            self.stdin_used = True
        from tw_py.files import read_text

        return read_text(path, "a file option", tw_style=True, stdin=self.stdin)


def launch_options(func=None, *, stdin: bool = False, revision_short: bool = False, compute_env: bool = True,
                   compute_env_help: str = "Compute environment name or id (defaults to the primary one)."):
    """Add the LaunchOptions bundle; the command receives `launch: LaunchOptions`."""
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            kwargs["launch"] = build(kwargs, stdin=stdin)
            return f(*args, **kwargs)

        file_hint = " ('-' reads standard input)" if stdin else ""
        decls = [
            click.option("--work-dir", "lo_work_dir", metavar="<workDir>",
                         help="Path where the pipeline scratch data is stored."),
            click.option("-p", "--profile", "lo_profile", multiple=True, metavar="<profile>[,<profile>...]",
                         help="Comma-separated list of one or more configuration profile names to use for this run."),
            click.option("--params-file", "lo_params_files", multiple=True, metavar="<paramsFile>",
                         help="Pipeline parameters in YAML or JSON" + file_hint + ". Repeat to merge several, "
                              "left to right (twpy)."),
            click.option("--param", "lo_params", multiple=True, metavar="<key=value>",
                         help="Set one pipeline parameter, over the params files (twpy). Dotted keys nest "
                              "(a.b=1); values are typed as YAML (1, true, [a, b])."),
            click.option(*(("-r", "--revision") if revision_short else ("--revision",)), "lo_revision",
                         metavar="<revision>", help="A valid repository commit Id, tag or branch name."),
            click.option("--commit-id", "lo_commit_id", metavar="<commitId>",
                         help="Specific commit id to use for the pipeline."),
            click.option("--config", "lo_config", metavar="<configFile>",
                         help="Additional Nextflow config file" + file_hint + "."),
            click.option("--pre-run", "lo_pre_run", metavar="<preRunFile>",
                         help="Bash script that is executed in the same environment where Nextflow runs just before "
                              "the pipeline is launched" + file_hint + "."),
            click.option("--post-run", "lo_post_run", metavar="<postRunFile>",
                         help="Bash script that is executed in the same environment where Nextflow runs immediately "
                              "after the pipeline completion" + file_hint + "."),
            click.option("--pull-latest", "lo_pull_latest", is_flag=True, default=None,
                         help="Enable Nextflow to pull the latest repository version before running the pipeline."),
            click.option("--stub-run", "lo_stub_run", is_flag=True, default=None,
                         help="Execute the workflow replacing process scripts with command stubs."),
            click.option("--main-script", "lo_main_script", metavar="<mainScript>",
                         help="Pipeline main script file if different from `main.nf`."),
            click.option("--entry-name", "lo_entry_name", metavar="<entryName>",
                         help="Main workflow name to be executed when using DLS2 syntax."),
            click.option("--schema-name", "lo_schema_name", metavar="<schemaName>", help="Schema name."),
            click.option("--user-secrets", "lo_user_secrets", multiple=True, metavar="<secret>[,<secret>...]",
                         help=SECRET_HELP_USER),
            click.option("--workspace-secrets", "lo_workspace_secrets", multiple=True, metavar="<secret>[,<secret>...]",
                         help=SECRET_HELP_WS),
        ]
        if compute_env:
            decls.insert(0, click.option("-c", "--compute-env", "lo_compute_env", metavar="<computeEnv>", shell_complete=_completer("compute-envs"),
                                         help=compute_env_help))
        for decl in reversed(decls):
            wrapper = decl(wrapper)
        return wrapper
    return decorate(func) if func else decorate


def build(kwargs: dict, *, stdin: bool = False):
    """Pop the bundle's raw values from `kwargs` and make a LaunchOptions (files read, params parsed)."""
    from tw_py.api.launch_request import LaunchOptions
    from tw_py.api.params import ParamsFile, combine, parse_param

    raw = {key[3:]: kwargs.pop(key) for key in list(kwargs) if key.startswith("lo_")}
    reader = FileReader(stdin)
    files = [ParamsFile("<stdin>" if path == "-" and stdin else path, reader.read(path))
             for path in raw.get("params_files") or ()]
    params = [parse_param(text) for text in raw.get("params") or ()]
    combine(files, params)  # parse now: a malformed params file or --param fails before any request
    return LaunchOptions(
        compute_env=raw.get("compute_env"),
        work_dir=raw.get("work_dir"),
        profiles=_split(raw.get("profile")),
        params_files=files,
        params=params,
        revision=raw.get("revision"),
        commit_id=raw.get("commit_id"),
        config_text=reader.read(raw.get("config")),
        pre_run=reader.read(raw.get("pre_run")),
        post_run=reader.read(raw.get("post_run")),
        pull_latest=raw.get("pull_latest"),
        stub_run=raw.get("stub_run"),
        main_script=raw.get("main_script"),
        entry_name=raw.get("entry_name"),
        schema_name=raw.get("schema_name"),
        user_secrets=_non_empty(_split(raw.get("user_secrets"))),
        workspace_secrets=_non_empty(_split(raw.get("workspace_secrets"))),
    )
