"""``rekisteri serve``: build, serve on localhost, rebuild what an edit touches, reload the browser.

Three threads besides the HTTP server's: watchdog's observer queues changed
paths; the rebuilder coalesces bursts (an editor's save, a ``git checkout``)
into one incremental rebuild and writes only changed files into a private
output folder; the search refresher re-indexes in the background so page
rebuilds never wait for Pagefind.  Browsers hear about rebuilds and errors
over server-sent events from a script the server injects into HTML responses
(it is never written into any file).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
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
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..build.output import FolderWriter, exchange_or_replace
from ..build.site import Delta, SiteBuilder, tune_collector
from ..diagnostics import has_errors
from ..pages.planner import PagePlanner
from ..read.source import is_leftover
from ..search.pagefind import SearchCancelled, build_search_index
from ..search.records import documents, search_records
from ..search.wordforms import WordForms

QUIET_SECONDS = 0.05  # a burst of events ends after this much silence…
BURST_LIMIT_SECONDS = 0.5  # …or after this long, whichever comes first
STOP_WAIT_SECONDS = 1.0  # for the search refresher to stop Pagefind and clean up: Ctrl-C must be quick
EVENTS_PATH = "/__rekisteri__/events"
SCRIPT_PATH = "/__rekisteri__/live.js"
STATUS_PATH = "/__rekisteri__/status"
NO_SITE_YET = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>rekisteri</title></head>"
    b"<body><main><h1>No page here (yet)</h1><p>If the first build failed, its errors are listed "
    b"below and in the terminal.</p></main></body></html>"
)
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()


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
    search_builds: int = 0


class Broadcaster:
    """Server-sent events to every open browser tab."""

    def __init__(self) -> None:
        self._clients: set[queue.Queue[tuple[str, str] | None]] = set()
        self._lock = threading.Lock()

    def subscribe(self) -> queue.Queue[tuple[str, str] | None]:
        client: queue.Queue[tuple[str, str] | None] = queue.Queue()
        with self._lock:
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[tuple[str, str] | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def send(self, event: str, data: Any = "") -> None:
        payload = json.dumps(data, ensure_ascii=False)
        with self._lock:
            for client in self._clients:
                client.put((event, payload))

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.put(None)


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


class ServeError(Exception):
    """serve cannot start (the port cannot be had); said plainly, exit status 2."""


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
    def __init__(self, root: Path, port: int, log: Callable[[str], None]) -> None:
        self.root = root
        self.log = log
        tune_collector()
        self.site = SiteBuilder(root, drafts=True)
        self.status = Status()
        self.events = Broadcaster()
        self.changes: queue.Queue[tuple[float, Path]] = queue.Queue()
        self.stopping = threading.Event()
        self._search_wanted = threading.Event()
        self._serving = threading.Event()
        self._searcher = threading.Thread(target=self._search_loop, daemon=True, name="search")
        self._lock = threading.Lock()
        self.httpd = self._bind(port)
        self.port = int(self.httpd.server_address[1])
        remove_stale_folders()
        self.out, self._claim = private_folder()
        self.observer = Observer()

    # --- lifecycle -----------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

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
        self._search_wanted.set()
        for folder, recursive in (
            (self.root / "content", True),
            (self.root / "themes", True),
            (self.root, False),
        ):
            if folder.is_dir():
                self.observer.schedule(_Changes(self.changes, self._watched), str(folder), recursive=recursive)
        self.observer.start()
        for target in (self._serve_http, self._rebuild_loop):
            threading.Thread(target=target, daemon=True, name=target.__name__).start()
        self._searcher.start()
        return delta

    def stop(self) -> None:
        self.stopping.set()
        self._search_wanted.set()
        self.events.close()
        if self.observer.is_alive():
            self.observer.stop()
            with contextlib.suppress(RuntimeError):
                self.observer.join(timeout=1)
        if self._serving.is_set():  # shutdown() waits for serve_forever(), forever if it never ran
            self.httpd.shutdown()
        self.httpd.server_close()
        if self._searcher.is_alive():  # it stops Pagefind and removes its scratch folders
            self._searcher.join(timeout=STOP_WAIT_SECONDS)
        with self._lock:
            _remove(self.out)
        os.close(self._claim)

    def _bind(self, port: int) -> ThreadingHTTPServer:
        handler = _handler(self)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise ServeError(f"cannot serve on port {port}: {exc.strerror or exc}; try --port 8000") from exc
            self.log(f"port {port} is taken; using a free one")
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        return server

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
        return path.exists() or path in self.site.cache.files or not path.is_relative_to(self.root / "content")

    # --- threads -------------------------------------------------------------------

    def _serve_http(self) -> None:
        self._serving.set()
        self.httpd.serve_forever(poll_interval=0.2)

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
                # Pages first, so the browser reloads at once; feeds, sitemap and data right after.
                delta = self.site.rebuild(changed, watched=True, defer_files=True)
                self._apply(delta, started=first_seen)
                if delta.ok:
                    self._apply(self.site.finish(), started=None, reload=False)
            except Exception as exc:  # keep serving the last good site whatever happens
                self.log(f"rebuild failed: {type(exc).__name__}: {exc}")
                continue
            if delta.ok:
                self._search_wanted.set()

    def _search_loop(self) -> None:
        forms = WordForms.load()
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
                        self.log(f"search index not refreshed: {exc}")
        finally:
            forms.close()

    def _refresh_search(self, planner: PagePlanner, forms: WordForms) -> None:
        """A new bundle beside the served one, swapped in whole; Pagefind is stopped at once
        when serve stops, and nothing of the attempt is left either way."""
        docs = documents(search_records(planner, forms))
        staging = Path(tempfile.mkdtemp(prefix=".search-", dir=self.out))
        try:
            build_search_index(docs, staging, self.stopping)
            with self._lock:
                if self.stopping.is_set():
                    return
                exchange_or_replace(staging / "pagefind", self.out / "pagefind")
            self.status.search_builds += 1
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # --- applying a rebuild --------------------------------------------------------

    def _apply(self, delta: Delta, started: float | None, reload: bool = True) -> None:
        problems = [d.format() for d in delta.diagnostics if has_errors([d])]
        if not delta.ok:
            self.status = _next(self.status, ok=False, problems=problems, written=0, rendered=0, pending=False)
            for line in problems:
                self.log(line)
            self.log(f"{len(problems)} error(s); still serving the last good pages")
            self.events.send("errors", problems)
            return
        with self._lock:
            for site_path in delta.removed:
                (self.out / site_path).unlink(missing_ok=True)
            for site_path, data in delta.written.items():
                target = self.out / site_path
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.tmp")
                temporary.write_bytes(data)
                temporary.replace(target)
        if not reload:  # the deferred feeds and data files: nothing a browser shows changed
            self.status = dataclasses.replace(
                self.status, written=self.status.written + len(delta.written), pending=False
            )
            return
        latency = (time.monotonic() - started) * 1000 if started is not None else 0.0
        was_broken = not self.status.ok
        self.status = _next(
            self.status,
            ok=True,
            problems=[],
            written=len(delta.written),
            rendered=delta.rendered,
            full=delta.full,
            pending=self.site.has_deferred,
            latency_ms=latency,
        )
        if started is not None:
            self.log(
                f"rebuilt: {delta.rendered} page(s) rendered, {len(delta.written)} file(s) written, "
                f"{len(delta.removed)} removed ({latency:.0f} ms)"
            )
        if was_broken:
            self.events.send("ok")
        if delta.written or delta.removed:
            self.events.send("reload")


def _next(status: Status, **changes: Any) -> Status:
    values = {**status.__dict__, **changes, "builds": status.builds + 1}
    return Status(**values)


def _handler(server: Server) -> type[SimpleHTTPRequestHandler]:
    script = resources.files("generator.livereload").joinpath("livereload.js").read_bytes()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(server.out), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == EVENTS_PATH:
                return self._events()
            if path == SCRIPT_PATH:
                return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", script)
            if path == STATUS_PATH:
                return self._send(HTTPStatus.OK, "application/json", json.dumps(server.status.__dict__).encode())
            file = Path(self.translate_path(path))
            if file.is_dir() and path.endswith("/"):
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", _inject(file.read_bytes()))
            if not file.exists():
                missing = server.out / "404.html"
                body = _inject(missing.read_bytes() if missing.is_file() else NO_SITE_YET)
                return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body)
            return super().do_GET()

        def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            client = server.events.subscribe()
            try:
                if not server.status.ok:
                    self._event("errors", json.dumps(server.status.problems))
                while not server.stopping.is_set():
                    try:
                        message = client.get(timeout=10)
                    except queue.Empty:
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        continue
                    if message is None:
                        break
                    self._event(*message)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                server.events.unsubscribe(client)

        def _event(self, name: str, data: str) -> None:
            self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
            self.wfile.flush()

    return Handler


def _inject(html: bytes) -> bytes:
    position = html.rfind(b"</body>")
    return html if position == -1 else html[:position] + SCRIPT_TAG + html[position:]


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
        log("interrupted")
        return 130


def _stop_gently(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(root: Path, port: int, log: Callable[[str], None]) -> int:
    # A service manager's stop (SIGTERM) or a closed terminal (SIGHUP) cleans up like Ctrl-C.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_gently)
    with running(root, port, log) as server:
        if not server.status.ok:
            log("the first build failed; fix the errors above and the site appears")
        log(f"serving {server.url} (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            log("stopping")
    return 0
