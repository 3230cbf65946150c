"""How every lookup names the thing it looks for: an id or a name (`-i` / `-n`), one shape for all of api/."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ref:
    """A reference given as exactly one of an id or a name."""

    id: Any = None
    name: str | None = None

    @property
    def value(self) -> Any:
        return self.id if self.id is not None else self.name

    def __str__(self) -> str:
        return str(self.value)

    @property
    def required_name(self) -> str:
        """The name of a reference that has no id (a Ref with neither is a programming error)."""
        if self.name is None:
            raise ValueError("a reference needs an id or a name")
        return self.name
