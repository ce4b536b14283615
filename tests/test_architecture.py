"""docs/architecture.md names every module of the package, and only modules that exist, so a
newcomer reading it finds each one where the code has it."""

from __future__ import annotations

import re
import tomllib

from .conftest import REPO

PACKAGE = REPO / "generator"
DOC = REPO / "docs" / "architecture.md"


def _documented() -> set[str]:
    """Module paths in the first column of the doc's tables, made relative to the package:
    a table under a ``### `stage/`: …`` heading names its modules without the folder."""
    found: set[str] = set()
    folder = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(\w+)/`:", line)
        if heading:
            folder = heading.group(1) + "/"
        elif line.startswith("### "):
            folder = ""
        if line.startswith("| `"):
            first = line.split("|")[1]
            for name in re.findall(r"`([\w/]+\.py)`", first):
                found.add(name if "/" in name else folder + name)
    return found


def test_every_module_is_documented_and_every_documented_module_exists() -> None:
    modules = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    documented = _documented()
    assert modules - documented == set(), "modules missing from docs/architecture.md"
    assert documented - modules == set(), "docs/architecture.md names modules that do not exist"


def test_the_layers_drawn_are_the_layers_enforced() -> None:
    """The diagram lists the stages top to bottom in the order of import-linter's contract."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    enforced = [name.replace("generator.", "") for layer in contract["layers"] for name in layer.split(" | ")]
    drawn = re.search(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert drawn is not None
    order = [
        m for line in drawn.group(1).splitlines() for m in re.findall(r"(\w+)(?:/|\.py)", re.split(r"\s{4,}", line)[0])
    ]
    assert order == enforced
