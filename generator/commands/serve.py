"""``rekisteri serve``: build, serve on localhost, rebuild what an edit touches, reload the browser.

Three threads besides the HTTP server's: watchdog's observer queues changed
paths; the rebuilder coalesces bursts (an editor's save, a ``git checkout``)
into one incremental rebuild and writes only changed files into a private
output folder; the search refresher re-indexes in the background so page
rebuilds never wait for Pagefind.  The files are written and the search
bundle made by the same code as ``build``'s (:mod:`build.output`,
:mod:`build.publish`); serving them and telling browsers about rebuilds and
errors is :mod:`livereload.server`'s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..build.output import FolderWriter, apply_changes, exchange_or_replace
from ..build.publish import WORDFORMS_FILE, make_search_bundle
from ..build.site import Delta, SiteBuilder, tune_collector
from ..cms.admin import ADMIN
from ..diagnostics import has_errors
from ..livereload.server import LiveReloadServer, ServeError, Texts
from ..pages.planner import PagePlanner
from ..read.source import is_leftover
from ..search.pagefind import BUNDLE, SearchCancelled
from ..search.wordforms import WordForms
from ..text.editor import _e, _ne, current_language
from .reporting import severity_labels

QUIET_SECONDS = 0.05  # a burst of events ends after this much silence…
BURST_LIMIT_SECONDS = 0.5  # …or after this long, whichever comes first
STOP_WAIT_SECONDS = 1.0  # for the search refresher to stop Pagefind and clean up: Ctrl-C must be quick


@dataclass
class Status:
    """What the last rebuild did; served as JSON for tests and the benchmark."""

    builds: int = 0
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    written: int = 0
    rendered: int = 0  # pages the last rebuild rendered: an edit should touch only the pages that show it
    full: bool = True  # whether the last rebuild was a whole-site one
    pending: bool = False  # feeds, sitemap and data files of the last rebuild not yet written
    latency_ms: float = 0.0  # first change event → files written
    #: URLs an incremental rebuild rendered, its pages and then its deferred files (none for a whole-site one)
    rendered_urls: list[str] = field(default_factory=list)
    search_builds: int = 0


def live_texts() -> Texts:
    """What the live-reload server says in the terminal and the browser, in the editor's language.

    The terminal lines keep a colon only where the English has one: ``-q`` shows a line
    with a colon (a problem, an address) and hides the others."""
    return Texts(
        lang=current_language(),
        problems=_e("{count} problem(s); showing the last good pages"),
        no_page_heading=_e("No page here (yet)"),
        no_page_text=_e("If the first build failed, its errors are listed below and in the terminal."),
        port_taken=_e("port {port} is taken; using a free one"),
        cannot_serve=_e("cannot serve on port {port}: {reason}; try --port 8000"),
    )


class _Changes(FileSystemEventHandler):
    """Queues every path an event names, skipping editors' scratch files."""

    def __init__(self, paths: queue.Queue[tuple[float, Path]], accept: Callable[[Path], bool]) -> None:
        self._paths = paths
        self._accept = accept

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            # Every write in a folder also "modifies" the folder; the file's own event says
            # what changed, and taking the folder for a change would rebuild the whole site.
            return
        for name in (event.src_path, getattr(event, "dest_path", "")):
            if name:
                path = Path(name if isinstance(name, str) else name.decode())
                if self._accept(path):
                    self._paths.put((time.monotonic(), path))


SERVE_PREFIX = "rekisteri-serve-"
_CLAIM = ".rekisteri-serve.lock"  # held (flock) by the live serve that owns the folder
_UNCLAIMED_SECONDS = 600


def private_folder() -> tuple[Path, int]:
    """serve's output folder, claimed by a lock held for the process's life: a serve killed
    without cleaning up leaves its folder unlocked, and the next one removes it."""
    folder = Path(tempfile.mkdtemp(prefix=SERVE_PREFIX))
    claim = os.open(folder / _CLAIM, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(claim, fcntl.LOCK_EX)
    return folder, claim


def remove_stale_folders() -> None:
    """Folders of serves that were killed (SIGKILL, a crash): only ours, and only those whose
    owner is gone; a folder's lock tells, so two live serves never touch each other's."""
    for folder in Path(tempfile.gettempdir()).glob(SERVE_PREFIX + "*"):
        if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            continue
        try:
            claim = os.open(folder / _CLAIM, os.O_RDWR)
        except OSError:
            # No claim: made a moment ago by a serve still starting, or left by one that
            # died making it (or, with a process still writing, by one that died later).
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > _UNCLAIMED_SECONDS:
                    shutil.rmtree(folder)
            continue
        try:
            fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live serve's
        else:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(claim)


def _remove(folder: Path, seconds: float = 0.5) -> None:
    """Remove ``folder``, handing what is left after ``seconds`` to a process of its own so
    that Ctrl-C returns at once: a 5,000-item site is 12,000 pages and a search bundle,
    seconds to unlink one by one.  Should that process die too, the next serve removes the
    folder as a stale one."""
    deadline = time.monotonic() + seconds
    for parent, folders, files in os.walk(folder, topdown=False):
        for name in files:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(parent, name))
        for name in folders:
            with contextlib.suppress(OSError):
                os.rmdir(os.path.join(parent, name))
        if time.monotonic() > deadline:
            break
    else:
        shutil.rmtree(folder, ignore_errors=True)  # what is left: the folder itself, or links the walk skipped
        return
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
            start_new_session=True,  # a second Ctrl-C at the terminal does not stop it
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


