"""Option bundles shared by many commands, declared once: workspace, refs (-i|-n), pagination."""
from __future__ import annotations

import functools
from typing import Callable

import click

from tw_py.api.refs import Ref  # noqa: F401 (the commands take it from here)
from tw_py.cli.context import pass_app

WORKSPACE_HELP = ("Workspace numeric identifier or reference in OrganizationName/WorkspaceName format "
                  "(defaults to TOWER_WORKSPACE_ID environment variable, then the profile's workspace).")


def _completer(kind: str):
    """Shell completion for a kind of name (workspaces, pipelines, ...), looked up lazily."""
    def complete(ctx, param, incomplete):
        try:
            from tw_py.cli import completion_values
        except ImportError:  # completion of values not available
            return []
        return completion_values.complete(kind, ctx, param, incomplete)
    return complete


def usage_error(message: str) -> click.UsageError:
    """A usage error (exit 2) that also prints the running command's usage line."""
    return click.UsageError(message, ctx=click.get_current_context(silent=True))


def mutually_exclusive(flags: str, *, show_usage: bool = False) -> click.UsageError:
    """picocli's error for options that exclude each other, given together (`flags` as tw's message writes them)."""
    message = f"{flags} are mutually exclusive (specify only one)"
    return usage_error(message) if show_usage else click.UsageError(message)


def missing_one_of(group: str) -> click.UsageError:
    """picocli's error when none of a required group is given (`group` as tw writes it: `(-i=<id> | -n=<name>)`)."""
    return click.UsageError(f"Missing required argument (specify one of these): {group}")


class Choice(click.Choice):
    """A case-insensitive choice whose completion offers the choices as the help and README write them
    (`--wait SUC<TAB>` gives `SUCCEEDED`, not click's lower-cased `succeeded`)."""

    def __init__(self, choices, case_sensitive: bool = False):
        super().__init__(choices, case_sensitive=case_sensitive)

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(str(c)) for c in self.choices if str(c).lower().startswith(incomplete.lower())]


def workspace_option(func: Callable | None = None, *, required: bool = False):
    """`-w/--workspace`; the command receives the raw value (None = env/profile/personal)."""
    def decorate(f):
        return click.option("-w", "--workspace", "workspace", metavar="<workspace>",
                            help=WORKSPACE_HELP + (" Required." if required else ""),
                            shell_complete=_completer("workspaces"))(f)
    return decorate(func) if func else decorate


def ref_options(noun: str, *, id_type=str, id_flags=("-i", "--id"), name_flags=("-n", "--name"),
                complete: str | None = None, complete_id: str | None = None, required: bool = True):
    """Mutually exclusive `-i/--id` | `-n/--name`; the command receives `ref: Ref`. `complete` / `complete_id`
    name the completion kinds of the name and of the id."""
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            ident = kwargs.pop("ref_id", None)
            name = kwargs.pop("ref_name", None)
            if ident is not None and name is not None:
                raise mutually_exclusive("--id and --name")
            if required and ident is None and name is None:
                raise missing_one_of(f"(-i=<{noun}Id> | -n=<{noun}Name>)")
            kwargs["ref"] = Ref(ident, name)
            return f(*args, **kwargs)

        wrapper = click.option(*name_flags, "ref_name", metavar="<name>", help=f"{noun.capitalize()} name.",
                               shell_complete=_completer(complete) if complete else None)(wrapper)
        wrapper = click.option(*id_flags, "ref_id", type=id_type, metavar="<id>",
                               help=f"{noun.capitalize()} unique identifier.",
                               shell_complete=_completer(complete_id) if complete_id else None)(wrapper)
        return wrapper
    return decorate


def id_option(dest: str, noun: str):
    """A required numeric `-i/--id <id>` ("<noun> unique identifier."); the command receives it as `dest`."""
    return click.option("-i", "--id", dest, required=True, type=int, metavar="<id>", help=f"{noun} unique identifier.")


def run_id_option(*decls: str, help_text: str = "Pipeline run identifier.", required: bool = True):
    """`-i/--id` of a pipeline run (tw spells it `-id` in places: pass `decls`); the command receives `run_id`."""
    return click.option(*(decls or ("-i", "--id")), "run_id", required=required, metavar="<id>", help=help_text,
                        shell_complete=_completer("runs"))


def filter_option(help_text: str, metavar: str = "<filter>"):
    """`-f/--filter`: the listing's search text (each command says what it matches); the command receives `search`."""
    return click.option("-f", "--filter", "search", metavar=metavar, help=help_text)


def show_labels_option(help_text: str = "Show labels."):
    """`-l/--labels`: add a Labels column to the listing; the command receives `show_labels`."""
    return click.option("-l", "--labels", "show_labels", is_flag=True, help=help_text)


def item_command(group: click.Group, name: str, ref: Callable):
    """A command on one item of a workspace: `name` in `group`, the item's `-i|-n` options (`ref`), then `-w`.
    Options declared below it follow those; the function receives the app, then `ref`, `workspace`, ... by name."""
    def decorate(f):
        for apply in (pass_app, workspace_option, ref, group.command(name)):
            f = apply(f)
        return f
    return decorate


def pagination_options(f):
    """tw's `--page`, `--offset`, `--max` plus twpy's `--all`; the command receives `page: PageRequest`."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from tw_py.api.paging import PageRequest

        kwargs["page"] = PageRequest(page=kwargs.pop("page_number"), offset=kwargs.pop("page_offset"),
                                     max=kwargs.pop("page_max"), all=kwargs.pop("all_pages"))
        if kwargs["page"].all and kwargs["page"].explicit:
            raise click.UsageError("--all walks every page: it cannot be combined with --page or --offset")
        return f(*args, **kwargs)

    for decl in reversed([
        click.option("--page", "page_number", type=int, metavar="<page>", help="Pages to display."),
        click.option("--offset", "page_offset", type=int, metavar="<offset>", help="Rows record's offset."),
        click.option("--max", "page_max", type=int, metavar="<max>", help="Maximum number of records to display (default 100)."),
        click.option("--all", "all_pages", is_flag=True, help="Fetch every page (twpy extension)."),
    ]):
        wrapper = decl(wrapper)
    return wrapper


def examples(*lines: str) -> str:
    """Format an Examples block for a help text (kept verbatim by click)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
