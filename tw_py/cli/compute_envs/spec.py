"""Platform tables for `compute-envs add`: each option declared once (flags -> config field, kind, required,
default), turned into click options by `click_options` and into the `config` object by `build_config`.

A field path is dotted for nested objects (`forge.maxCpus`, `schedConfig.machineTypes`); a leading `^`
targets the compute environment itself rather than its config (`^fusionMetricsCollectionEnabled`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import click

from tw_py.cli.options import mutually_exclusive
from tw_py.errors import InputError


@dataclass(frozen=True)
class Opt:
    """One platform option.

    kinds: `str`, `int`, `flag` (present => true; absent => `default`), `noflag` (`--no-x`: sends `not given`),
    `bool` (`--x` or `--x=true|false`; absent => omitted), `onoff` (`--x/--no-x`), `list` (comma separated,
    repeatable), `file` (the file's text), `choice` (case-insensitive; `wire` maps to the API value).
    """

    decls: tuple
    field: str | None
    help: str = ""
    kind: str = "str"
    required: bool = False
    default: Any = None
    choices: tuple = ()
    wire: dict | None = None
    hidden: bool = False

    @property
    def param(self) -> str:
        long = [d for d in self.decls if d.startswith("--")][0]
        return "p_" + long[2:].split("/")[0].replace("-", "_")

    @property
    def flag(self) -> str:
        return [d for d in self.decls if d.startswith("--")][0].split("/")[0]


@dataclass(frozen=True)
class Platform:
    """One `compute-envs add ...` subcommand."""

    path: tuple          # ("aws-batch", "forge") or ("slurm",)
    id: str              # the API platform id (discriminator)
    help: str
    options: tuple
    credentials: bool = True
    fixed: dict = field(default_factory=dict)               # fields always set to these values
    rules: tuple = ()                                        # callables(values: dict) raising on bad input
    finish: Callable | None = None                           # finish(values, config, resolver) -> None
    examples: tuple = ()

    @property
    def label(self) -> str:
        return self.id.upper()


# Rules ---------------------------------------------------------------------------------------------
def exclusive(*flags: str):
    """Options that cannot be combined: a usage error (exit 2), as picocli's exclusive groups."""
    def rule(values, platform):
        given = [f for f in flags if _given(values, platform, f)]
        if len(given) > 1:
            raise mutually_exclusive(", ".join(given))
    return rule


def requires(flag: str, needed: str, message: str | None = None, usage: bool = True):
    """`flag` needs `needed`: a usage error (exit 2), or tw's own error (exit 1) when `usage` is False."""
    def rule(values, platform):
        if _given(values, platform, flag) and not _given(values, platform, needed):
            text = message or f"{flag} requires {needed}"
            if usage:
                raise click.UsageError(text)
            raise InputError(text)
    return rule


def forbid(flag: str, message: str):
    """An option that is accepted but refused (tw's deprecated `--fusion`)."""
    def rule(values, platform):
        if _given(values, platform, flag):
            raise InputError(message)
    return rule


def not_in_api(flag: str, field_name: str):
    """An option tw has whose config field the Platform API spec does not define: refused (exit 1) rather than
    sent to a server that may reject the body, or dropped (which would create a different environment)."""
    def rule(values, platform):
        if _given(values, platform, flag):
            raise InputError(f"{flag} is not supported: the Seqera Platform API has no '{field_name}' field for "
                             "this platform",
                             hint=f"Leave {flag} out and set it in the Platform web interface if your server offers it.")
    return rule


def unsupported(decls: tuple, field_name: str, kind: str = "str") -> tuple:
    """`(option, rule)` for a tw option whose field is not in the API spec: accepted by the parser (hidden), refused."""
    opt = Opt(decls, None, f"Not supported by the Platform API ({field_name}).", kind=kind, hidden=True)
    return opt, not_in_api(opt.flag, field_name)


def _opt(platform: Platform, flag: str) -> Opt:
    for opt in platform.options:
        if flag in opt.decls or opt.flag == flag:
            return opt
    raise KeyError(flag)


def _given(values: dict, platform: Platform, flag: str) -> bool:
    value = values.get(_opt(platform, flag).param)
    return value not in (None, False, (), [])


# Click options ----------------------------------------------------------------------------------------
def _split(ctx, param, value):
    items = []
    for chunk in value or ():
        items.extend(part.strip() for part in chunk.split(",") if part.strip())
    return items or None


def click_option(opt: Opt):
    metavar = f"<{opt.flag[2:]}>"
    common = dict(help=opt.help, hidden=opt.hidden)
    if opt.kind in ("flag", "noflag"):
        return click.option(*opt.decls, opt.param, is_flag=True, default=False, **common)
    if opt.kind == "bool":
        return click.option(*opt.decls, opt.param, type=click.BOOL, is_flag=False, flag_value="true",
                            default=None, metavar="[true|false]", **common)
    if opt.kind == "onoff":
        return click.option(*opt.decls, opt.param, default=None, **common)
    if opt.kind == "list":
        return click.option(*opt.decls, opt.param, multiple=True, callback=_split,
                            metavar=f"<{opt.flag[2:]}>[,...]", required=opt.required, **common)
    if opt.kind == "choice":
        help_text = opt.help + (f" [default: {opt.default}]" if opt.default else "")
        return click.option(*opt.decls, opt.param, type=click.Choice(opt.choices, case_sensitive=False),
                            required=opt.required, help=help_text, hidden=opt.hidden, **_default(opt))
    if opt.kind == "file":
        return click.option(*opt.decls, opt.param, type=click.Path(dir_okay=False), metavar="<file>",
                            required=opt.required, **common)
    kind = int if opt.kind == "int" else str
    help_text = opt.help + (f" [default: {opt.default}]" if opt.default is not None else "")
    return click.option(*opt.decls, opt.param, type=kind, metavar=metavar, required=opt.required,
                        help=help_text, hidden=opt.hidden, **_default(opt))


def _default(opt: Opt) -> dict:
    """click (8.3) treats an explicit `default=None` as a value that satisfies `required`: pass only real ones."""
    return {} if opt.default is None else {"default": opt.default}


def click_options(platform: Platform):
    def decorate(f):
        for opt in reversed(platform.options):
            f = click_option(opt)(f)
        return f
    return decorate


# Building the config ------------------------------------------------------------------------------------
def read_text(path: str | None, flag: str) -> str | None:
    """A file option's content (tw's FilesHelper.readString), with a clear error for a missing file."""
    from tw_py.files import read_text as read_file

    return None if path is None else read_file(path, flag, tw_style=True, stdin=False)


def wire_value(opt: Opt, value):
    """The value sent for one option, or None to leave the field out."""
    if opt.kind == "flag":
        return True if value else opt.default
    if opt.kind == "noflag":
        return not value
    if opt.kind == "file":
        return read_text(value, opt.flag)
    if opt.kind == "choice" and value is not None:
        upper = str(value).upper()
        return (opt.wire or {}).get(upper, upper)
    if opt.kind == "list" and value is not None:
        return list(value)
    return value


def put(target: dict, path: str, value) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def build_config(platform: Platform, values: dict, resolver=None) -> tuple[dict, dict]:
    """`(config, extra)` for a platform from the command's option values: `config` is the spec's
    `ComputeConfig` subtype (with `discriminator`), `extra` holds fields of the compute env itself."""
    for rule in platform.rules:
        rule(values, platform)
    config: dict = {"discriminator": platform.id}
    extra: dict = {}
    for key, value in platform.fixed.items():
        put(config, key, value)
    for opt in platform.options:
        if opt.field is None:
            continue
        value = wire_value(opt, values.get(opt.param))
        if value is None:
            continue
        if opt.field.startswith("^"):
            extra[opt.field[1:]] = value
        else:
            put(config, opt.field, value)
    if platform.finish is not None:
        platform.finish(values, config, resolver)
    return config, extra


def given(values: dict, *params: str) -> bool:
    """True when any of these option params (p_...) has a value."""
    return any(values.get(p) not in (None, False, (), []) for p in params)


# Options shared by several platforms ------------------------------------------------------------------
def work_dir(help_text: str = "Nextflow work directory.", required: bool = True, field_name: str | None = "workDir"):
    return Opt(("--work-dir",), field_name, help_text, required=required)


FUSION_METRICS = Opt(("--fusion-metrics-collection/--no-fusion-metrics-collection",), "^fusionMetricsCollectionEnabled",
                     "Send (or not) Fusion metrics to Seqera for this compute environment [default: the Platform's].",
                     kind="onoff")
FUSION_V2 = Opt(("--fusion-v2",), "fusion2Enabled", "Enable Fusion v2 file system (requires --wave).", kind="flag",
                default=False)
WAVE = Opt(("--wave",), "waveEnabled", "Enable Wave containers.", kind="flag", default=False)
FUSION_NEEDS_WAVE = requires("--fusion-v2", "--wave", "Fusion v2 requires Wave service", usage=False)

# Scheduler (Seqera Intelligent Compute) options of the *-cloud platforms.
SCHED_WIRE = {"SPOT": "spot", "SPOT_FIRST": "spotFirst", "ONDEMAND": "ondemand"}


def scheduler_options(machine_help: str = "Instance types for compute nodes managed by the Seqera scheduler.") -> tuple:
    return (
        Opt(("--sched-enabled",), "schedEnabled", "Enable the Seqera scheduler for this compute environment.",
            kind="flag", default=False),
        Opt(("--provisioning-model",), "schedConfig.provisioningModel",
            "Instance provisioning model used by the Seqera scheduler.", kind="choice",
            choices=tuple(SCHED_WIRE), wire=SCHED_WIRE),
        Opt(("--sched-machine-types",), "schedConfig.machineTypes", machine_help, kind="list"),
    )


GCP_NETWORK_TAG = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")


def valid_network_tags(flag: str = "--network-tags"):
    """GCP network tags: lowercase letters, digits and dashes, starting with a letter, at most 63 chars."""
    def rule(values, platform):
        for tag in values.get(_opt(platform, flag).param) or ():
            if not GCP_NETWORK_TAG.match(tag):
                raise click.BadParameter(
                    f"'{tag}' is not a valid network tag: use lowercase letters, digits and dashes, starting with a "
                    "letter and ending with a letter or digit (at most 63 characters)", param_hint=f"'{flag}'")
    return rule
