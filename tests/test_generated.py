"""Generated files are current with the click tree, and every man page renders.

Regenerate with: .venv/bin/python -m tw_py.cli.docgen   (man/*.1, completions/*, tw_py/api/spec_paths.py)
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tw_py.cli import docgen

REPO = Path(__file__).resolve().parent.parent
PAGES = sorted((REPO / "man").glob("*.1"))


OLD_CLICK = not hasattr(__import__("click").exceptions, "NoArgsIsHelpError")


@pytest.mark.skipif(OLD_CLICK, reason="the files are generated with click >= 8.2; click 8.1 (Python 3.9) "
                                     "formats some usage lines differently")
def test_generated_files_are_current_with_the_click_tree():
    problems = docgen.stale(REPO)
    assert problems == [], "generated files out of date; run '.venv/bin/python -m tw_py.cli.docgen':\n" + \
        "\n".join(problems)


def test_every_command_has_a_man_page_and_every_page_a_command():
    expected = {f"{node.page}.1" for node in docgen.walk()}
    assert {"twpy.1", "twpy-api.1", "twpy-completion.1", "twpy-launch.1", "twpy-pipelines-list.1",
            "twpy-runs-view.1", "twpy-compute-envs-list.1", "twpy-credentials-list.1"} <= expected
    assert {page.name for page in PAGES} == expected
    assert docgen.PROBLEMS == []


@pytest.mark.skipif(shutil.which("man") is None, reason="the man command is not installed")
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_man_page_renders_without_warnings(page):
    result = subprocess.run(["man", "--warnings", "-l", str(page)], capture_output=True, text=True,
                            env=dict(os.environ, MANWIDTH="100", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8"),
                            timeout=60)
    assert result.returncode == 0
    assert result.stderr == ""
    name = page.name[:-2]
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS" if name != "twpy" else "GLOBAL OPTIONS",
                    "ENVIRONMENT", "FILES", "EXIT STATUS"):
        assert f"\n{section}\n" in result.stdout, f"{page.name} has no {section} section"
    assert result.stdout.split("\n\n")[1].split("\n")[1].strip().startswith(name)


def test_completion_scripts_match_what_twpy_completion_prints(run):
    for shell, path in (("bash", "completions/twpy.bash"), ("zsh", "completions/_twpy"), ("fish", "completions/twpy.fish")):
        result = run("completion", shell)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == (REPO / path).read_text(encoding="utf-8")


def test_the_api_path_list_is_the_specs(monkeypatch):
    from tw_py.api.spec_paths import PATHS

    spec = docgen.spec_file()
    if not spec.is_file():
        pytest.skip(f"the OpenAPI spec is not at {spec}")
    import yaml

    with open(spec, encoding="utf-8") as handle:
        paths = yaml.safe_load(handle)["paths"]
    assert [path for path, _ in PATHS] == sorted(paths)
    assert dict(PATHS)["/workflow/launch"] == "POST"
