"""A live-reload HTTP server for a folder that its caller keeps rebuilding.

Generic, as MkDocs' ``livereload`` is: it serves a folder, reports a status its
caller gives as JSON, and tells open browser tabs to reload or to show errors
over server-sent events.  Who watches files and rebuilds what is the caller's
business (``commands.serve``), so this knows nothing of registers or pages.
Browsers hear the events through a script injected into HTML responses; the
script is never written into any file, so the folder stays a plain site.
What it says, in the terminal and in the browser, its caller gives in the
person's language (:class:`Texts`); English otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

EVENTS_PATH = "/__rekisteri__/events"
SCRIPT_PATH = "/__rekisteri__/live.js"
STATUS_PATH = "/__rekisteri__/status"
TEXTS_PATH = "/__rekisteri__/texts"


@dataclass(frozen=True)
class Texts:
    """Everything the server says, as ``str.format`` templates, in the language of whoever
    watches: the terminal's lines, the page shown where there is none yet and the words of
    the browser's error overlay (served as JSON to the script)."""

    lang: str = "en"
    #: The overlay's heading; ``{count}`` problems.
    problems: str = "{count} problem(s); showing the last good pages"
    no_page_heading: str = "No page here (yet)"
    no_page_text: str = "If the first build failed, its errors are listed below and in the terminal."
    port_taken: str = "port {port} is taken; using a free one"
    cannot_serve: str = "cannot serve on port {port}: {reason}; try --port 8000"


def no_site_page(texts: Texts) -> bytes:
    """What a missing page shows before the site has a 404 page of its own."""
    return (
        f"<!DOCTYPE html><html lang='{html.escape(texts.lang)}'><head><meta charset='utf-8'>"
        f"<title>rekisteri</title></head><body><main><h1>{html.escape(texts.no_page_heading)}</h1>"
        f"<p>{html.escape(texts.no_page_text)}</p></main></body></html>"
    ).encode()


NO_SITE_YET = no_site_page(Texts())
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
KEEP_ALIVE_SECONDS = 10  # a comment on an idle event stream, so a dead tab's connection is noticed

#: One event for the browsers (name, JSON data); None closes the stream.
Message = tuple[str, str] | None


class ServeError(Exception):
    """The server cannot start (the port cannot be had); said plainly, exit status 2."""


class Broadcaster:
    """Server-sent events to every open browser tab."""

    def __init__(self) -> None:
        self._clients: set[queue.Queue[Message]] = set()
        self._lock = threading.Lock()

    def subscribe(self) -> queue.Queue[Message]:
        client: queue.Queue[Message] = queue.Queue()
        with self._lock:
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[Message]) -> None:
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


class LiveReloadServer:
    """Serves ``folder`` on 127.0.0.1; bound at once (``port`` 0, or a taken port, gets a
    free one), serving from :meth:`start` until :meth:`stop`.

    The caller reports each rebuild: :meth:`reload` after files changed, :meth:`show_errors`
    when a rebuild failed (the last good files stay served), :meth:`clear_errors` when one
    succeeds.  A tab opened while errors stand is shown them at once."""

    def __init__(
        self,
        folder: Path,
        port: int,
        status: Callable[[], Mapping[str, object]],
        log: Callable[[str], None],
        texts: Texts | None = None,
        plain: tuple[str, ...] = (),
    ) -> None:
        self.folder = folder
        #: URL path prefixes served as they are, without the script: pages that hold unsaved
        #: work of their own (an editing application), which a reload would throw away.
        self.plain = plain
        self.status = status
        self.log = log
        self.texts = texts or Texts()
        self.events = Broadcaster()
        self.stopping = threading.Event()
        self.errors: list[str] | None = None  # those the tabs show now
        self._serving = threading.Event()
        self.httpd = self._bind(port)
        self.port = int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        threading.Thread(target=self._serve, daemon=True, name="http").start()

    def stop(self) -> None:
        self.stopping.set()
        self.events.close()
        if self._serving.is_set():  # shutdown() waits for serve_forever(), forever if it never ran
            self.httpd.shutdown()
        self.httpd.server_close()

    def reload(self, paths: list[str] | None = None) -> None:
        """Every page reloads, or only a page among ``paths`` (site paths, ``fi/x/index.html``):
        a page written after the others must not make every other open page reload again."""
        self.events.send("reload", paths or [])

    def show_errors(self, problems: list[str]) -> None:
        self.errors = problems
        self.events.send("errors", problems)

    def clear_errors(self) -> None:
        if self.errors is not None:
            self.errors = None
            self.events.send("ok")

    def _serve(self) -> None:
        self._serving.set()
        self.httpd.serve_forever(poll_interval=0.2)

    def _bind(self, port: int) -> ThreadingHTTPServer:
        handler = _handler(self)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise ServeError(self.texts.cannot_serve.format(port=port, reason=exc.strerror or exc)) from exc
            self.log(self.texts.port_taken.format(port=port))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        return server


def _handler(server: LiveReloadServer) -> type[SimpleHTTPRequestHandler]:
    script = resources.files("generator.livereload").joinpath("livereload.js").read_bytes()
    texts = json.dumps(asdict(server.texts), ensure_ascii=False).encode()
    no_site = no_site_page(server.texts)

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(server.folder), **kwargs)

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
            if path == TEXTS_PATH:
                return self._send(HTTPStatus.OK, "application/json; charset=utf-8", texts)
            if path == STATUS_PATH:
                return self._send(HTTPStatus.OK, "application/json", json.dumps(server.status()).encode())
            file = Path(self.translate_path(path))
            if file.is_dir() and path.endswith("/"):
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                html = file.read_bytes()
                return self._send(
                    HTTPStatus.OK, "text/html; charset=utf-8", html if path.startswith(server.plain) else inject(html)
                )
            if not file.exists():
                missing = server.folder / "404.html"
                body = inject(missing.read_bytes() if missing.is_file() else no_site)
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
            client = server.events.subscribe()  # before the headers: a tab that has them misses no event
            try:
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                errors = server.errors
                if errors is not None:
                    self._event("errors", json.dumps(errors))
                while not server.stopping.is_set():
                    try:
                        message = client.get(timeout=KEEP_ALIVE_SECONDS)
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


def inject(html: bytes) -> bytes:
    """``html`` with the live-reload script before its ``</body>``."""
    position = html.rfind(b"</body>")
    return html if position == -1 else html[:position] + SCRIPT_TAG + html[position:]
