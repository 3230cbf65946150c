"""Generate man pages, shell completion scripts and the API path list from the click tree (and the spec).

    python -m tw_py.cli.docgen            # rewrite man/*.1, completions/*, tw_py/api/spec_paths.py
    python -m tw_py.cli.docgen --check    # exit 1 listing the generated files that are out of date

Everything is derived from one definition: the click commands (names, options, help, examples) and, for the
API paths offered by `twpy api` completion, the OpenAPI spec (TWPY_OPENAPI_SPEC or ../shared/openapi/...).
"""
from __future__ import annotations

import inspect
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from tw_py import API_VERSION, __version__
from tw_py.config.environment import VARIABLES

REPO = Path(__file__).resolve().parent.parent.parent
SPEC_PATHS_MODULE = "tw_py/api/spec_paths.py"
PROBLEMS: list[str] = []  # commands that could not be loaded by the last walk()

ENVIRONMENT = list(VARIABLES.items())
FILES = [
    ("$XDG_CONFIG_HOME/twpy/config.ini", "Profiles: url, workspace, output, ca_bundle, insecure (Linux default "
     "~/.config/twpy; macOS ~/Library/Application Support/twpy; TWPY_CONFIG_DIR overrides)."),
    ("$XDG_CONFIG_HOME/twpy/tokens.ini", "Tokens (mode 0600), used only when no OS keyring works; otherwise "
     "tokens live in the keyring under the service name twpy."),
    ("$XDG_CACHE_HOME/twpy/", "Caches: account-*.json (workspace lookups) and names/<server>@<profile>/*.txt "
     "(names offered by tab completion) (Linux default ~/.cache/twpy; macOS ~/Library/Caches/twpy; "
     "TWPY_CACHE_DIR overrides, else TWPY_CONFIG_DIR/cache when TWPY_CONFIG_DIR is set). Safe to delete."),
]
EXIT_STATUS = [
    ("0", "Success (an empty list is a success)."),
    ("1", "Failure: API error, not found, invalid input, --wait target not reached."),
    ("2", "Usage error: unknown option, missing or conflicting options."),
    ("3", "A --wait / --wait-timeout deadline passed."),
    ("130", "Interrupted (Ctrl-C)."),
]


@dataclass
class Node:
    """One command of the tree with its context and names."""

    names: tuple[str, ...]          # () for the root, ("pipelines", "list") ...
    command: click.Command
    ctx: click.Context

    @property
    def page(self) -> str:
        return "-".join(("twpy",) + self.names)

    @property
    def path(self) -> str:
        return " ".join(("twpy",) + self.names)


def walk(root: click.Command | None = None) -> list[Node]:
    """Every visible command of the tree, depth first, groups before their commands."""
    if root is None:
        from tw_py.cli.root import cli as root
    nodes: list[Node] = []
    PROBLEMS.clear()

    def visit(command, ctx, names):
        nodes.append(Node(names, command, ctx))
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                try:
                    sub = command.get_command(ctx, name)
                except Exception as exc:  # noqa: BLE001 - a module being written elsewhere must not stop the rest
                    PROBLEMS.append(f"cannot load '{' '.join(names + (name,))}': {type(exc).__name__}: {exc}")
                    continue
                if sub is None or sub.hidden:
                    continue
                visit(sub, click.Context(sub, info_name=name, parent=ctx, **sub.context_settings), names + (name,))

    visit(root, click.Context(root, info_name="twpy", **root.context_settings), ())
    return nodes


# Help text -------------------------------------------------------------------------------------

def split_help(text: str | None) -> tuple[list[tuple[bool, str]], list[str], list[str]]:
    """(description paragraphs as (verbatim, text), example lines, environment lines) from a docstring."""
    text = inspect.cleandoc(text or "").split("\f")[0]
    paragraphs, examples, environment = [], [], []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        verbatim = lines[0].strip() == "\b"
        if verbatim:
            lines = lines[1:]
        if not lines or not "".join(lines).strip():
            continue
        head = lines[0].strip().lower()
        if verbatim and head == "examples:":
            examples.extend(line[2:] if line.startswith("  ") else line for line in lines[1:])
        elif verbatim and head == "environment:":
            environment.extend(line.strip() for line in lines[1:])
        else:
            paragraphs.append((verbatim, "\n".join(lines) if verbatim else " ".join(line.strip() for line in lines)))
    return paragraphs, examples, environment