class Server:
    """The watcher, the rebuild loop and the search refresher, wired to a live-reload server
    on the private output folder."""

    def __init__(self, root: Path, port: int, log: Callable[[str], None]) -> None:
        self.root = root
        self.log = log
        tune_collector()
        self.site = SiteBuilder(root, drafts=True)
        self.status = Status()
        self.changes: queue.Queue[tuple[float, Path]] = queue.Queue()
        self.stopping = threading.Event()
        self._search_wanted = threading.Event()
        self._searcher = threading.Thread(target=self._search_loop, daemon=True, name="search")
        self._lock = threading.Lock()
        remove_stale_folders()
        self.out, self._claim = private_folder()
        try:
            self.live = LiveReloadServer(
                self.out,
                port,
                lambda: dataclasses.asdict(self.status),
                log,
                live_texts(),
                plain=(f"/{ADMIN}/",),  # the web editor: a reload would lose what is being typed
            )
        except BaseException:
            self._release()
            raise
        self.observer = Observer()

    # --- lifecycle -----------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.live.url

    def start(self) -> Delta:
        # The first build writes straight to the folder (the site is never held in memory
        # whole) and renders in forked workers, before any thread of ours exists to be
        # forked; later rebuilds are small and stay in this process.
        self.site.workers = os.cpu_count() or 1
        try:
            delta = self.site.rebuild(writer=FolderWriter(self.out))
        finally:
            self.site.workers = 1
        self._apply(delta, started=None)
        if self.site.planner is not None:
            self.site.planner.index()  # what each key's pages are: made now, not on the first save
        self._search_wanted.set()
        for folder, recursive in (
            (self.root / "content", True),
            (self.root / "themes", True),
            (self.root, False),
        ):
            if folder.is_dir():
                self.observer.schedule(_Changes(self.changes, self._watched), str(folder), recursive=recursive)
        self.observer.start()
        self.live.start()
        threading.Thread(target=self._rebuild_loop, daemon=True, name="rebuild").start()
        self._searcher.start()
        return delta

    def stop(self) -> None:
        self.stopping.set()
        self._search_wanted.set()
        self.live.stop()
        if self.observer.is_alive():
            self.observer.stop()
            with contextlib.suppress(RuntimeError):
                self.observer.join(timeout=1)
        if self._searcher.is_alive():  # it stops Pagefind and removes its scratch folders
            self._searcher.join(timeout=STOP_WAIT_SECONDS)
        self._release()

    def _release(self) -> None:
        with self._lock:
            _remove(self.out)
        os.close(self._claim)

    def _watched(self, path: Path) -> bool:
        if is_leftover(path.name):
            return False
        if path.parent == self.root:
            return path.name == "pyproject.toml"
        return True

    def _relevant(self, path: Path) -> bool:
        """Whether a path from a burst of events still matters.  An editor's temporary file
        that was renamed over the real one (or removed) is gone by now and was never read:
        only the real file's event counts, so the save rebuilds just what it touched."""
        if path.parent == self.root / "content":
            return True  # organisations.yaml, themes.yaml or a stray file: read on every build, never cached
        return path.exists() or path in self.site.cache.files or not path.is_relative_to(self.root / "content")

    # --- threads -------------------------------------------------------------------

    def _rebuild_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                first_seen, path = self.changes.get(timeout=0.2)
            except queue.Empty:
                continue
            changed = {path}
            deadline = first_seen + BURST_LIMIT_SECONDS
            while time.monotonic() < deadline:
                try:
                    _, more = self.changes.get(timeout=QUIET_SECONDS)
                except queue.Empty:
                    break
                changed.add(more)
            changed = {path for path in changed if self._relevant(path)}
            if not changed:
                continue
            try:
                # Pages first, so the browser reloads at once; feeds, sitemap, data and the
                # register-wide summary pages (people, themes, overview) right after.
                delta = self.site.rebuild(changed, watched=True, defer_files=True)
                self._apply(delta, started=first_seen)
                if delta.ok:
                    self._apply(self.site.finish(), started=None, reload=False)
            except Exception as exc:  # keep serving the last good site whatever happens
                self.log(_e("rebuild failed: {error}").format(error=f"{type(exc).__name__}: {exc}"))
                continue
            if delta.ok:
                self._search_wanted.set()

    def _search_loop(self) -> None:
        forms = WordForms.load().keep_in(self.root / WORDFORMS_FILE)
        try:
            while not self.stopping.is_set():
                self._search_wanted.wait()
                self._search_wanted.clear()
                planner = self.site.planner
                if self.stopping.is_set() or planner is None:
                    continue
                try:
                    self._refresh_search(planner, forms)
                except SearchCancelled:
                    break
                except Exception as exc:
                    if not self.stopping.is_set():
                        self.log(_e("search index not refreshed: {error}").format(error=exc))
        finally:
            forms.close()

    def _refresh_search(self, planner: PagePlanner, forms: WordForms) -> None:
        """A new bundle beside the served one, swapped in whole; only the shards whose
        documents changed are indexed again, the others linked from the served bundle.
        Pagefind is stopped at once when serve stops, and nothing of the attempt is left
        either way."""
        staging = Path(tempfile.mkdtemp(prefix=".search-", dir=self.out))
        served = self.out / BUNDLE
        try:
            make_search_bundle(
                planner, staging, forms, stop=self.stopping, published=served if served.is_dir() else None
            )
            forms.save()
            with self._lock:
                if self.stopping.is_set():
                    return
                exchange_or_replace(staging / BUNDLE, self.out / BUNDLE)
            self.status.search_builds += 1
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # --- applying a rebuild --------------------------------------------------------

    def _apply(self, delta: Delta, started: float | None, reload: bool = True) -> None:
        labels = severity_labels()
        problems = [d.format(labels) for d in delta.diagnostics if has_errors([d])]
        if not delta.ok:
            self.status = _next(
                self.status, ok=False, problems=problems, written=0, rendered=0, rendered_urls=[], pending=False
            )
            for line in problems:
                self.log(line)
            # English keeps its "(s)"; the translations have a singular and a plural.
            still = _ne(
                "{n} error(s); still serving the last good pages",
                "{n} error(s); still serving the last good pages",
                len(problems),
            )
            self.log(still.format(n=len(problems)))
            self.live.show_errors(problems)
            return
        with self._lock:
            apply_changes(self.out, delta.written, delta.removed)
        if not reload:  # the deferred files and summary pages: only their own readers reload
            self.status = dataclasses.replace(
                self.status,
                written=self.status.written + len(delta.written),
                pending=False,
                rendered_urls=self.status.rendered_urls + delta.rendered_urls,
            )
            pages = [path for path in delta.written if path.endswith(".html")]
            if pages:
                self.live.reload(pages)
            return
        latency = (time.monotonic() - started) * 1000 if started is not None else 0.0
        self.status = _next(
            self.status,
            ok=True,
            problems=[],
            written=len(delta.written),
            rendered=delta.rendered,
            rendered_urls=delta.rendered_urls,
            full=delta.full,
            pending=self.site.has_deferred,
            latency_ms=latency,
        )
        if started is not None:
            rebuilt = _e("rebuilt: {rendered} page(s) rendered, {written} file(s) written, {removed} removed ({ms} ms)")
            self.log(
                rebuilt.format(
                    rendered=delta.rendered,
                    written=len(delta.written),
                    removed=len(delta.removed),
                    ms=f"{latency:.0f}",
                )
            )
        self.live.clear_errors()
        if delta.written or delta.removed:
            self.live.reload(_reloaded_pages(delta))


