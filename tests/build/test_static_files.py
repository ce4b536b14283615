"""The theme's static files are published under content-hashed names, so hosts can cache them for
a year: every page links the current names, a changed file gets a new name (and so does every
file that imports it), and no earlier name lingers in the output."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from bs4 import BeautifulSoup

from generator.render.assets import hash_static, hashed_name

from ..commands.test_cli import rekisteri
from ..conftest import REPO, Site

HASHED = re.compile(r"^[\w-]+\.[0-9a-f]{10}\.[a-z]+$")
THEME = REPO / "themes" / "default" / "static"


def build(site: Site) -> None:
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 0, result.stderr


def static_names(site: Site) -> set[str]:
    return {path.name for path in (site.out / "static").iterdir()}


def linked_static(site: Site) -> set[str]:
    """Every static file a page links (stylesheet, icon, script), as a path inside the output."""
    found = set()
    for page in site.out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("link[rel~=stylesheet], link[rel~=icon], script[src]"):
            target = str(tag.get("href") or tag.get("src"))
            if target.startswith("/"):  # the 404 page's links are absolute from the base path
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(page.parent.relative_to(site.out).as_posix(), target))
            found.add(path)
    return found


def use_own_theme(site: Site) -> Path:
    """The register's theme ``oma`` over the default one; its ``static/`` folder."""
    settings = site.root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8").replace("[tool.rekisteri]\n", '[tool.rekisteri]\ntheme = "oma"\n')
    settings.write_text(text, encoding="utf-8")
    static = site.root / "themes" / "oma" / "static"
    static.mkdir(parents=True)
    return static


def test_static_files_have_hashed_names_and_every_page_links_them(site: Site) -> None:
    build(site)
    names = static_names(site)
    assert names and all(HASHED.match(name) for name in names), names
    assert {name.split(".")[0] for name in names} == {"style", "favicon", "search", "query"}
    linked = linked_static(site)
    assert all((site.out / path).is_file() for path in linked), linked
    linked_names = {posixpath.basename(path) for path in linked}
    assert linked_names == {name for name in names if not name.startswith("query.")}  # search.js imports it
    style = next((site.out / "static").glob("style.*.css"))
    assert style.read_bytes() == (THEME / "style.css").read_bytes()
    search = next((site.out / "static").glob("search.*.js")).read_text(encoding="utf-8")
    query = next((site.out / "static").glob("query.*.js")).name
    assert f'from "./{query}"' in search
    assert 'from "./query.js"' not in search


def test_a_changed_file_is_renamed_and_its_old_name_removed(site: Site) -> None:
    static = use_own_theme(site)
    build(site)
    before = static_names(site)
    (static / "style.css").write_text((THEME / "style.css").read_text() + "body { color: #000; }\n")
    build(site)  # with the cache of the build before
    after = static_names(site)
    assert len(after) == len(before)
    assert {n for n in before - after} == {n for n in before if n.startswith("style.")}
    new_style = next(n for n in after if n.startswith("style."))
    assert all(path.endswith(new_style) for path in linked_static(site) if "style." in path)

    # query.js changed: search.js, which imports it, is renamed too; the stylesheet is not
    (static / "query.js").write_text((THEME / "query.js").read_text() + "// changed\n")
    build(site)
    final = static_names(site)
    assert {n.split(".")[0] for n in after - final} == {"query", "search"}
    assert new_style in final
    assert all((site.out / path).is_file() for path in linked_static(site))


def test_an_unknown_static_file_in_a_template_is_a_template_error(site: Site) -> None:
    use_own_theme(site)
    templates = site.root / "themes" / "oma" / "templates"
    templates.mkdir(parents=True)
    search = (REPO / "themes" / "default" / "templates" / "search.html").read_text(encoding="utf-8")
    (templates / "search.html").write_text(search.replace("'search.js' | static", "'haku.js' | static"))
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = r"themes/oma/templates/search\.html:\d+: template error: .*no static file 'haku\.js'"
    assert re.search(expected, result.stderr), result.stderr


# --- the hashing itself ----------------------------------------------------------------------


def test_hashed_name_goes_before_the_last_suffix() -> None:
    assert hashed_name("style.css", "abc") == "style.abc.css"
    assert hashed_name("lib/x.min.js", "abc") == "lib/x.min.abc.js"
    assert hashed_name("LICENSE", "abc") == "LICENSE.abc"


def test_references_are_rewritten_and_cycles_are_hashed_whole(tmp_path: Path) -> None:
    files = {
        "a.js": b'import { b } from "./lib/b.js";\nconst url = new URL("pagefind.js", base);\n',
        "lib/b.js": b'export const b = () => import("../a.js");\n',  # a cycle
        "style.css": b'@import "fonts.css"; .x { background: url(img/x.svg) } .y { background: url("data:,") }',
        "fonts.css": b"/* nothing */",
        "img/x.svg": b"<svg/>",
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    published = hash_static({name: tmp_path / name for name in files})
    names = published.names
    a, b = published.contents[names["a.js"]], published.contents[names["lib/b.js"]]
    assert f'from "./{names["lib/b.js"]}"'.encode() in a
    assert b'new URL("pagefind.js", base)' in a  # not a reference to a static file
    assert f'import("../{names["a.js"]}")'.encode() in b
    style = published.contents[names["style.css"]]
    assert f'@import "{names["fonts.css"]}"'.encode() in style
    assert f"url({names['img/x.svg']})".encode() in style and b'url("data:,")' in style

    # a change to one file of the cycle renames both; the stylesheet's names stay
    (tmp_path / "lib/b.js").write_bytes(files["lib/b.js"] + b"// changed\n")
    again = hash_static({name: tmp_path / name for name in files}).names
    assert again["a.js"] != names["a.js"] and again["lib/b.js"] != names["lib/b.js"]
    assert again["style.css"] == names["style.css"] and again["img/x.svg"] == names["img/x.svg"]
