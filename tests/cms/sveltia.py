"""Driving the web editor (Sveltia CMS, ``test-repo`` backend) from Playwright, as an editor.

The test-repo backend keeps the "repository" in the Origin Private File System (OPFS)
under the directory ``sveltia-cms-test`` of ``navigator.storage.getDirectory()``;
paths inside it are repo-relative (``content/fi/networks/x.md``).
"""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path
from typing import Literal

from playwright.sync_api import Locator, Page, expect

OPFS_ROOT = "sveltia-cms-test"
Locale = Literal["fi", "sv", "_default"]  # "_default": pane of a non-i18n file (organisations.yaml)


_SEED_JS = """
async ([root, files, wipe]) => {
  const top = await navigator.storage.getDirectory();
  if (wipe) { try { await top.removeEntry(root, { recursive: true }); } catch (e) {} }
  let dir = await top.getDirectoryHandle(root, { create: true });
  for (const [path, b64] of Object.entries(files)) {
    const parts = path.split('/');
    let d = dir;
    for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p, { create: true });
    const fh = await d.getFileHandle(parts.at(-1), { create: true });
    const w = await fh.createWritable();
    await w.write(Uint8Array.from(atob(b64), c => c.charCodeAt(0)));
    await w.close();
  }
  return Object.keys(files).length;
}
"""

_READ_JS = """
async (root) => {
  const top = await navigator.storage.getDirectory();
  let dir;
  try { dir = await top.getDirectoryHandle(root); } catch (e) { return {}; }
  const out = {};
  const walk = async (d, prefix) => {
    for await (const [name, h] of d.entries()) {
      const p = prefix ? prefix + '/' + name : name;
      if (h.kind === 'directory') await walk(h, p);
      else out[p] = await (await h.getFile()).text();
    }
  };
  await walk(dir, '');
  return out;
}
"""


def seed_opfs(page: Page, files: dict[str, bytes | str], wipe: bool = True) -> int:
    """Write ``files`` (repo-relative path -> content) into the test-repo OPFS directory.

    The page must already be on the CMS origin (any same-origin URL). With ``wipe`` the
    previous test repository is deleted first. Reload/open the CMS afterwards.
    """
    enc = {
        path: base64.b64encode(data.encode("utf-8") if isinstance(data, str) else data).decode("ascii")
        for path, data in files.items()
    }
    return int(page.evaluate(_SEED_JS, [OPFS_ROOT, enc, wipe]))


def read_opfs(page: Page) -> dict[str, str]:
    """Return every file of the test repository (repo-relative path -> UTF-8 text)."""
    found: dict[str, str] = page.evaluate(_READ_JS, OPFS_ROOT)
    return found


# --------------------------------------------------------------------------- UI helpers
# All names below are those of the Finnish UI (browser locale fi-FI, or
# localStorage["sveltia-cms.prefs"] = {"locale": "fi"}). Sveltia wraps interpolated
# words in aria names with bidi isolates U+2068/U+2069, hence the regexes.

_ISO = "[\u2068\u2069]?"
LOCALE_LABEL_FI = {"fi": "Suomi", "sv": "Ruotsi", "_default": "_default"}
SIGN_IN_TEST_REPO = "Työskentele testirepositorion kanssa"


def _iso(text: str) -> str:
    return f"{_ISO}{re.escape(text)}{_ISO}"


def force_finnish_ui(page: Page) -> None:
    """Make the next CMS load use the Finnish UI whatever the browser locale (same origin)."""
    page.evaluate(
        """() => {
          const k = 'sveltia-cms.prefs';
          const p = JSON.parse(localStorage.getItem(k) || '{}');
          p.locale = 'fi';
          localStorage.setItem(k, JSON.stringify(p));
        }"""
    )