def _reloaded_pages(delta: Delta) -> list[str] | None:
    """The pages whose readers must reload: those written or removed, so that a tab on a
    summary page written a moment later is not mid-reload when its own turn comes.  A changed
    stylesheet, script or image concerns every page (``None``: all reload)."""
    changed = [*delta.written, *delta.removed]
    return changed if all(path.endswith(".html") for path in changed) else None


def _next(status: Status, **changes: Any) -> Status:
    values = {**status.__dict__, **changes, "builds": status.builds + 1}
    return Status(**values)


@contextlib.contextmanager
def running(root: Path, port: int, log: Callable[[str], None]) -> Iterator[Server]:
    server = Server(root, port, log)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def serve(root: Path, port: int, log: Callable[[str], None] = print) -> int:
    """Run until Ctrl-C; the exit status for the CLI (130 when stopped before it served)."""
    try:
        return _serve(root, port, log)
    except ServeError as exc:
        log(str(exc))
        return 2
    except KeyboardInterrupt:
        log(_e("interrupted"))
        return 130


def _stop_gently(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(root: Path, port: int, log: Callable[[str], None]) -> int:
    # A service manager's stop (SIGTERM) or a closed terminal (SIGHUP) cleans up like Ctrl-C.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_gently)
    with running(root, port, log) as server:
        if not server.status.ok:
            log(_e("the first build failed; fix the errors above and the site appears"))
        log(_e("serving {url} (Ctrl-C stops)").format(url=server.url))
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            log(_e("stopping"))
    return 0
