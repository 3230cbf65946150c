"""End-to-end fixtures: the INSTALLED `twpy` console script run as a subprocess, with isolated config."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def installed_twpy() -> str | None:
    beside = Path(sys.executable).parent / "twpy"
    if beside.exists():
        return str(beside)
    return shutil.which("twpy")


@pytest.fixture
def twpy(tmp_path):
    """Run the installed twpy: twpy(*args, input=None, env={...}) -> CompletedProcess (text)."""
    exe = installed_twpy()
    if exe is None:
        pytest.skip("the twpy console script is not installed (pip install -e '.[test]')")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TOWER_", "TWPY_"))}
    base.update({"TWPY_CONFIG_DIR": str(tmp_path / "config"), "TWPY_CACHE_DIR": str(tmp_path / "cache"),
                 "NO_COLOR": "1"})

    def run(*args, input=None, env=None, timeout=60):
        full = dict(base)
        full.update(env or {})
        return subprocess.run([exe, *map(str, args)], input=input, capture_output=True, text=True,
                              env=full, timeout=timeout)

    run.exe = exe
    run.env = base
    return run
