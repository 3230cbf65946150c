"""Guard: every API path holding a value is built with api_path; no f-string, concatenation or format() path."""
import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tw_py"
CLIENT_METHODS = {"get", "post", "put", "delete", "get_text", "get_bytes", "send", "request"}
PAGING = {"fetch_page", "iter_pages", "iter_items", "list_items"}


def _unsafe(node: ast.AST) -> bool:
    """A path argument built from a value without api_path."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return True
    return False


def offenders() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "sandbox" in path.parts:
            continue  # the sandbox is the server side
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if isinstance(func, ast.Attribute) and name in CLIENT_METHODS and "client" in ast.unparse(func.value):
                candidates = node.args[1:2] if name in ("send", "request") else node.args[:1]
            elif name in PAGING:
                candidates = node.args[1:2]
            else:
                continue
            # a path held in a variable is checked where it is assigned
            candidates += [n.value for n in ast.walk(tree) if isinstance(n, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "path" for t in n.targets)] if any(
                isinstance(c, ast.Name) and c.id == "path" for c in candidates) else []
            found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {ast.unparse(c)}" for c in candidates
                      if _unsafe(c)]
    return sorted(set(found))


def test_no_api_path_bypasses_api_path():
    assert offenders() == []


def test_the_guard_can_fail(tmp_path, monkeypatch):
    bad = tmp_path / "tw_py" / "api"
    bad.mkdir(parents=True)
    (bad / "x.py").write_text('def f(client, i):\n    return client.get(f"/workflow/{i}")\n')
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "tw_py")
    assert offenders() == ["tw_py/api/x.py:2: f'/workflow/{i}'"]
