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


def test_public_functions_of_api_and_config_are_annotated():
    """Every public function of tw_py/api and tw_py/config says what it takes and returns (mypy checks the rest)."""
    import ast

    missing = []
    for path in sorted((ROOT / "tw_py" / "api").glob("*.py")) + sorted((ROOT / "tw_py" / "config").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                arguments = [a for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
                if node.returns is None or any(a.annotation is None for a in arguments):
                    missing.append(f"{path.name}:{node.name}")
    assert missing == []
