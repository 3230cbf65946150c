"""A workspace's resources as seqerakit YAML that `twpy apply` (and seqerakit) recreates in another workspace.

Generic over the kinds table: every kind with an `export` contributes its entries. What needs a file (a compute
environment's or a pipeline's JSON, an action's scripts) is written beside the YAML in the portable form (no ids,
dates or workspace-specific fields) and referred to by a path relative to the YAML file; secret values become
`$VARIABLE` placeholders, to be given when applying.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from tw_py import jsonfmt
from tw_py.apply.kinds import KINDS, ORDER
from tw_py.errors import InputError
from tw_py.files import cannot_write, write_atomically

YAML_SUFFIXES = (".yml", ".yaml")


def exportable() -> list[str]:
    return [block for block in ORDER if block in KINDS and KINDS[block].export is not None]


def variable_name(*parts: str) -> str:
    """`aws-creds`, `secret-key` -> `AWS_CREDS_SECRET_KEY` (a valid shell variable name)."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", "_".join(p for p in parts if p)).strip("_").upper()
    return name if name and not name[0].isdigit() else f"_{name}"


def safe_file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "unnamed"


@dataclass
class Output:
    """Collects what an export writes: the YAML's entries, the files beside it, the variables it needs."""

    workspace: str | None
    files: dict = field(default_factory=dict)        # relative path -> text
    variables: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def variable(self, *parts: str) -> str:
        name = variable_name(*parts)
        if name not in self.variables:
            self.variables.append(name)
        return f"${name}"

    def _path(self, *parts: str) -> str:
        return "/".join(safe_file_name(p) for p in parts)

    def json_file(self, kind: str, name: str, document: Any) -> str:
        path = self._path(kind, f"{name}.json")
        self.files[path] = jsonfmt.dumps(document) + "\n"
        return f"./{path}"

    def binary_file(self, kind: str, file_name: str, data: bytes) -> str:
        path = self._path(kind, file_name)
        self.files[path] = data
        return f"./{path}"

    def text_file(self, kind: str, name: str, file_name: str, text: str) -> str:
        path = self._path(kind, name, file_name)
        self.files[path] = text
        return f"./{path}"

    def skip(self, why: str) -> None:
        self.skipped.append(why)


def collect(ctx, workspace, ref: str | None, targets: list[str] | None = None) -> tuple[dict, Output]:
    """The YAML document (block -> entries) of a workspace's resources, and what goes with it."""
    out = Output(ref)
    blocks: dict[str, list] = {}
    for block in exportable():
        if targets is not None and block not in targets:
            continue
        entries = KINDS[block].export(ctx, workspace, out)
        if entries:
            blocks[block] = [{k: v for k, v in entry.items() if v is not None} for entry in entries]
    return blocks, out


def parse_targets(targets: str | None) -> list[str] | None:
    if not targets:
        return None
    wanted = [t.strip() for t in targets.split(",") if t.strip()]
    for target in wanted:
        if target not in exportable():
            raise InputError(f"export does not write '{target}'", hint="It writes: " + ", ".join(exportable()) + ".")
    return wanted


def render(blocks: dict, source: str) -> str:
    """The YAML text: a comment saying where it came from, then the blocks in seqerakit's order."""
    import yaml

    text = yaml.safe_dump(blocks, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1000)
    return f"# Exported from {source} by 'twpy export'. Apply it with 'twpy apply FILE'.\n" + (text if blocks else "{}\n")


def destination(output: str, workspace_name: str) -> str:
    """The YAML file an `-o` names: FILE.yml/.yaml as it is, else DIR/<workspace>.yml."""
    if output.lower().endswith(YAML_SUFFIXES):
        return output
    return os.path.join(output, f"{safe_file_name(workspace_name)}.yml")


def write(path: str, text: str, files: dict) -> list[str]:
    """Write the YAML and the files beside it (each atomically); the paths written."""
    base = os.path.dirname(os.path.abspath(path))
    written = []
    for relative, content in sorted(files.items()):
        target = os.path.join(base, *relative.split("/"))
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        except OSError as error:
            raise cannot_write(target, error) from None
        write_atomically(target, content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(target)
    try:
        os.makedirs(base, exist_ok=True)
    except OSError as error:
        raise cannot_write(path, error) from None
    write_atomically(path, text.encode("utf-8"))
    return [path] + written


def summary(blocks: dict) -> dict:
    return {block: len(entries) for block, entries in blocks.items()}