# roff ------------------------------------------------------------------------------------------

def esc(text: str) -> str:
    """Text safe for roff: backslashes, hyphens (as \\- so options copy right), leading dots and quotes."""
    text = str(text).replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def _nf(lines: list[str]) -> list[str]:
    return [".RS 4", ".nf"] + [esc(line) if line.strip() else "" for line in lines] + [".fi", ".RE"]


def _dl(rows: list[tuple[str, str]], bold: bool = True) -> list[str]:
    out = []
    for term, description in rows:
        out += [".TP", (f"\\fB{esc(term)}\\fR" if bold else esc(term)), esc(description)]
    return out


def _options(node: Node) -> list[tuple[str, str]]:
    rows = []
    for param in node.command.get_params(node.ctx):
        record = param.get_help_record(node.ctx)
        if record is not None and (record[1] or not isinstance(param, click.Argument)):
            rows.append(record)
    return rows


def _child_examples(node: Node, nodes: list[Node], limit: int = 12) -> list[str]:
    """A group's examples when its help has none: the first example of each command under it."""
    found: list[str] = []
    for other in nodes:
        if len(other.names) > len(node.names) and other.names[:len(node.names)] == node.names:
            lines = [line for line in split_help(other.command.help)[1] if line.strip()]
            if lines and not lines[0].startswith("#"):
                found.append(lines[0])
            if len(found) >= limit:
                break
    return found


def man_page(node: Node, nodes: list[Node]) -> str:
    command, ctx = node.command, node.ctx
    paragraphs, examples, _ = split_help(command.help)
    short = command.get_short_help_str(limit=200)
    title = node.page.upper()
    out = [f'.TH "{esc(title)}" "1" "" "twpy {esc(__version__)}" "twpy manual"',
           ".\\\" Generated by python -m tw_py.cli.docgen from the click commands: do not edit.",
           ".SH NAME", f"{esc(node.page)} \\- {esc(short)}",
           ".SH SYNOPSIS"]
    pieces = " ".join(command.collect_usage_pieces(ctx))
    if node.names:
        out.append(f"\\fBtwpy\\fR [\\fIGLOBAL OPTIONS\\fR] \\fB{esc(' '.join(node.names))}\\fR {esc(pieces)}")
    else:
        out.append(f"\\fBtwpy\\fR {esc(pieces)}")
    out.append(".SH DESCRIPTION")
    for verbatim, text in paragraphs:
        out += _nf(text.split("\n")) if verbatim else [".PP", esc(text)]
    options = _options(node)
    if options:
        out.append(".SH " + ("GLOBAL OPTIONS" if not node.names else "OPTIONS"))
        out += _dl(options)
    if node.names:
        out += [".PP", "Global options (\\fB\\-u\\fR, \\fB\\-t\\fR, \\fB\\-o\\fR, \\fB\\-\\-profile\\fR, "
                "\\fB\\-v\\fR, \\fB\\-\\-insecure\\fR) go before the command name; see \\fBtwpy\\fR(1)."]
    children = [n for n in nodes if len(n.names) == len(node.names) + 1 and n.names[:len(node.names)] == node.names]
    if children:
        out.append(".SH COMMANDS")
        out += _dl([(n.names[-1], n.command.get_short_help_str(limit=120) + f" See {n.page}(1).") for n in children])
    examples = examples or _child_examples(node, nodes)
    if examples:
        out.append(".SH EXAMPLES")
        out += _nf(examples)
    out.append(".SH ENVIRONMENT")
    out += _dl(ENVIRONMENT)
    out.append(".SH FILES")
    out += _dl(FILES)
    out.append(".SH EXIT STATUS")
    out += _dl(EXIT_STATUS)
    see = ["twpy(1)"] if node.names else []
    if len(node.names) > 1:
        see.append("-".join(("twpy",) + node.names[:-1]) + "(1)")
    see += [f"{n.page}(1)" for n in children]
    if see:
        out += [".SH SEE ALSO", esc(", ".join(see))]
    out += [".SH NOTES", esc(f"twpy {__version__} targets the Seqera Platform API {API_VERSION}. "
                             "Command names, options and JSON output follow Seqera's tw CLI.")]
    return "\n".join(out) + "\n"


