"""The type checker over api/ and config/ (settings in pyproject.toml [tool.mypy]): part of every test run."""
from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api", reason="mypy is in the test extra: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parent.parent


def test_api_and_config_type_check(tmp_path):
    stdout, stderr, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                           "--cache-dir", str(tmp_path / "mypy-cache"),
                                           str(ROOT / "tw_py" / "api"), str(ROOT / "tw_py" / "config")])
    assert status == 0, stdout + stderr
