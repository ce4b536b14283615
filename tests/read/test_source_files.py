"""Problems with a file itself (encoding, fences, YAML syntax) and how they read."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ..conftest import NETWORK_FI, Run, Site

NETWORK = "fi/networks/sumppi.md"
PATH = f"content/{NETWORK}"


def only_error(cli: Callable[..., Run], site: Site) -> str:
    result = cli("check", "--root", site.root)
    assert result.code == 1
    assert "Traceback" not in result.err
    [line] = [e for e in result.lines if e.startswith(PATH)]
    return line


def test_utf8_bom_and_crlf_are_accepted(cli: Callable[..., Run], site: Site) -> None:
    path = site.write(NETWORK, NETWORK_FI)
    path.write_bytes(b"\xef\xbb\xbf" + NETWORK_FI.replace("\n", "\r\n").encode("utf-8"))
    assert cli("check", "--root", site.root).code == 0


def test_invalid_utf8_names_the_line(cli: Callable[..., Run], site: Site) -> None:
    path = site.write(NETWORK, NETWORK_FI)
    path.write_bytes(NETWORK_FI.encode("utf-8").replace(b"Viikoittainen", b"Viikoittainen \xe4"))
    assert only_error(cli, site) == f"{PATH}:3: file is not valid UTF-8; save it as UTF-8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "1: file is empty; it needs YAML frontmatter and a body"),
        ("Just text\n", "1: file must begin with a '---' line opening the YAML frontmatter"),
        ("---\ntitle: x\nbody\n", "1: frontmatter opened with '---' on line 1 is never closed by '---'"),
        ("---\n---\nbody\n", "1: frontmatter is empty"),
        ("---\n- a\n- b\n---\nbody\n", "2: frontmatter must be a mapping of 'key: value' lines, not a list"),
        (
            "---\njust words\n---\nbody\n",
            "2: frontmatter must be a mapping of 'key: value' lines, not a single value",
        ),
        ("---\ntitle: a\ntitle: b\n---\nbody\n", "3: duplicate key 'title' (first given on line 2)"),
        (
            "---\ntitle: &t x\nsummary: *t\n---\nbody\n",
            "3: YAML aliases (*name) are not allowed; write the value out",
        ),
        (
            "---\ntitle: !!python/object:os.system {}\n---\nbody\n",
            "2: YAML tag tag:yaml.org,2002:python/object:os.system is not allowed",
        ),
        (
            "---\ntitle: !!python/name:os.system\n---\nbody\n",
            "2: YAML tag tag:yaml.org,2002:python/name:os.system is not allowed",
        ),
        (
            "---\ntitle: x\n\tsummary: y\n---\nbody\n",
            "3: invalid YAML: tab characters cannot indent YAML; use spaces",
        ),
        (
            "---\ntitle: [unclosed\n---\nbody\n",
            "2: invalid YAML: the '[' opened on this line is not closed with ']' where expected",
        ),
    ],
)
def test_broken_file(cli: Callable[..., Run], site: Site, text: str, expected: str) -> None:
    site.write(NETWORK, text)
    assert only_error(cli, site).startswith(f"{PATH}:{expected}")


def test_billion_laughs_is_refused_quickly(cli: Callable[..., Run], site: Site) -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    site.write(NETWORK, "\n".join([*lines, "---", "body", ""]))
    assert only_error(cli, site) == f"{PATH}:3: YAML aliases (*name) are not allowed; write the value out"


def test_symlink_outside_content_is_refused(cli: Callable[..., Run], site: Site) -> None:
    outside = site.root / "secret.md"
    outside.write_text(NETWORK_FI)
    (site.root / "content/fi/networks/linkki.md").symlink_to(outside)
    result = cli("check", "--root", site.root)
    assert "content/fi/networks/linkki.md: symbolic link pointing outside content/ is refused" in result.lines


def test_unreadable_file(cli: Callable[..., Run], site: Site) -> None:
    import os

    if os.geteuid() == 0:
        # root reads everything; make it a dangling link instead, which reading also fails on
        path = site.root / "content/fi/networks/poissa.md"
        path.symlink_to(site.root / "content/fi/networks/nothing-here.md")
    else:
        path = site.write("fi/networks/poissa.md", NETWORK_FI)
        path.chmod(0)
    result = cli("check", "--root", site.root)
    assert any(e.startswith("content/fi/networks/poissa.md: cannot read file") for e in result.lines), result.lines
