"""The site held in memory, rebuilt whole or only where an edit shows.

``SiteBuilder.rebuild()`` validates the register (re-reading only files
whose bytes changed), works out which pages show what changed, plans and
renders just those, and reports the files whose bytes differ.  ``build`` uses
it once; ``serve`` keeps one alive and feeds it the paths it sees change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import urls
from ..cms.admin import BundleMissing, admin_configs, admin_shell, editor_inputs
from ..cms.config import item_choices
from ..diagnostics import Diagnostic, Severity, display_path, has_errors, sort_diagnostics
from ..pages.context import Memo
from ..pages.dependencies import ANY_ITEM, HISTORY, affected, history_key, kind_key, organisation_key
from ..pages.planner import PagePlanner
from ..pages.site_urls import site_urls
from ..pages.views import Gettext, PageSpec
from ..read.check import Checked, check, edited_files
from ..read.gitlog import (
    SHALLOW,
    SHALLOW_REASON,
    UNAVAILABLE,
    ContentHistory,
    GitHistory,
    read_head,
    read_history,
    updated_times,
)
from ..read.load import LoadCache
from ..read.model import KINDS, LANGS, Item, Register
from ..read.source import is_leftover
from ..render.renderer import Renderer, RenderError
from ..render.theme import Theme, find_theme_folders, load_theme
from ..text.editor import _e
from ..text.markdown import MarkdownRenderer
from .output import Writer
from .state import load_state, save_state
from .workers import Made, render, take


def inputs_fingerprint(root: Path, theme: str) -> str:
    """Digest of what concerns every page: settings, organisations, themes and the theme's files,
    and the web editor's bundle and start script (made with every full build)."""
    digest = hashlib.blake2b(digest_size=16)
    paths = [root / "pyproject.toml", root / "content" / "organisations.yaml", root / "content" / "themes.yaml"]
    folders, _ = find_theme_folders(root, theme)
    paths += sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and not is_leftover(p.name))
    paths += editor_inputs()
    for path in paths:
        digest.update(str(path).encode())
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def tune_collector() -> None:
    """A build allocates millions of long-lived objects (the register, parsed files, the saved
    state); with the default thresholds the cyclic collector walks them all again and again,
    about a fifth of an incremental rebuild.  Collect young objects less often instead."""
    gc.set_threshold(50_000, 20, 100)


#: What of the builder describes the output rather than the register: all an overlay saves.
OVERLAID = ("files", "published", "build_id", "search_digest", "search_key", "_since_base")
#: Edits since the saved state beyond which a build saves the whole state again: each run
#: re-reads and re-renders every edit since then.
LIGHT_EDITS = 32


def overlay_path(path: Path) -> Path:
    """Where :meth:`SiteBuilder.save` keeps a light rebuild's changes to the state at ``path``."""
    return path.with_name(f"{path.stem}.overlay{path.suffix}")


#: Told of progress: (stage, done, total); total 0 when unknown.
Progress = Callable[[str, int, int], None]


