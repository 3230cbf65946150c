"""The root `twpy` command: global options, the lazy registry of command groups, the error boundary."""
from __future__ import annotations

import importlib
import os
import sys

import click

from tw_py import API_VERSION, __version__
from tw_py.cli.context import AppContext
from tw_py.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, TwpyError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 120}

#: The table of contents of the CLI: command name -> (module under tw_py.cli, attribute, short help).
#: Modules are imported only when their command runs, so --help and completion stay fast.
REGISTRY: dict[str, tuple[str, str, str]] = {
    "auth": ("auth", "group", "Log in, log out and show where credentials come from (twpy)."),
    "config": ("config_cmd", "group", "Show and change profile settings (twpy)."),
    "info": ("info", "command", "Show system info and health status."),
    "organizations": ("organizations", "group", "Manage organizations."),
    "workspaces": ("workspaces", "group", "Manage workspaces."),
    "labels": ("labels", "group", "Manage workspace labels."),
    "members": ("members", "group", "Manage organization members."),
    "teams": ("teams", "group", "Manage organization teams."),
    "participants": ("participants", "group", "Manage workspace participants."),
    "collaborators": ("collaborators", "group", "Manage organization collaborators."),
    "launch": ("launch", "command", "Launch a Nextflow pipeline execution."),
    "pipelines": ("pipelines", "group", "Manage workspace pipeline launchpad."),
    "credentials": ("credentials", "group", "Manage workspace credentials."),
    "compute-envs": ("compute_envs", "group", "Manage compute environments."),
    "completion": ("completion", "command", "Print the shell completion script for bash, zsh or fish."),
    "generate-completion": ("completion", "generate_completion", "Generate bash/zsh completion script for twpy."),
    "api": ("api_cmd", "command", "Call any Seqera Platform API endpoint with twpy's credentials (like gh api)."),
    "runs": ("runs", "group", "Manage pipeline runs."),
    "secrets": ("secrets", "group", "Manage secrets."),
    "pipeline-schemas": ("pipeline_schemas", "group", "Manage pipeline schemas."),
    "sandbox": ("sandbox", "group", "Run a local Seqera Platform API sandbox to try twpy without an account (twpy)."),
    "actions": ("actions", "group", "Manage pipeline actions."),
    "datasets": ("datasets", "group", "Manage datasets."),
    "data-links": ("data_links", "group", "Manage data links."),
    "studios": ("studios", "group", "Manage studios."),
    "man": ("man_cmd", "command", "Show the man page of twpy or of one of its commands (twpy)."),
    "apply": ("apply_cmd", "apply_cmd", "Create or update Platform resources from seqerakit YAML files, plan first (twpy)."),
    "export": ("apply_cmd", "export_cmd", "Write a workspace's resources as YAML that 'twpy apply' recreates (twpy)."),
}
#: Other names for registered commands (tw spellings kept for compatibility).
ALIASES: dict[str, str] = {}

EXIT_CODES_HELP = """\b
Exit codes:
  0    success (an empty list is a success)
  1    failure: API error, not found, invalid input, --wait target not reached
  2    usage error: unknown option, missing or conflicting options
  3    a --wait / --wait-timeout deadline passed
  4    apply --check: changes are pending (the Platform differs from the files)
  130  interrupted (Ctrl-C)"""


