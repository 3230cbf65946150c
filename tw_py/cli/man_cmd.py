"""twpy man: show a command's man page, wherever the pages were installed (an editable install included)."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app


def find_page(words: tuple[str, ...]):
    """The man page file of `twpy WORDS...`: installed under the environment's share/man, or in the checkout."""
    import sys
    from pathlib import Path

    name = "-".join(("twpy",) + tuple(words)) + ".1"
    for directory in (Path(sys.prefix) / "share" / "man" / "man1", Path(__file__).resolve().parents[2] / "man"):
        if (directory / name).is_file():
            return directory / name
    return None


@click.command("man")
@click.argument("words", nargs=-1, metavar="[COMMAND]...")
@pass_app
def command(app, words):
    """Show the man page of twpy or of one of its commands (twpy).

    Works after an editable install too, where 'man twpy' finds nothing.

    \b
    Examples:
      twpy man
      twpy man runs list
    """
    import os
    import shutil
    import subprocess

    from tw_py.errors import InputError

    page = find_page(words)
    if page is None:
        raise InputError(f"No man page for 'twpy {' '.join(words)}'".rstrip("'").rstrip() + ("'" if words else ""),
                         hint="Check the command's name with 'twpy --help'.")
    if shutil.which("man") and app.io.stdout.isatty():
        raise SystemExit(subprocess.call(["man", "-l", str(page)], env=dict(os.environ)))
    app.io.out(page.read_text(encoding="utf-8"), end="")
