"""Rebuilding only what an edit shows gives exactly the site a full build gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.site import SiteBuilder
from generator.diagnostics import display_path

from ..conftest import NETWORK_FI, PROJECT_FI, Site


def full_build(root: Path) -> dict[str, bytes]:
    fresh = SiteBuilder(root)
    assert fresh.rebuild().ok
    return fresh.files


def edit(site: Site, relative: str, old: str, new: str) -> Path:
    path = site.root / "content" / relative
    path.write_text(path.read_text().replace(old, new))
    return path


SCENARIOS: dict[str, Callable[[Site], list[Path]]] = {
    "title": lambda s: [edit(s, "fi/networks/sumppi.md", "title: Sumppi", "title: Sumppi uusi")],
    "body": lambda s: [edit(s, "fi/networks/sumppi.md", "Verkoston kuvaus.", "Uusi kuvaus.")],
    "related added": lambda s: [
        edit(s, "fi/networks/sumppi.md", "status: active", "status: active\nrelated: [kokous-2021]")
    ],
    "organisation changed": lambda s: [edit(s, "fi/networks/sumppi.md", "organisation: vm", "organisation: lvm")],
    "deleted": lambda s: [_delete(s, "fi/meetings/kokous-2021.md")],
    "added": lambda s: [s.write("fi/networks/uusi.md", NETWORK_FI.replace("Sumppi", "Uusi"))],
    "translation added": lambda s: [s.write("sv/networks/sumppi.md", "---\ntitle: Sumpen\nsummary: S.\n---\nText.\n")],
    # the Swedish page becomes a fallback: noindex, out of the sitemap and of the Finnish page's alternates
    "translation removed": lambda s: [_delete(s, "sv/projects/digitaaliset-keinot.md")],
    "source prose edited": lambda s: [edit(s, "fi/projects/digitaaliset-keinot.md", "Teksti.", "Muutos.")],
    "body links added": lambda s: [
        edit(s, "fi/projects/digitaaliset-keinot.md", "Teksti.", "[Sumppi](../networks/sumppi.md), [haku](/fi/haku/).")
    ],
}


def _delete(site: Site, relative: str) -> Path:
    path = site.root / "content" / relative
    path.unlink()
    return path


@pytest.mark.parametrize("serve_way", [False, True], ids=["cli", "serve"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_incremental_rebuild_equals_full_build(site: Site, scenario: str, serve_way: bool) -> None:
    """``serve_way``: the watcher's list is trusted and the non-page files come after."""
    builder = SiteBuilder(site.root)
    assert builder.rebuild().ok
    before = dict(builder.files)
    changed = SCENARIOS[scenario](site)
    delta = builder.rebuild(changed, watched=serve_way, defer_files=serve_way)
    assert delta.ok and not delta.full
    rest = builder.finish()
    assert builder.files == full_build(site.root)
    # Only what changed was written, and the untouched pages were not even rendered.
    changed_paths = set(delta.changed) | set(rest.changed)
    assert changed_paths == {p for p, data in builder.files.items() if before.get(p) != data}
    # An edit also rewrites its item's two JSON files and the catalogue record's two (which give
    # every data file's size): four files beyond the count of pages the bound was first set by.
    assert delta.rendered + rest.rendered < len([p for p in builder.files if p.endswith(".html")]) + 4


def test_title_edit_touches_only_pages_that_show_it(site: Site) -> None:
    builder = SiteBuilder(site.root)
    builder.rebuild()
    delta = builder.rebuild(SCENARIOS["title"](site))
    assert set(delta.changed) == {
        "fi/verkostot/sumppi/index.html",
        "fi/verkostot/index.html",
        "fi/index.html",
        "fi/organisaatiot/vm/index.html",
        "fi/kaannokset/index.html",
        # the Swedish site shows the Finnish-only network's Finnish title
        "sv/natverk/sumppi/index.html",
        "sv/natverk/index.html",
        "sv/index.html",
        "sv/organisationer/vm/index.html",
        "sv/oversattningar/index.html",
        # the project names it among its related items
        "fi/hankkeet/digitaaliset-keinot/index.html",
        "sv/projekt/digitaaliset-keinot/index.html",
        # the browsable lists it is on, by organisation and by status
        "fi/verkostot/organisaatio/vm/index.html",
        "sv/natverk/organisation/vm/index.html",
        "fi/verkostot/tila/kaynnissa/index.html",
        "sv/natverk/status/pagaende/index.html",
        # the people index names the network beside its leader
        "fi/henkilot/index.html",
        "sv/personer/index.html",
        # feeds and open data
        "fi/feed.xml",
        "sv/feed.xml",
        "fi/verkostot/feed.xml",
        "sv/natverk/feed.xml",
        "fi/organisaatiot/vm/feed.xml",
        "sv/organisationer/vm/feed.xml",
        "data/register.json",
        "data/networks.csv",
        "data/items.csv",  # the index of every item, with its titles
        # the network's own JSON, and the catalogue record giving the files' new sizes
        "fi/verkostot/sumppi/index.json",
        "sv/natverk/sumppi/index.json",
        "data/catalog.ttl",
        "data/catalog.jsonld",
    }


