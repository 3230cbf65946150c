"""The `--wait STATUS` / `--wait-timeout DURATION` options and the progress shown while waiting."""
from __future__ import annotations

import click

from tw_py.cli.options import Choice
from tw_py.errors import EXIT_INTERRUPTED, TwpyError


def resume_hint(command: str, ident: str, ws, workspace_arg: str | None = None) -> str:
    """How to pick up again after Ctrl-C, with the workspace as the user gave it (or its id)."""
    where = workspace_arg or (str(ws.id) if ws is not None and ws.id is not None else None)
    return f"Follow it with 'twpy {command} -i {ident}" + (f" -w {where}'" if where else "'")


def wait_options(states: tuple, *, help_text: str = "Wait until the given status or fail.", timeout: bool = True,
                 default_timeout: str | None = None):
    """`--wait <STATUS>` (case-insensitive choice; a plain flag when `states` is empty) and, optionally, twpy's
    `--wait-timeout <DURATION>` (with `default_timeout`, waiting is always bounded)."""
    def decorate(f):
        if timeout:
            bound = f" [default: {default_timeout}]" if default_timeout else ""
            f = click.option("--wait-timeout", "wait_timeout", metavar="<duration>", default=default_timeout,
                             help=f"Give up waiting after this long (90s, 15m, 2h): exit code 3 (twpy){bound}.")(f)
        if not states:
            return click.option("--wait", "wait", is_flag=True, help=help_text)(f)
        f = click.option("--wait", "wait", type=Choice(states), metavar="<status>",
                         help=f"{help_text} One of: {', '.join(states)}.")(f)
        return f
    return decorate


def wait_with_progress(app, fetch_status, target: str, lifecycle, *, timeout: str | None = None,
                       describe: str, follow_hint: str | None = None, step=None) -> str:
    """Wait (see tw_py.api.waiting.wait_for), showing tw-style progress on stderr when it is a terminal and not
    in JSON mode. Ctrl-C stops waiting only: the resource is left alone and `follow_hint` says how to resume.
    `step()`, when given, names the resource's current step after each poll (shown on its own line when it changes)."""
    from tw_py.api import waiting

    target = lifecycle.parse(target)
    seconds = waiting.parse_duration(timeout) if timeout else None
    show = not app.renderer.json and app.io.stderr_tty
    shown_step = [None]

    def on_poll(status, changed):
        if show:
            app.io.err("." + (status or "") if changed else ".", end="")
            current = step() if step else None
            if current and current != shown_step[0]:
                shown_step[0] = current
                app.io.err(f"\n  {current}", end="")

    if show:
        app.io.err(f"  Waiting {target} status...", end="")
    try:
        status = waiting.wait_for(fetch_status, target, lifecycle, timeout=seconds, describe=describe, on_poll=on_poll)
    except KeyboardInterrupt:
        if show:
            app.io.err("")
        raise TwpyError(f"Stopped waiting; {describe} was left as it is", hint=follow_hint,
                        exit_code=EXIT_INTERRUPTED) from None
    except TwpyError:
        if show:
            app.io.err("  [ERROR]")
        raise
    if show:
        app.io.err("  [DONE]")
    return status
