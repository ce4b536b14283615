"""The Nu Html Checker (the W3C's validator, npm ``vnu-jar`` installed by ``make install-test``)
over every page of the built shipped register: no errors and no warnings.

The pages are checked over HTTP, as a browser gets them: read from ``file:`` URLs, the
checker takes the pages' own stylesheet for another origin and warns that the CSP blocks it.
The checker refuses loopback addresses unless told they are allowed (it was made for a public
service); plain hints (``info`` without a ``warning`` subtype) are neither errors nor warnings.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ..conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(urls: list[str]) -> list[dict[str, Any]]:
    java = shutil.which("java")
    assert java, "java not found: run `make install-test`"
    assert VNU.is_file(), f"{VNU} missing: run `make install-test` (npm ci)"
    result = subprocess.run(
        [
            java,
            "-Dnu.validator.servlet.allow-forbidden-hosts=true",
            "-Xss1024k",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            *urls,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages: list[dict[str, Any]] = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") != "info" or m.get("subType") == "warning"]


def test_every_page_passes_the_nu_html_checker(built_site: Path, server: str) -> None:
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert len(pages) > 100
    urls = [f"{server}/{page.removesuffix('index.html')}" for page in pages]
    messages = check(urls)
    shown = [
        f"{m.get('type')}/{m.get('subType', '')}: {m.get('url', '').removeprefix(server)}:{m.get('lastLine')}: "
        f"{m.get('message')}"
        for m in messages
    ]
    assert shown == []