def _no_bundle() -> Diagnostic:
    """The register turns the editor on, but this machine has not made its files: an error,
    not a site published without the /admin/ its owner asked for."""
    message = _e("the web editor's files are not installed: run 'make site' (it runs 'npm ci' and scripts/bundle-cms)")
    return Diagnostic("pyproject.toml", 0, "cms", message, code="cms-bundle-missing")


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class Delta:
    """What one rebuild changed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # site paths whose bytes differ from the last build
    written: dict[str, bytes] = field(default_factory=dict)  # their new bytes, unless written into a folder
    removed: list[str] = field(default_factory=list)
    rendered: int = 0
    full: bool = True
    #: URLs of the pages and files rendered, when not the whole site: what an edit touched.
    rendered_urls: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class _Good:
    """The last state that built without errors."""

    checked: Checked
    theme: Theme | None  # None after loading a saved state: themes are loaded, not pickled
    planner: PagePlanner | None
    pages: dict[str, str]  # URL → site path of every page


class SiteBuilder:
    #: What the web editor's reference fields offered when its configurations were last made.
    admin_key = ""

    def __init__(self, root: Path, strict: bool = False, workers: int = 1, drafts: bool = False) -> None:
        """``drafts``: a preview (``serve``) that builds draft files too, each page with a banner;
        a published build leaves them out (see :mod:`read.join`)."""
        self.root = root
        self.strict = strict
        self.drafts = drafts
        self.workers = workers
        self.cache = LoadCache()
        self.files: dict[str, str] = {}  # site path → digest of its bytes
        self.dates: dict[Path, dt.datetime] = {}  # when each content file last changed, where known
        self.history = ContentHistory(UNAVAILABLE)  # the content's git history (see read.gitlog)
        self._history_prints: dict[str, tuple[object, ...]] = {}  # item id → its commits and times
        self.memo = Memo()
        self.inputs = ""
        self.search_digest = ""  # of the search documents behind the published bundle
        self.search_key = ""  # of what those documents were made from
        self.published = ""  # the output folder the saved state was last written to
        self.build_id = ""  # and the digest of what was written there
        self.last: _Good | None = None
        self._markdown = MarkdownRenderer()
        # Rendered Markdown sent back from render workers: for search documents and later
        # rebuilds; a pages-only CLI build turns it off (a gigabyte at 50,000 items).
        self.keep_markdown = True
        self._deferred: set[str] = set()  # URLs of files a rebuild left for finish()
        self._finisher: tuple[Renderer, list[PageSpec]] | None = None
        self._checked: Checked | None = None  # the latest check, good or not
        self._base = ""  # names the saved state this one was loaded from or saved as (see save)
        self._light = False  # the last rebuild only re-read a few item files' bodies: see save
        # URLs rendered since the saved state: their published bytes may not be what it would make.
        self._since_base: set[str] = set()
        self._memo_rows = 0  # in the memo's saved tables when the state was loaded

    @property
    def planner(self) -> PagePlanner | None:
        return self.last.planner if self.last else None

    def rebuild(
        self,
        changed: Iterable[Path] | None = None,
        progress: Progress | None = None,
        writer: Writer | None = None,
        watched: bool = False,
        defer_files: bool = False,
    ) -> Delta:
        """Rebuild after ``changed`` paths changed; everything when ``None``.

        Without a ``writer`` the changed files' bytes come back in the delta (``serve``
        applies them); with one, every file made goes to it as soon as it is made, so the
        site is never held in memory whole.  ``watched``: ``changed`` comes from a file
        watcher and is complete, so other files are not even looked at.  ``defer_files``:
        files that are not pages (feeds, sitemap, open data) and the pages summing up the whole
        register (people, themes, overview) are left for :meth:`finish`, so that ``serve`` can
        show the edited pages first."""
        changed = None if changed is None else list(changed)
        self._light = False
        report = progress or _no_progress
        report("check", 0, 0)
        # The last good check holds what the cache read unless a failed one came between.
        last_checked = self.last.checked if self.last is not None else None
        previous = last_checked if last_checked is getattr(self, "_checked", None) else None
        scanned = False
        if changed == [] and not watched and previous is not None:
            # A command run after an edit: no watcher saw it, so the files' stats tell what changed.
            edited = edited_files(self.root, self.cache)
            if edited is not None and all(self._is_item_file(p) for p in edited):
                changed, scanned = edited, True
        full = self.last is None or changed is None or not all(self._is_item_file(p) for p in changed)
        # Only item files' events (or a scan of every file's stat) are trusted to be the whole
        # story; anything else (a folder moved, settings) has every file looked at again.
        checked = check(
            self.root,
            site_urls,
            self.cache,
            strict=self.strict,
            only=changed if (watched or scanned) and not full else None,
            drafts=self.drafts,
            previous=previous,
        )
        self._checked = checked
        if has_errors(checked.diagnostics):
            return Delta(checked.diagnostics)
        if full:
            self.memo.clear()  # settings or theme may have changed what was kept
        if full or self.last is None or self.last.theme is None:
            theme, problems = load_theme(self.root, checked.settings.theme, LANGS)
            if theme is None or has_errors(problems):
                return Delta(sort_diagnostics(checked.diagnostics + problems))
        else:
            theme = self.last.theme
        gettexts: dict[str, Gettext] = {lang: theme.translations[lang].gettext for lang in LANGS}
        admin: dict[str, bytes] = {}
        admin_key = self.admin_key if checked.settings.cms is not None else ""
        if checked.settings.cms is not None and (full or not checked.bodies_only):
            # The page and bundle with every full build; the configurations also when the
            # items a reference field offers changed (an item added, removed or retitled),
            # which an edit of bodies alone cannot do: it costs nothing per body edit.
            choices = item_choices(checked.register)
            admin_key = hashlib.blake2b(repr(choices).encode(), digest_size=16).hexdigest()
            try:
                admin = admin_shell(checked.settings) if full else {}
            except BundleMissing:
                return Delta(sort_diagnostics([*checked.diagnostics, _no_bundle()]))
            if full or admin_key != self.admin_key:
                admin |= admin_configs(checked.settings, gettexts, choices)
        touched = self._read_history(
            checked.register, None if full else [*(changed or []), *self.cache.changed], watched and not full
        )
        planner = PagePlanner(
            checked.register,
            checked.settings,
            gettexts,
            self._markdown,
            checked.translations,
            self.dates,
            self.memo,
            self.history,
        )
        followed = None
        if not full and self.last is not None and self.last.planner is not None:
            followed = planner.follow(self.last.planner, self.last.checked.register)
        specs = planner.specs() if followed is None else followed
        if full or self.last is None:
            selected = specs
        else:
            last = self.last
            selected = affected(
                specs,
                last.checked.register,
                checked.register,
                last.pages,
                self._deferred | self._since_base,
                touched,
                (last.checked.translations, checked.translations),
                planned_anew=followed is None,
                index=None if followed is None else planner.index(),
            )
            selected = [planner.bind(spec) for spec in selected]
        renderer = Renderer(theme, checked.settings, self._markdown)
        self._deferred, self._finisher = set(), None
        if defer_files and not full:
            later = [spec for spec in selected if spec.summary or not urls.is_page(spec.url)]
            if later:
                selected = [spec for spec in selected if not (spec.summary or not urls.is_page(spec.url))]
                self._deferred, self._finisher = {spec.url for spec in later}, (renderer, later)
        try:
            made = self._render(renderer, selected, report, writer)
        except RenderError as exc:
            where = display_path(Path(exc.template), self.root)
            message = _e("template error: {problem}").format(problem=exc.message)
            return Delta([*checked.diagnostics, Diagnostic(where, exc.line, "", message, code="template-error")])
        if full:
            for site_path, content in theme.static.contents.items():  # content-hashed names
                made.append(take(f"static/{site_path}", content, writer))
        for site_path, content in admin.items():
            made.append(take(site_path, content, writer))
        self.admin_key = admin_key

        if followed is not None and self.last is not None:
            pages = self.last.pages  # the same specs, so the same pages
        else:
            pages = {spec.url: urls.output_path(spec.url) for spec in specs}
        if full:
            digests = {path for path, _, _ in made}
            removed = [path for path in self.files if path not in digests]
        else:
            assert self.last is not None
            removed = [path for url, path in self.last.pages.items() if url not in pages]
        diagnostics = checked.diagnostics
        if self.history.state == SHALLOW:
            pages_note = _e("pages' 'last updated' dates unavailable: {reason}").format(reason=_e(SHALLOW_REASON))
            diagnostics = [
                *diagnostics,
                Diagnostic("content", 0, "", pages_note, Severity.NOTICE, code="shallow-history"),
            ]
        delta = Delta(diagnostics, removed=removed, rendered=len(selected), full=full)
        if not full:
            delta.rendered_urls = [spec.url for spec in selected]
        for path in removed:
            self.files.pop(path, None)
        self._record(made, delta)
        self.last = _Good(checked, theme, planner, pages)
        # Found by a scan against the loaded state's stats, the edits since that state was saved.
        self._light = scanned and checked.bodies_only and followed is not None and len(changed or []) <= LIGHT_EDITS
        self._since_base = self._since_base | set(delta.rendered_urls) if self._light else set()
        if full:  # otherwise only item files changed, and this cannot have
            self.inputs = inputs_fingerprint(self.root, checked.settings.theme)
        return delta

    @property
    def has_deferred(self) -> bool:
        """Whether the last rebuild left files for :meth:`finish`."""
        return self._finisher is not None

    def finish(self) -> Delta:
        """The files and summary pages a ``defer_files`` rebuild left out."""
        if self._finisher is None:
            return Delta()
        renderer, later = self._finisher
        made = self._render(renderer, later, _no_progress, None)
        self._deferred, self._finisher = set(), None
        delta = Delta(rendered=len(later), full=False, rendered_urls=[spec.url for spec in later])
        self._record(made, delta)
        return delta

    def _record(self, made: list[Made], delta: Delta) -> None:
        """Note in ``delta`` the files whose bytes differ from the last build's; keep the new digests."""
        for path, file_digest, content in made:
            if self.files.get(path) != file_digest:
                delta.changed.append(path)
                if content is not None:
                    delta.written[path] = content
            self.files[path] = file_digest

    # --- keeping the state between command runs ------------------------------------

    def needs_full(self) -> bool:
        """After :meth:`load`: whether every page must be made (nothing saved, or settings,
        theme or organisations changed) rather than ``rebuild([])``, which finds the
        changed content files itself."""
        return self.last is None or inputs_fingerprint(self.root, self.last.checked.settings.theme) != self.inputs

    def __getstate__(self) -> dict[str, object]:
        """Kept between runs: parsed files, the last good register and page list, the digest
        of every published file (to tell what changed), the page specs and lists for the next
        edit to follow, and the memo's saved tables; not the theme or rendered Markdown, which
        are quicker to make again than to store."""
        state = dict(self.__dict__)
        if self.last is not None:
            # The planner only as the next run's follow() reads it (see PagePlanner.__getstate__).
            state["last"] = _Good(self.last.checked, None, self.last.planner, self.last.pages)
        state["_markdown"] = MarkdownRenderer()
        state["_finisher"], state["_deferred"] = None, set()  # serve's; a CLI build defers nothing
        # An edit's check starts from the last one (see check.check's previous); after a good
        # build it is ``last.checked`` itself, which the pickle stores once.
        state["_checked"] = self._checked if self.last is not None and self._checked is self.last.checked else None
        state["memo"] = self.memo.saved()
        state["_light"], state["_since_base"] = False, set()
        return state

    def save(self, path: Path) -> None:
        """After a light rebuild (a few items' bodies edited since the state at ``path`` was
        saved) only what describes the output is saved, beside it (:func:`overlay_path`): the
        next run loads the state as it was and finds those edits again by their stats, in the
        time of the files they touched, instead of this run writing the whole state.  Anything
        else saves the whole state under a new name, which orphans the overlay of the old one
        (a build killed between the two leaves no overlay that applies)."""
        overlay = overlay_path(path)
        # Unless the loaded state lacked work the memo now keeps (a parallel full build makes
        # the data files in its workers, so their rows first reach the memo in an edit's build).
        if self._light and self._base and self.memo.saved().size() <= self._memo_rows + LIGHT_EDITS * 8:
            save_state(overlay, {"base": self._base, **{name: getattr(self, name) for name in OVERLAID}})
            return
        self._base = secrets.token_hex(8)
        save_state(path, self)
        overlay.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, root: Path, strict: bool, workers: int) -> SiteBuilder:
        """The saved builder for ``root``, or a fresh one when there is none or it does not fit.

        What was loaded lives as long as the command: it is frozen out of the cyclic collector's
        sight, whose first full collection after loading would otherwise walk all of it (measured:
        a one-edit CLI build at 5,000 items took 3.5 s instead of 4.3 s, medians of 4)."""
        builder = load_state(path)
        gc.freeze()
        if (
            not isinstance(builder, cls)
            or builder.root != root
            or builder.strict != strict
            or builder.drafts  # a saved preview holds drafts; only published builds are saved and continued
        ):
            return cls(root, strict, workers)
        builder.workers = workers
        builder._memo_rows = builder.memo.size()
        overlay = load_state(overlay_path(path))
        if isinstance(overlay, dict) and builder._base and overlay.get("base") == builder._base:
            for name in OVERLAID:
                setattr(builder, name, overlay[name])
        return builder

    def _render(
        self, renderer: Renderer, selected: list[PageSpec], report: Progress, writer: Writer | None
    ) -> list[Made]:
        def rendered(done: int, total: int) -> None:
            report("render", done, total)

        return render(renderer, selected, writer, self.workers, self.keep_markdown, rendered)

    def _read_history(self, register: Register, changed: list[Path] | None, watched: bool) -> set[str]:
        """The content's git history and each file's last-changed time; the dependency keys of
        what changed in them (:data:`HISTORY`, an item's :func:`history_key`).

        A history is read again only when HEAD moved or other files have edits than before:
        commits change it, saves do not.  A watched rebuild (``serve``) asks git only for HEAD
        and counts the files it was told of as edited."""
        before = self.history
        edited = None if changed is None else {rel for rel in map(self._relative, changed) if rel}
        if watched and edited is not None:
            state, head = read_head(GitHistory(self.root))
            if (state, head) == (before.state, before.head):
                history = dataclasses.replace(before, dirty=before.dirty | edited)
            else:
                history = read_history(self.root, before)
        else:
            history = read_history(self.root, before)
        self.history = history
        moved = (history.state, history.head) != (before.state, before.head)
        # Unless HEAD moved or files other than the changed ones gained or lost edits, only
        # the changed files' times and their items' histories can differ: a save in serve,
        # whose watcher reports every write.  A CLI build is told only of files whose content
        # changed, yet a file rewritten as it was (deleted and restored) has a new time: it
        # looks at every file's time, a stat each.
        only = (
            edited if watched and edited is not None and not moved and history.dirty ^ before.dirty <= edited else None
        )
        if only is None:
            items: Iterable[Item] = register.items.values()
        else:  # the items of the files named: each file is named after its item
            named = {unicodedata.normalize("NFC", PurePosixPath(rel).stem) for rel in only}
            items = [register.items[item_id] for item_id in sorted(named) if item_id in register.items]
        sources = [v.source for item in items for v in item.versions.values()]
        if only is None:
            self.dates = updated_times(history, sources)
        elif only:
            self.dates.update(updated_times(history, [s for s in sources if s.rel in only]))
        touched = {HISTORY} if moved else set()
        prints = dict(self._history_prints) if only is not None else {}
        for item in items:
            files = [v.source for v in item.versions.values()]
            if only is not None and not any(f.rel in only for f in files):
                continue
            commits = history.of_files([f.rel for f in files])
            prints[item.id] = (*(c.sha for c in commits), *(self.dates.get(f.path) for f in files))
            if prints[item.id] != self._history_prints.get(item.id):
                # Its page's history, and every feed dating it: all items', its kind's, its organisations'.
                touched |= {history_key(item.id), ANY_ITEM, kind_key(item.kind)}
                touched |= {organisation_key(o) for o in register.organisation_ids(item)}
        self._history_prints = prints
        return touched

    def _relative(self, path: Path) -> str:
        """``path`` relative to the register's root, as git and ``SourceFile.rel`` name it."""
        for one, root in ((path, self.root), (path.absolute(), self.root.absolute())):
            with contextlib.suppress(ValueError):
                return one.relative_to(root).as_posix()
        return ""

    def _is_item_file(self, path: Path) -> bool:
        try:
            lang, kind, name = path.absolute().relative_to((self.root / "content").absolute()).parts
        except ValueError:
            return False
        return lang in LANGS and kind in KINDS and name.endswith(".md")
