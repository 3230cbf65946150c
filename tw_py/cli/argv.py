"""Global options typed after the command (`twpy runs list -o json`): moved in front, where the command has no
option of that name. tw takes them only before the command; accepting them after breaks no tw invocation, since
a command's own option of the same name (`workspaces list -o` is `--organization`) always wins."""
from __future__ import annotations

from typing import Sequence

import click


def _options(command: click.Command) -> dict[str, click.Option]:
    return {name: param for param in command.params if isinstance(param, click.Option)
            for name in param.opts + param.secondary_opts}


def _takes_value(param: click.Option, token: str) -> bool:
    """Whether `token` (an option) takes the next argument as its value (`-o json`, not `-ojson` or `--output=json`)."""
    if param.is_flag or param.count:
        return False
    if token.startswith("--"):
        return "=" not in token
    return len(token) == 2


def hoist_global_options(root: click.Group, args: Sequence[str], partial: bool = False) -> list[str]:
    """`args` with the root's options that follow the command moved before it (values included).

    `partial`: the line is being completed; a last option still waiting for its value stays where it is."""
    args = list(args)
    globals_ = _options(root)
    ctx = click.Context(root, resilient_parsing=True)
    position = 0
    while position < len(args) and args[position].startswith("-") and args[position] != "--":
        param = globals_.get(args[position].split("=", 1)[0])
        if param is None:
            return args  # something click will explain
        position += 2 if _takes_value(param, args[position]) else 1
    front, rest = args[:position], args[position:]
    command: click.Command = root
    own: dict[str, click.Option] = {}
    kept: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        if token == "--":
            kept.extend(rest[index:])
            break
        if isinstance(command, click.Group) and not token.startswith("-"):
            sub = command.get_command(ctx, token)
            if sub is not None:
                command, own = sub, _options(sub)
                kept.append(token)
                index += 1
                continue
        name = token.split("=", 1)[0]
        if token.startswith("-") and name in own:
            width = 2 if _takes_value(own[name], token) else 1
            kept.extend(rest[index:index + width])
            index += width
            continue
        if token.startswith("-") and name in globals_ and command is not root:
            width = 2 if _takes_value(globals_[name], token) else 1
            if partial and index + width > len(rest):
                kept.extend(rest[index:])
                break
            front.extend(rest[index:index + width])
            index += width
            continue
        kept.append(token)
        index += 1
    return front + kept
