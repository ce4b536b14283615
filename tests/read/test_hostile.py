"""Broken and hostile content: a clear diagnostic, quickly, never a traceback; nothing executes;
nothing is lost; the same content always gives the same bytes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from generator.build.output import FolderWriter, OutputError, apply_changes
from generator.build.publish import build
from generator.read.load import load_register

from ..conftest import NETWORK_FI, Run, Site, serving

BROKEN: dict[str, bytes | str] = {
    "bad-utf8.md": b"---\ntitle: \xff\xfe\n---\nText.\n",
    "empty.md": "",
    "unclosed.md": "---\ntitle: x\nsummary: y\n",
    "tabs.md": "---\ntitle: x\n\tsummary: y\n---\nText.\n",
    "duplicate-keys.md": "---\ntitle: a\ntitle: b\n---\nText.\n",
    "laughs.md": "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\nText.\n",
    "python-tag.md": "---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\nText.\n",
    "a-list.md": "---\n- a\n- b\n---\nText.\n",
    "a-scalar.md": "---\njust text\n---\nText.\n",
    "deep-yaml.md": "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nText.\n",
    "long-line.md": NETWORK_FI.replace("Verkoston kuvaus.", "x" * 200_000),
    "deep-lists.md": NETWORK_FI.replace("Verkoston kuvaus.", "\n".join("  " * n + "- taso" for n in range(60))),
    "Digisumpit.md": NETWORK_FI,
    "bad_name.md": NETWORK_FI,
}


def plant(site: Site) -> None:
    folder = site.root / "content/fi/networks"
    for name, text in BROKEN.items():
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    (folder / "huge.md").write_text(NETWORK_FI + "x" * 10_000_000)
    (folder / "folder.md").mkdir()
    outside = site.root / "outside.md"
    outside.write_text(NETWORK_FI)
    (folder / "link.md").symlink_to(outside)
    organisations = site.root / "content/organisations.yaml"
    organisations.write_text(organisations.read_text() + "- id: vm\n  name: {fi: toinen, sv: annan}\n")


def test_broken_corpus_gives_one_clear_line_per_problem_quickly(cli: Callable[..., Run], site: Site) -> None:
    plant(site)
    started = time.monotonic()
    result = cli("check", "--root", site.root)
    assert time.monotonic() - started < 20
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.lines
    for name in [*BROKEN, "huge.md", "folder.md", "link.md"]:
        assert any(line.startswith(f"content/fi/networks/{name}") for line in lines), (name, lines)
    assert any(line.startswith("content/organisations.yaml:") and "duplicate organisation id" in line for line in lines)
    assert not Path("/tmp/pwned").exists()
    expected = {
        "laughs.md": "YAML aliases (*name) are not allowed",
        "python-tag.md": "YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
        "huge.md": "the limit is 5 MiB",
        "long-line.md": "characters long; the limit is 100,000",
        "deep-lists.md": "deep; the limit is 40",
        "Digisumpit.md": "is not a valid id",
        "link.md": "symbolic link pointing outside content/ is refused",
        "deep-yaml.md": "nested too deeply",
    }
    for name, message in expected.items():
        assert any(f"content/fi/networks/{name}" in line and message in line for line in lines), (name, lines)


def test_build_of_broken_corpus_writes_nothing(cli: Callable[..., Run], site: Site) -> None:
    plant(site)
    assert cli("build", "--root", site.root).code == 1
    assert not site.out.exists()


yaml_scalars = st.one_of(
    st.text(max_size=40), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates()
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
keys = st.sampled_from(
    [
        "title",
        "summary",
        "organisation",
        "people",
        "status",
        "related",
        "schedule",
        "website",
        "tags",
        "translation_of",
        "x",
    ]
) | st.text(max_size=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    front=st.one_of(
        st.dictionaries(keys, yaml_values, max_size=8).map(lambda d: __import__("yaml").safe_dump(d)),
        st.text(max_size=200),
    ),
    body=st.text(max_size=300),
)
def test_any_frontmatter_and_markdown_give_an_item_or_a_diagnostic(site: Site, front: str, body: str) -> None:
    path = site.root / "content/fi/networks/sumppi.md"
    path.write_bytes(f"---\n{front}\n---\n{body}".encode("utf-8", "replace"))
    register, diagnostics = load_register(site.root)  # must not raise
    assert ("sumppi" in register.items) or any(d.path == "content/fi/networks/sumppi.md" for d in diagnostics)


PAYLOADS = [
    "<script>alert('title')</script>",
    "</title><script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
]


def hostile_register(site: Site) -> None:
    import json

    payload = " ".join(PAYLOADS)
    site.write(
        "fi/networks/sumppi.md",
        "---\n"
        f"title: {json.dumps(payload)}\n"
        f"summary: {json.dumps(payload)}\n"
        "organisation: vm\n"
        f"people: [{{name: {json.dumps(PAYLOADS[2])}, role: leader, organisation: vm}}]\n"
        f"schedule: {json.dumps(PAYLOADS[3])}\n"
        "status: active\n"
        f"tags: [{json.dumps(PAYLOADS[0])}, {json.dumps(PAYLOADS[4])}]\n"
        "related: [digitaaliset-keinot]\n"
        "---\n"
        f"{payload}\n\n[klikkaa](javascript:alert(5)) "
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)\n\n"
        '[otsikko](https://example.fi "\\"><script>alert(7)</script>")\n\n'
        "<iframe src=javascript:alert(8)></iframe>\n",
    )


def test_payloads_are_inert_in_the_browser(browser: Browser, site: Site, cli: Callable[..., Run]) -> None:
    hostile_register(site)
    assert cli("build", "--root", site.root).code == 0
    with serving(site.out) as base:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            for path in (
                "/fi/verkostot/sumppi/",
                "/sv/natverk/sumppi/",
                "/fi/verkostot/",
                "/fi/",
                "/fi/hankkeet/digitaaliset-keinot/",
                "/fi/haku/?q=script",
                "/fi/haku/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E",
            ):
                page.goto(base + path)
                if "haku" in path:
                    page.wait_for_selector("#search[data-busy=false]")
                assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0, path
                scripts = page.evaluate("[...document.scripts].map(s => new URL(s.src).pathname)")
                assert all(src.startswith("/static/") for src in scripts), (path, scripts)
                assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0, path
                handlers = page.evaluate(
                    "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
                    ".filter(n => n.startsWith('on'))"
                )
                assert not handlers, (path, handlers)
                hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href') || '')")
                assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))], path
            page.goto(base + "/fi/verkostot/sumppi/")
            assert "</title><script>alert(1)</script>" in page.title()
            assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
            assert not dialogs
        finally:
            context.close()
    import json

    exported = json.loads((site.out / "data/register.json").read_text())
    [network] = [i for i in exported["items"] if i["id"] == "sumppi"]
    assert network["translations"]["fi"]["title"] == " ".join(PAYLOADS)  # carried as text, exactly


def test_output_paths_cannot_leave_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside the output folder"):
        FolderWriter(tmp_path / "out").put("../escaped.html", b"x")
    with pytest.raises(OutputError, match="outside the output folder"):
        apply_changes(tmp_path / "out", {"../escaped.html": b"x"}, [])
    assert not (tmp_path / "escaped.html").exists()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }


def test_two_builds_are_byte_identical(shipped: Site, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(shipped.root, first, use_cache=False).ok
    assert build(shipped.root, second, use_cache=False, workers=1).ok
    assert tree(first) == tree(second)
    # The search bundle's file names vary between runs; what it finds must not.
    entry_a = (first / "pagefind/pagefind-entry.json").read_text()
    entry_b = (second / "pagefind/pagefind-entry.json").read_text()
    assert '"page_count":12' in entry_a.replace(" ", "") and '"page_count":12' in entry_b.replace(" ", "")


def test_killed_builds_leave_the_last_site_complete(shipped: Site) -> None:
    executable = Path(sys.executable).with_name("rekisteri")
    assert subprocess.run([executable, "build", "--root", shipped.root, "-q"], check=False).returncode == 0
    before = tree(shipped.out)
    source = shipped.root / "content/fi/networks/digisumpit.md"
    for delay in (0.05, 0.3, 0.6, 1.0, 1.5, 2.5):
        source.write_text(source.read_text() + f"\nLisäys {delay}.\n")
        process = subprocess.Popen([executable, "build", "--root", shipped.root, "-q"])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = tree(shipped.out)
        # Either the old site or a complete new one, never a mixture or nothing.
        assert current == before or (len(current) == len(before) and "fi/index.html" in current), delay
        assert (shipped.out / "pagefind/pagefind-entry.json").is_file()
        before = current
    assert subprocess.run([executable, "build", "--root", shipped.root, "-q"], check=False).returncode == 0
    leftovers = [p.name for p in shipped.root.iterdir() if p.name.startswith(".build-staging-")]
    assert leftovers == []
    assert "Lisäys 2.5." in (shipped.out / "fi/verkostot/digisumpit/index.html").read_text()