# Completion scripts and API paths ---------------------------------------------------------------

def completion_scripts() -> dict[str, str]:
    from tw_py.cli.completion import script

    return {"completions/twpy.bash": script("bash"), "completions/_twpy": script("zsh"),
            "completions/twpy.fish": script("fish")}


def spec_file() -> Path:
    return Path(os.environ.get("TWPY_OPENAPI_SPEC", REPO.parent / "shared" / "openapi" / "seqera-api.yaml"))


def spec_paths_module(spec: Path) -> str | None:
    """tw_py/api/spec_paths.py text from the OpenAPI spec, or None when the spec is absent."""
    if not spec.is_file():
        return None
    import yaml

    with open(spec, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    methods = ("get", "post", "put", "patch", "delete", "head", "options")
    rows = [(path, " ".join(m.upper() for m in methods if m in (item or {})))
            for path, item in sorted(document.get("paths", {}).items())]
    version = (document.get("info") or {}).get("version", "")
    lines = ['"""The Seqera Platform API paths and their methods (for `twpy api` completion), and the operations',
             "that take a workspaceId query parameter (where `twpy api` adds the default workspace).",
             "",
             f"Generated by python -m tw_py.cli.docgen from seqera-api.yaml {version}: do not edit.",
             '"""', "", "PATHS = ("]
    lines += [f"    ({path!r}, {verbs!r})," for path, verbs in rows]
    lines += [")", "", "WORKSPACE_QUERY = {"]
    for path, item in sorted(document.get("paths", {}).items()):
        verbs = " ".join(m.upper() for m in methods if _takes_workspace_id(document, item or {}, m))
        if verbs:
            lines.append(f"    {path!r}: {verbs!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _takes_workspace_id(document: dict, item: dict, method: str) -> bool:
    """Whether the operation declares a `workspaceId` query parameter (resolving $ref parameters)."""
    if method not in item:
        return False
    for param in list(item.get("parameters") or []) + list((item[method] or {}).get("parameters") or []):
        if "$ref" in param:
            node: object = document
            for part in param["$ref"].lstrip("#/").split("/"):
                node = node.get(part, {}) if isinstance(node, dict) else {}
            param = node if isinstance(node, dict) else {}
        if param.get("name") == "workspaceId" and param.get("in") == "query":
            return True
    return False


def outputs() -> dict[str, str]:
    """Every generated file: repository-relative path -> text."""
    nodes = walk()
    files = {f"man/{node.page}.1": man_page(node, nodes) for node in nodes}
    files.update(completion_scripts())
    paths_text = spec_paths_module(spec_file())
    if paths_text is not None:
        files[SPEC_PATHS_MODULE] = paths_text
    return files


def stale(root: Path = REPO) -> list[str]:
    """Generated files missing or different on disk, and man pages of commands that no longer exist."""
    files = outputs()
    found = [name for name, text in files.items()
             if not (root / name).is_file() or (root / name).read_text(encoding="utf-8") != text]
    found += PROBLEMS
    found += [f"man/{p.name} (no such command)" for p in sorted((root / "man").glob("*.1"))
              if f"man/{p.name}" not in files]
    return found


def write(root: Path = REPO) -> list[str]:
    files = outputs()
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for page in (root / "man").glob("*.1"):
        if f"man/{page.name}" not in files:
            page.unlink()
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if argv[:1] == ["--check"]:
        problems = stale()
        for name in problems:
            print(f"out of date: {name}", file=sys.stderr)
        if problems:
            print("Regenerate with: python -m tw_py.cli.docgen", file=sys.stderr)
        return 1 if problems else 0
    written = write()
    for problem in PROBLEMS:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{len(written)} generated files are current under {REPO}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