class LazyGroup(click.Group):
    """A group whose subcommands live in modules imported on demand."""

    def __init__(self, *args, registry=None, aliases=None, package="tw_py.cli", **kwargs):
        super().__init__(*args, **kwargs)
        self.registry = registry or {}
        self.aliases = aliases or {}
        self.package = package

    def parse_args(self, ctx, args):
        """No arguments: the help on stderr and exit 2, with every click version (8.1 would exit 0)."""
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            sys.stderr.write(ctx.get_help() + "\n")
            sys.stderr.flush()
            ctx.exit(EXIT_USAGE)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx):
        return sorted(set(self.registry) | set(self.commands))

    def get_command(self, ctx, name):
        name = self.aliases.get(name, name)
        if name in self.commands:
            return self.commands[name]
        if name not in self.registry:
            return None
        module_name, attribute, _ = self.registry[name]
        module = importlib.import_module(f"{self.package}.{module_name}")
        command = getattr(module, attribute)
        self.commands[name] = command
        return command

    def format_commands(self, ctx, formatter):
        """List commands from the registry's short help, without importing their modules."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.registry:
                rows.append((name, self.registry[name][2]))
            else:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=80)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class RootGroup(LazyGroup):
    """Adds the single error boundary: typed errors become `ERROR: <message>` and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except TwpyError as error:
            self._report(ctx, error.message, error.hint)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            self._app(ctx).io.err("\nInterrupted.")
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(0)
        except Exception as error:  # noqa: BLE001 - the boundary: never a bare traceback
            app = self._app(ctx)
            self._report(ctx, f"Unexpected error: {type(error).__name__}: {error}",
                         None if app.verbose else "Run again with --verbose for details, and report it if it persists.",
                         trace=True)
            ctx.exit(EXIT_FAILURE)
        finally:
            app = ctx.obj if isinstance(ctx.obj, AppContext) else None
            if app is not None:
                app.close()

    @staticmethod
    def _app(ctx) -> AppContext:
        return ctx.obj if isinstance(ctx.obj, AppContext) else AppContext()

    def _report(self, ctx, message: str, hint: str | None, trace: bool = False) -> None:
        """The error line (and hint); with --verbose, an unexpected error's traceback once, redacted, before it.
        A handled error needs no traceback: its message says what happened."""
        app = self._app(ctx)
        if trace and app.verbose:
            import traceback

            app.io.err(_redact(app, traceback.format_exc().rstrip()))
        app.renderer.error(_redact(app, message), _redact(app, hint) if hint else None)

    def make_context(self, info_name, args, parent=None, **extra):
        """While completing, global options typed after the command count as the command would count them."""
        if extra.get("resilient_parsing") and parent is None and os.environ.get("_TWPY_COMPLETE"):
            from tw_py.cli.argv import hoist_global_options

            args = hoist_global_options(self, args, partial=True)
        return super().make_context(info_name, args, parent=parent, **extra)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run with click usage errors printed as `ERROR: ...` (exit 2) instead of click's `Error: ...`."""
        args = list(sys.argv[1:] if args is None else args)
        problem = _bad_argument(args)
        if not problem and not os.environ.get("_TWPY_COMPLETE"):
            from tw_py.cli.argv import hoist_global_options

            args = hoist_global_options(self, args)
        if problem:
            sys.stderr.write(f"ERROR: {problem}\n")
            if not standalone_mode:
                return EXIT_USAGE
            sys.exit(EXIT_USAGE)
        try:
            result = super().main(args=args, prog_name=prog_name or "twpy", complete_var=complete_var,
                                  standalone_mode=False, **extra)
        except NO_ARGS_IS_HELP as error:  # a group without its subcommand: its help, on stderr
            sys.stderr.write(error.format_message() + "\n")
            code = error.exit_code
        except click.UsageError as error:
            stream = sys.stderr
            if error.ctx is not None:
                stream.write(error.ctx.get_usage() + "\n")
                stream.write(f"Try '{error.ctx.command_path} -h' for help.\n\n")
            stream.write(f"ERROR: {error.format_message()}\n")
            corrected = _command_option_first(self, error, args)
            if corrected:
                stream.write(f"  hint: a command's own options go after it: twpy {corrected}\n")
            code = error.exit_code
        except click.ClickException as error:
            sys.stderr.write(f"ERROR: {error.format_message()}\n")
            code = error.exit_code
        except click.Abort:
            sys.stderr.write("\nAborted.\n")
            code = EXIT_INTERRUPTED
        except BrokenPipeError:
            _silence_stdout()
            code = 0
        else:
            code = result if isinstance(result, int) else 0
        sys.stderr.flush()
        if not standalone_mode:
            return code
        sys.exit(code)


NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _redact(app: AppContext, text: str) -> str:
    """The text without the token or any secret the client knows, in any escaping."""
    if app._client is not None:
        text = app._client.redact(text)
    for token in (app.flags.get("token"), os.environ.get("TOWER_ACCESS_TOKEN"),
                  app.token_result.token if "token_result" in app.__dict__ else None):
        if token:
            for form in sorted({token, token.strip()} - {""}, key=len, reverse=True):
                text = text.replace(form, "***")
    return text


def _command_option_first(root, error, args) -> str | None:
    """For `twpy -w org/ws runs list`: the command line with the command's option moved after the command."""
    import shlex

    if not isinstance(error, click.NoSuchOption) or error.ctx is None or error.ctx.command is not root:
        return None
    if error.option_name not in args:
        return None
    at = args.index(error.option_name)
    width = 2 if at + 1 < len(args) and not args[at + 1].startswith("-") else 1
    moved = args[at:at + width]
    rest = args[:at] + args[at + width:]
    return shlex.join(rest + moved) if any(not a.startswith("-") for a in rest) else None


def _bad_argument(args) -> str | None:
    """Why an argument cannot be used at all (a NUL byte, bytes that are not UTF-8), before click sees it."""
    for position, arg in enumerate(args, 1):
        if not isinstance(arg, str):
            continue
        if "\x00" in arg:
            return f"Argument {position} contains a NUL byte, which no option or value can hold"
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return f"Argument {position} is not valid UTF-8 text: check the terminal's or script's encoding"
    return None


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so interpreter shutdown does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _print_version(ctx, param, value):
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"twpy version {__version__} (Seqera Platform API {API_VERSION})")
    ctx.exit(0)


@click.group("twpy", cls=RootGroup, registry=REGISTRY, aliases=ALIASES, context_settings=CONTEXT_SETTINGS,
             invoke_without_command=False, no_args_is_help=True,
             epilog=EXIT_CODES_HELP)
@click.option("-t", "--access-token", "token", metavar="<token>",
              help="Tower personal access token (TOWER_ACCESS_TOKEN). Prefer 'twpy auth login': "
                   "a token on the command line ends up in shell history.")
@click.option("-u", "--url", metavar="<url>",
              help="Tower server API endpoint URL (TOWER_API_ENDPOINT) [default: https://api.cloud.seqera.io].")
@click.option("-o", "--output", type=click.Choice(["console", "json"], case_sensitive=False), metavar="<output>",
              help="Show output in the chosen format: console or json (TOWER_CLI_OUTPUT_FORMAT) [default: console].")
@click.option("-v", "--verbose", is_flag=True, help="Show HTTP request/response logs at stderr (token redacted), and tracebacks.")
@click.option("--insecure", is_flag=True, help="Explicitly allow to connect to a non-SSL secured server (not recommended).")
@click.option("--profile", metavar="<name>", help="Use this profile of the config file (TWPY_PROFILE) [default: default].")
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Print version information and exit.")
@click.pass_context
def cli(ctx, token, url, output, verbose, insecure, profile):
    """Seqera Platform CLI (twpy): a tw-compatible command line for Seqera Platform.

    Global options go before the command.

    \b
    Examples:
      twpy auth login
      twpy launch hello --workspace acme/showcase
      twpy -o json runs list -w acme/showcase | jq -r '.workflows[].workflow.id'

    \b
    Environment:
      TOWER_ACCESS_TOKEN, TOWER_API_ENDPOINT, TOWER_CLI_OUTPUT_FORMAT, TOWER_WORKSPACE_ID (as tw),
      TWPY_PROFILE, TWPY_CONFIG_DIR, TWPY_CACHE_DIR, TWPY_CA_BUNDLE, TWPY_INSECURE,
      REQUESTS_CA_BUNDLE / SSL_CERT_FILE, HTTPS_PROXY / NO_PROXY, NO_COLOR.
    """
    ctx.obj = AppContext(url=url, output=output.lower() if output else None, token=token, insecure=insecure,
                         verbose=verbose, profile=profile)
