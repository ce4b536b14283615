"""Rendering planned pages, in forked worker processes when there are enough of them.

Each page depends only on its spec, so the result is the same whatever the number of
workers (tests compare them).  Workers are forked, so they share everything planned so
far instead of receiving it pickled.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import signal
from collections.abc import Callable

from .. import urls
from ..pages.views import Content, File, PageSpec
from ..render.renderer import Renderer
from ..text.markdown import CacheKey
from .output import Writer, digest, joined

PARALLEL_MINIMUM = 200  # fewer pages than this render faster than a process pool starts
_JOB: tuple[Renderer, list[PageSpec], Writer | None, bool] | None = None  # what forked workers render


Made = tuple[str, str, bytes | None]  # site path, digest, bytes (None once a writer has them)


def take(path: str, data: Content, writer: Writer | None, known_digest: str = "") -> Made:
    """With a ``writer`` the bytes go straight to it and are not kept."""
    if writer is not None:
        return path, writer.put(path, data, known_digest), None
    whole = joined(data)
    return path, known_digest or digest(whole), whole


def _render_pages(renderer: Renderer, specs: list[PageSpec], writer: Writer | None) -> list[Made]:
    made: list[Made] = []
    for spec in specs:
        output = spec.make()
        path = urls.output_path(spec.url)
        if isinstance(output, File):  # made whole: written as it is
            made.append(take(path, output.content, writer, output.digest))
        else:
            made.append(take(path, renderer.render_page(output), writer))
    return made


def _render_chunk(bounds: tuple[int, int]) -> tuple[list[Made], dict[CacheKey, str]]:
    assert _JOB is not None
    renderer, specs, writer, keep_markdown = _JOB
    chunk = specs[bounds[0] : bounds[1]]
    markdown = renderer.markdown
    if markdown is None or not keep_markdown:
        if markdown is not None:  # nobody wants the bodies back: the worker holds only this chunk's
            markdown.cache.clear()
        return _render_pages(renderer, chunk, writer), {}
    known = set(markdown.cache)
    made = _render_pages(renderer, chunk, writer)
    return made, {key: html for key, html in markdown.cache.items() if key not in known}


def _leave_interrupts_to_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: workers ignore it and the
    parent stops them (with SIGTERM, whatever handler the parent had for it), so an editor
    sees one clean line instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def render(
    renderer: Renderer,
    selected: list[PageSpec],
    writer: Writer | None,
    workers: int,
    keep_markdown: bool,
    report: Callable[[int, int], None],
) -> list[Made]:
    """Render pages; with several ``workers``, in forked processes.  ``keep_markdown``: the
    workers hand back the Markdown they rendered, into the renderer's cache (for search
    documents and later rebuilds).  ``report`` is told (done, total) as chunks finish."""
    if workers > 1 and len(selected) >= PARALLEL_MINIMUM and "fork" in mp.get_all_start_methods():
        global _JOB
        _JOB = (renderer, selected, writer, keep_markdown)
        size = max(16, len(selected) // (workers * 8))
        chunks = [(start, min(start + size, len(selected))) for start in range(0, len(selected), size)]
        made: list[Made] = []
        # What the workers inherit (the whole register) lives until they end: frozen, it is
        # never walked by their cyclic collector, whose full passes over it were a tenth of the
        # rendering, and its pages are not copied by the collector writing to them.
        gc.freeze()
        try:
            with mp.get_context("fork").Pool(workers, initializer=_leave_interrupts_to_parent) as pool:
                for part, bodies in pool.imap(_render_chunk, chunks):
                    made += part
                    if renderer.markdown is not None:
                        renderer.markdown.cache.update(bodies)
                    report(len(made), len(selected))
        finally:
            _JOB = None
            gc.unfreeze()  # serve's later rebuilds collect it as usual
        return made
    made = []
    for start in range(0, len(selected), 64):
        made += _render_pages(renderer, selected[start : start + 64], writer)
        report(len(made), len(selected))
    return made