def open_cms(page: Page, admin_url: str, timeout: float = 20_000) -> None:
    """Load the admin page and sign in to the test repository if asked.

    After the first sign-in, localStorage "sveltia-cms.user" = {"backendName":"test-repo"}
    makes later loads skip the welcome screen.
    """
    page.goto(admin_url)
    tree = page.get_by_role("tree", name="Kokoelmalistaus")
    sign_in = page.get_by_role("button", name=SIGN_IN_TEST_REPO)
    expect(tree.or_(sign_in)).to_be_visible(timeout=timeout)
    if sign_in.is_visible():
        sign_in.click()
    expect(tree).to_be_visible(timeout=timeout)


def _go_hash(page: Page, fragment: str) -> None:
    page.evaluate("f => { location.hash = f; }", fragment)


def editor_pane(page: Page, locale: Locale = "fi") -> Locator:
    """The editing pane ("Muokkaa kielen X sisältöä") of one content locale."""
    name = re.compile(f"^Muokkaa kielen {_iso(LOCALE_LABEL_FI[locale])} sisältöä$")
    return page.get_by_role("group", name=name)


def show_locale(page: Page, locale: Locale, enable: bool = True) -> Locator:
    """Make sure an editing pane for ``locale`` is on screen and return it.

    The default locale (fi) is the left pane; the right pane shows the preview until its
    "Ruotsi" radio is clicked, which turns it into the Swedish editor (side by side).
    If the entry has no Swedish file the radio is "Ruotsi (pois käytöstä)" and the pane
    shows a button "Ota käyttöön: Ruotsi"; with ``enable`` it is clicked (the save then
    creates the Swedish file).
    """
    label = LOCALE_LABEL_FI[locale]
    pane = editor_pane(page, locale)
    if pane.count() == 0 and locale != "_default":
        page.get_by_role("radio", name=re.compile(f"^{re.escape(label)}( \\(.*\\))?$")).last.click()
    expect(pane).to_be_visible()
    enable_btn = pane.get_by_role("button", name=re.compile(f"^Ota käyttöön: {_iso(label)}$"))
    if enable and enable_btn.count():
        enable_btn.click()
        expect(enable_btn).to_have_count(0)
    return pane


def _wait_editor(page: Page, timeout: float = 20_000) -> None:
    expect(page.get_by_role("button", name="Tallenna", exact=True)).to_be_visible(timeout=timeout)
    pane = page.get_by_role("group", name=re.compile("^Muokkaa kielen .* sisältöä$")).first
    expect(pane).to_be_visible(timeout=timeout)


def new_entry(page: Page, collection: str) -> None:
    """Open the "new entry" editor of an entry collection (hash route)."""
    _go_hash(page, f"#/collections/{collection}/new")
    _wait_editor(page)


def open_entry(page: Page, collection: str, slug: str) -> None:
    """Open an existing entry (slug = file name without .md) or, for a file collection,
    the file by its config name (e.g. open_entry(page, "organisations", "organisations"))."""
    _go_hash(page, f"#/collections/{collection}/entries/{slug}")
    _wait_editor(page)


def set_slug(page: Page, slug: str) -> None:
    """Fill the id (file name) in the "Slug" side panel of a new entry."""
    page.get_by_role("textbox", name="Slug", exact=True).fill(slug)


def field(page: Page, label: str, locale: Locale = "fi") -> Locator:
    """The group wrapping one field (aria name: ”Label”-kenttä) in a locale's pane."""
    name = re.compile(f"^”{_iso(label)}”-kenttä$")
    return show_locale(page, locale).get_by_role("group", name=name).first


def reveal(page: Page, pane: Locator, control: Locator) -> Locator:
    """``control`` once it is on screen: the editor draws a field only when it scrolls into
    view, so a field far down the form is found by scrolling the pane, as an editor would."""
    for _ in range(40):
        if control.count():
            control.first.scroll_into_view_if_needed()
            return control.first
        box = pane.bounding_box()
        if box is not None:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 400))
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(50)
    raise AssertionError(f"no such field on the form: {control}")


