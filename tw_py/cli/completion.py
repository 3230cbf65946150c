"""twpy completion: print the shell completion script for bash, zsh or fish (click's own machinery)."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app

PROG = "twpy"
COMPLETE_VAR = "_TWPY_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def script(shell: str) -> str:
    """The completion script of `shell` for the whole `twpy` command tree."""
    from click.shell_completion import get_completion_class

    from tw_py.cli.root import cli

    source = get_completion_class(shell)(cli, {}, PROG, COMPLETE_VAR).source()
    if shell == "zsh":  # a plain zsh (no compinit in ~/.zshrc) has no compdef: load the completion system first
        source = source.replace("    compdef _twpy_completion twpy",
                                "    (( $+functions[compdef] )) || { autoload -Uz compinit && compinit -i }\n"
                                "    compdef _twpy_completion twpy")
        source = source.replace(ZSH_ADD_PLAIN, ZSH_ADD_PLAIN + ZSH_KEEP_TYPED_TEXT)
    return source


#: The end of click's zsh function, where the plain values are added.
ZSH_ADD_PLAIN = """    if [ -n "$completions" ]; then
        compadd -U -V unsorted -a completions
    fi
"""
#: Values that match the typed word by their description only (a run's name completing to its id) must not
#: replace the word with their common prefix (nothing) when there are several: list them, keep the word.
ZSH_KEEP_TYPED_TEXT = """
    local -a _twpy_keys
    _twpy_keys=(${completions} ${completions_with_descriptions%%:*})
    if (( ${#_twpy_keys} > 1 )) && [[ -n "$PREFIX" ]] && (( ! ${_twpy_keys[(I)${(b)PREFIX}*]} )); then
        compstate[insert]=''
        compstate[list]='list force'
    fi
"""


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
@pass_app
def command(app, shell):
    """Print the shell completion script for bash, zsh or fish.

    Completion offers commands, options and values: workspace names (Org/Workspace), pipeline, compute
    environment, credential, run and label names, and the choices of enum options. Names come from a small
    cache that list commands keep fresh; a missing or stale cache is refreshed in the background.

    \b
    Examples:
      eval "$(twpy completion bash)"                       # in ~/.bashrc
      eval "$(twpy completion zsh)"                        # in ~/.zshrc
      twpy completion fish > ~/.config/fish/completions/twpy.fish
    """
    app.io.out(script(shell), end="")  # the script itself in any output format: it is eval'ed


@click.command("generate-completion")
@pass_app
def generate_completion(app):
    """Generate bash/zsh completion script for twpy.

    tw's name for it; the same as 'twpy completion bash'.

    \b
    Examples:
      source <(twpy generate-completion)
    """
    app.io.out(script("bash"), end="")