def test_settings_or_theme_change_rebuilds_everything(site: Site) -> None:
    builder = SiteBuilder(site.root)
    builder.rebuild()
    settings = site.root / "pyproject.toml"
    settings.write_text(settings.read_text().replace("Testirekisteri", "Uusi nimi"))
    delta = builder.rebuild([settings])
    assert delta.full
    assert builder.files == full_build(site.root)


def test_errors_leave_the_last_good_site(site: Site) -> None:
    builder = SiteBuilder(site.root)
    builder.rebuild()
    before = dict(builder.files)
    broken = edit(site, "fi/networks/sumppi.md", "status: active", "status: asleep")
    delta = builder.rebuild([broken])
    assert not delta.ok and not delta.written
    assert builder.files == before
    fixed = edit(site, "fi/networks/sumppi.md", "status: asleep", "status: ended")
    assert builder.rebuild([fixed]).ok
    assert builder.files == full_build(site.root)
    assert PROJECT_FI  # the fixture's project is untouched throughout


def test_watched_and_deferred_rebuild_equals_full_build(site: Site) -> None:
    """serve's way: trust the watcher's list, write the edited pages first, then the other files
    and the pages that sum up the whole register."""
    builder = SiteBuilder(site.root)
    assert builder.rebuild().ok
    changed = SCENARIOS["title"](site)
    delta = builder.rebuild(changed, watched=True, defer_files=True)
    assert delta.ok and all(path.endswith(".html") for path in delta.changed)
    assert "fi/verkostot/sumppi/index.html" in delta.changed
    assert "fi/henkilot/index.html" not in delta.changed
    rest = builder.finish()
    assert {"fi/feed.xml", "data/register.json", "data/networks.csv"} <= set(rest.changed)
    # The people index names the network beside its leader, the translation status lists its
    # title: written after, not before the reload.
    assert {path for path in rest.changed if path.endswith(".html")} == {
        "fi/henkilot/index.html",
        "sv/personer/index.html",
        "fi/kaannokset/index.html",
        "sv/oversattningar/index.html",
    }
    assert builder.files == full_build(site.root)
    assert not builder.finish().changed  # nothing left


@pytest.mark.parametrize("serve_way", [False, True], ids=["cli", "serve"])
def test_link_target_deleted_and_restored(site: Site, serve_way: bool) -> None:
    """The linking page's error comes and goes with its target; the site ends as a full build."""
    linking = edit(site, "fi/projects/digitaaliset-keinot.md", "Teksti.", "[Kokous](../meetings/kokous-2021.md).")
    builder = SiteBuilder(site.root)
    assert builder.rebuild().ok
    target = site.root / "content/fi/meetings/kokous-2021.md"
    text = target.read_text()
    target.unlink()
    delta = builder.rebuild([target], watched=serve_way, defer_files=serve_way)
    assert [(d.path, d.field) for d in delta.diagnostics] == [(display_path(linking, site.root), "body")]
    target.write_text(text)
    delta = builder.rebuild([target], watched=serve_way, defer_files=serve_way)
    assert delta.ok
    builder.finish()
    assert builder.files == full_build(site.root)


def test_watched_body_edits_find_what_a_full_check_finds(site: Site) -> None:
    """serve checks an edit of bodies from its last check (re-reading only the edited files):
    its problems, warnings and pages must be a full check's, link by link."""
    builder = SiteBuilder(site.root, drafts=True)
    assert builder.rebuild().ok
    project = "fi/projects/digitaaliset-keinot.md"
    steps = [
        (project, "Teksti.", "Teksti. [Rikki](../meetings/ei-ole.md)."),
        (project, "[Rikki](../meetings/ei-ole.md)", "[Kokous](../meetings/kokous-2021.md)"),
        (project, "Teksti.", "Teksti. [Kohta](#tavoitteet) [Ei](#puuttuu)."),
        (project, "[Ei](#puuttuu).", "Loppu."),
        (project, "Loppu.", "Loppu. [Verkosto](../networks/sumppi.md)."),  # from the last check
        (project, "Loppu.", "Loppu.\n\n## Uusi osio\n\nTeksti."),  # a new heading: checked whole
        ("fi/networks/sumppi.md", "Verkoston kuvaus.", "Verkoston kuvaus, pidempi."),
    ]
    for relative, old, new in steps:
        path = edit(site, relative, old, new)
        delta = builder.rebuild([path], watched=True, defer_files=True)
        clean = SiteBuilder(site.root, drafts=True)
        full = clean.rebuild()
        assert delta.diagnostics == full.diagnostics, new
        if delta.ok:
            builder.finish()
            assert builder.files == clean.files, new