def fill_field(page: Page, label: str, value: str, locale: Locale = "fi") -> None:
    """Fill a string/text/markdown field (textbox named after the field label)."""
    pane = show_locale(page, locale)
    reveal(page, pane, pane.get_by_role("textbox", name=label, exact=True)).fill(value)


def set_select(page: Page, label: str, value: str, locale: Locale = "fi") -> None:
    """A select of up to five options is a radio group named after the label; a longer one a
    combobox whose options are listed when it is opened."""
    pane = show_locale(page, locale)
    group = pane.get_by_role("radiogroup", name=label, exact=True).or_(
        pane.get_by_role("combobox", name=label, exact=True)
    )
    control = reveal(page, pane, group)
    if control.get_attribute("role") == "radiogroup":
        control.get_by_role("radio", name=value, exact=True).check()
    else:
        control.click()
        page.get_by_role("option", name=value, exact=True).first.click()


def set_boolean(page: Page, label: str, value: bool, locale: Locale = "fi") -> None:
    pane = show_locale(page, locale)
    sw = reveal(page, pane, pane.get_by_role("switch", name=label, exact=True))
    if sw.is_checked() != value:
        sw.click()
    expect(sw).to_be_checked(checked=value)


def set_relation(page: Page, label: str, option_text: str, locale: Locale = "fi") -> None:
    """Relation widget: combobox named after the label; options show display_fields."""
    pane = show_locale(page, locale)
    reveal(page, pane, pane.get_by_role("combobox", name=label, exact=True)).click()
    page.get_by_role("option", name=option_text, exact=True).first.click()


class SaveError(RuntimeError):
    """The CMS refused to save (validation errors are listed)."""


def save(page: Page, collection: str, timeout_s: float = 20.0) -> None:
    """Click "Tallenna" and wait until the editor closes back to the collection list.

    With the default pref closeOnSave the hash becomes #/collections/<collection>. If a
    field is invalid the editor stays open and shows role=alert messages (e.g.
    "Tämä kenttä on pakollinen.") and the locale radio becomes "Suomi (virhe)": raise.
    """
    page.get_by_role("button", name="Tallenna", exact=True).click()
    done = re.compile(rf"#/collections/{re.escape(collection)}$")
    editor = page.get_by_role("group", name="Sisällön muokkain")
    end = time.monotonic() + timeout_s
    invalid = page.get_by_role("radio", name=re.compile(r"\(virhe\)$"))
    while not done.search(page.url):
        if invalid.count():
            page.wait_for_timeout(100)  # let all alerts render
            msgs = []
            for field_group in editor.get_by_role("group", name=re.compile("-kenttä$")).all():
                alert = field_group.get_by_role("alert")
                if alert.count():
                    label = (field_group.get_attribute("aria-label") or "").replace("\u2068", "").replace("\u2069", "")
                    text = alert.first.inner_text().replace("error", "", 1).strip()
                    msgs.append(f"{label}: {text}")
            raise SaveError("; ".join(msgs) or "validation error")
        if time.monotonic() > end:
            raise TimeoutError("editor did not close after Tallenna")
        page.wait_for_timeout(50)


def wait_for_file(page: Page, path: str, contains: str = "", timeout_s: float = 10.0) -> str:
    """Poll OPFS until ``path`` exists (and contains ``contains``); return its text."""
    end = time.monotonic() + timeout_s
    while True:
        text = read_opfs(page).get(path)
        if text is not None and contains in text:
            return text
        if time.monotonic() > end:
            raise TimeoutError(f"{path} not written (contains={contains!r})")
        page.wait_for_timeout(100)


def load_tree(root: str, prefix: str = "content") -> dict[str, bytes]:
    """Read a directory into {repo-relative path: bytes}, e.g. load_tree('/work/main/content')."""
    base = Path(root)
    return {
        f"{prefix}/{p.relative_to(base).as_posix()}": p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()
    }
