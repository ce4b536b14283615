"""Pagefind: index documents in, a verified static search bundle out.

The documents are written to a scratch folder and indexed by the Pagefind
command-line binary of the pinned ``pagefind[bin]`` package (or the one named
by ``REKISTERI_PAGEFIND``).  Pagefind's Python API drives the same binary as a
service but was measured to leave files cut short (an empty
``pagefind-entry.json`` in 1 of 44 runs, more under load); the command line
never did.  Whatever made it, a bundle is read back and checked file by file
before anyone may publish it: a broken bundle is made once more, and if it is
broken again the build fails and names the file, so no search page goes out
that finds nothing.

The bundle goes into a folder that starts empty (the staging folder of a full
build, a scratch folder of an incremental one), so stale index files of an
earlier build never survive.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..text.editor import _e, _ne

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
BINARY_VARIABLE = "REKISTERI_PAGEFIND"
SIGNATURE = b"pagefind_dcd"  # after gzip, every binary file of a bundle starts with it


class SearchIndexError(Exception):
    """Pagefind could not run, or twice made a bundle that fails verification.

    ``problems`` are (file inside the bundle, or "" for the run itself, message) pairs:
    the build reports each one as its own diagnostic."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{BUNDLE}/{name}: {message}" if name else message for name, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float
    bytes: int
    files: int
    retried: tuple[str, ...] = ()  # what was wrong with a first bundle that had to be made again
    shards: int = 1
    indexed: int = 1  # shards Pagefind indexed; the others were kept from the published bundle


class SearchCancelled(Exception):
    """``stop`` was set while the index was being made: Pagefind was stopped and its scratch
    folder removed; nothing is left at ``site/pagefind``."""


def build_search_index(
    documents: dict[str, bytes],
    site: Path,
    stop: threading.Event | None = None,
    previous: Path | None = None,
    per_shard: int | None = None,
) -> IndexStats:
    """Index ``documents`` (site path → HTML) into ``site/pagefind`` and verify the bundle.

    The documents are split into shards by item (see :func:`shard_count`), each indexed by
    its own Pagefind run, two at a time; the search page merges them.  A shard whose
    documents are those of a shard of ``previous`` (a published bundle this build made) is
    linked from there instead of indexed again, so an edit re-indexes only its own shard.

    Raises :class:`SearchIndexError` when Pagefind cannot run, or when a shard's bundle is
    broken twice; then nothing is left at ``site/pagefind``."""
    started = time.perf_counter()
    bundle = site / BUNDLE
    binary = pagefind_binary()
    count = shard_count(len({_item_of(path) for path in documents}), per_shard)
    shards: list[dict[str, bytes]] = [{} for _ in range(count)]
    for site_path, content in documents.items():
        shards[shard_of(_item_of(site_path), count)][site_path] = content
    digests = [documents_digest(shard) for shard in shards]
    kept = _reusable(previous, digests) if previous is not None else set()
    retried: list[str] = []
    try:
        # Documents go to the system's scratch space, bundles beside their final place (on
        # the same file system, to be renamed there)
        with (
            tempfile.TemporaryDirectory(prefix="rekisteri-index-") as scratch,
            tempfile.TemporaryDirectory(prefix=".shards-", dir=site) as outputs,
        ):
            work = Path(scratch)
            made = [number for number in range(count) if number not in kept]
            halt = threading.Event()  # one run failed: the others end at once

            def stopped() -> bool:
                return halt.is_set() or (stop is not None and stop.is_set())

            with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
                jobs = [
                    pool.submit(
                        _index_shard,
                        binary,
                        shards[number],
                        work / f"shard-{number}",
                        Path(outputs) / f"shard-{number}",
                        number == 0,
                        stopped,
                    )
                    for number in made
                ]
                wait(jobs, return_when=FIRST_EXCEPTION)
                halt.set()  # when all went well, nothing is running any more
                for job in jobs:
                    if job.exception() is not None and not isinstance(job.exception(), SearchCancelled):
                        raise job.exception()  # type: ignore[misc]
                for job in jobs:
                    retried.extend(job.result())
            bundle.mkdir(parents=True, exist_ok=True)
            for number in range(count):
                target = bundle / shard_path(number)
                if number in kept:
                    assert previous is not None
                    _link_shard(previous / shard_path(number), target, number == 0)
                else:
                    made_bundle = Path(outputs) / f"shard-{number}"
                    if number == 0:
                        for path in sorted(made_bundle.iterdir()):
                            path.rename(bundle / path.name)
                    else:
                        made_bundle.rename(target)
            manifest = {
                "shards": [{"path": shard_path(n), "digest": digests[n], "pages": len(shards[n])} for n in range(count)]
            }
            (bundle / SHARDS).write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    except BaseException:
        shutil.rmtree(bundle, ignore_errors=True)
        raise
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(
        len(documents),
        time.perf_counter() - started,
        sum(p.stat().st_size for p in files),
        len(files),
        tuple(retried),
        shards=count,
        indexed=count - len(kept),
    )


#: Items per shard, from measurements on a 5,000-item register (docs/performance.md): one
#: Pagefind run then stays near 0.5 GiB and takes a few seconds, what an edit waits for.
SHARD_ITEMS = 625
SHARD_VARIABLE = "REKISTERI_SEARCH_SHARD_ITEMS"  # a smaller figure gives small registers several shards
PARALLEL_RUNS = 2  # Pagefind runs at a time; each uses most of a core
SHARDS = "shards.json"  # the shards the search page merges, and the digest of each one's documents


def shard_count(items: int, per_shard: int | None = None) -> int:
    """Shards for a register of ``items`` items: a power of two, so that the count changes
    (and every shard is indexed again) only when the register doubles or halves."""
    if per_shard is None:
        try:
            per_shard = int(os.environ.get(SHARD_VARIABLE, "") or SHARD_ITEMS)
        except ValueError:
            per_shard = SHARD_ITEMS
    per_shard = max(1, per_shard)
    count = 1
    while items > count * per_shard:
        count *= 2
    return count


def shard_of(item: str, count: int) -> int:
    """A stable bucket by item id: an item's Finnish and Swedish documents share a shard,
    and an edit moves no other item."""
    return int.from_bytes(hashlib.blake2b(item.encode(), digest_size=4).digest(), "big") % count


def shard_path(number: int) -> str:
    """Where shard ``number`` lies inside the bundle: the first is the bundle itself (its
    scripts and wasm serve all shards), the others in folders of their own."""
    return "" if number == 0 else f"shard-{number}"


def _item_of(site_path: str) -> str:
    """The item of an index document, from its path ``lang/kind/id/index.html``."""
    parts = site_path.split("/")
    return parts[-2] if len(parts) >= 2 else site_path


def documents_digest(docs: dict[str, bytes]) -> str:
    """Same digest, same index: a shard whose documents did not change keeps its bundle."""
    digest = hashlib.blake2b(digest_size=16)
    for path, content in sorted(docs.items()):
        digest.update(path.encode())
        digest.update(hashlib.blake2b(content, digest_size=16).digest())
    return digest.hexdigest()


def _reusable(previous: Path, digests: list[str]) -> set[int]:
    """The shards whose documents ``previous`` already indexed, in the same places.  A
    manifest that does not parse, or a shard folder that is not there, reuses nothing."""
    try:
        manifest = json.loads((previous / SHARDS).read_bytes())
        shards = manifest["shards"]
        if len(shards) != len(digests):
            return set()
        return {
            number
            for number, shard in enumerate(shards)
            if shard.get("path") == shard_path(number)
            and shard.get("digest") == digests[number]
            and (previous / shard_path(number) / ENTRY).is_file()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def _link_shard(source: Path, target: Path, first: bool) -> None:
    """Hard links where the file system allows (the files are never written again), copies
    elsewhere.  The first shard is the bundle's top: the other shards' folders and the
    manifest there are not part of it."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if first and (path.name == SHARDS or (path.is_dir() and path.name.startswith("shard-"))):
            continue
        if path.is_dir():
            shutil.copytree(path, target / path.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(path), str(target / path.name))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _index_shard(
    binary: Path, documents: dict[str, bytes], work: Path, bundle: Path, first: bool, stopped: Callable[[], bool]
) -> list[str]:
    """One shard: its documents written in sorted order into a fresh folder (Pagefind
    numbers pages in listing order), indexed, verified, made once more if broken.  Returns
    what was wrong with a first bundle that had to be made again."""
    folder = work / "documents"
    # Pagefind refuses to index nothing at all
    for number, (site_path, content) in enumerate(sorted((documents or {"index.html": _PLACEHOLDER}).items())):
        if number % 256 == 0 and stopped():
            raise SearchCancelled
        target = folder / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    retried: list[str] = []
    for attempt in (1, 2):
        _run_pagefind(binary, folder, bundle, work, stopped)
        _drop_unused(bundle, first)
        if not documents:
            _drop_pages(bundle)
        _sort_languages(bundle / ENTRY)
        _sort_filters(bundle)
        problems = verify_bundle(bundle, len(documents), scripts=first)
        if not problems:
            break
        shutil.rmtree(bundle, ignore_errors=True)
        if attempt == 2:
            raise SearchIndexError(
                [
                    (
                        name,
                        _e("{problem}; Pagefind made a broken bundle twice, so none is published").format(
                            problem=message
                        ),
                    )
                    for name, message in problems
                ]
            )
        retried.extend(f"{BUNDLE}/{name}: {message}" for name, message in problems)
    shutil.rmtree(folder, ignore_errors=True)
    _write_dates(bundle, documents)
    return retried


_SORT_DATE = re.compile(rb'data-pagefind-sort="date:([^"]*)"')


def _write_dates(bundle: Path, documents: dict[str, bytes]) -> None:
    """``dates.<lang>.json``: each page's date by the id Pagefind gives its results.

    Pagefind sorts each merged shard on its own, so a date order across shards is made by
    the search page from these tables (loaded only when a reader sorts by date).  The
    fragments name each page's URL, the documents its date."""
    dates = {}
    for site_path, content in documents.items():
        found = _SORT_DATE.search(content)
        if found and found.group(1):
            url = "/" + site_path.removesuffix("index.html")
            dates[url] = found.group(1).decode()
    tables: dict[str, dict[str, str]] = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        page = fragment.name.removesuffix(".pf_fragment")
        try:
            url = json.loads(_unpack(fragment))["url"]
        except (_Broken, ValueError, KeyError, TypeError):
            continue  # verified above; a page whose URL cannot be read sorts last
        if url in dates:
            tables.setdefault(page.split("_", 1)[0], {})[page] = dates[url]
    for lang, table in sorted(tables.items()):
        (bundle / f"dates.{lang}.json").write_text(json.dumps(table, sort_keys=True, separators=(",", ":")))


def pagefind_binary() -> Path:
    """``REKISTERI_PAGEFIND`` if set, else the binary of the ``pagefind_bin`` package, found
    by that package's own lookup (it knows the names it ships: extended or not, ``.exe``)."""
    chosen = os.environ.get(BINARY_VARIABLE, "")
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            message = _e("{setting}: no such file; point it at a Pagefind binary")
            raise SearchIndexError([("", message.format(setting=f"{BINARY_VARIABLE}={chosen}"))])
        if not os.access(path, os.X_OK):
            message = _e("{setting}: not executable; point it at a Pagefind binary")
            raise SearchIndexError([("", message.format(setting=f"{BINARY_VARIABLE}={chosen}"))])
        return path
    try:
        found = importlib.import_module("pagefind_bin").get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(
            [
                (
                    "",
                    _e(
                        "the Pagefind binary is not installed ({error}): install 'pagefind[bin]==1.5.2' "
                        "or set {variable} to a Pagefind binary"
                    ).format(error=exc, variable=BINARY_VARIABLE),
                )
            ]
        ) from exc
    return Path(str(found))


def _run_pagefind(binary: Path, folder: Path, bundle: Path, workdir: Path, stopped: Callable[[], bool]) -> None:
    """Run in a folder of our own without the caller's ``PAGEFIND_*`` variables: Pagefind
    reads its options from both, and a stray setting would change what is published.
    ``stopped`` ends the run at once (``serve`` stopping, another shard's run failing): a
    Pagefind left running would go on writing into folders that are being removed."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    command = [str(binary), "--site", str(folder), "--output-path", str(bundle.absolute()), "--silent"]
    try:
        process = subprocess.Popen(
            command, cwd=workdir, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        message = _e("cannot run Pagefind ({binary}): {error}").format(binary=binary, error=exc.strerror or exc)
        raise SearchIndexError([("", message)]) from exc
    with process:
        while True:
            try:
                out, err = process.communicate(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                if stopped():
                    process.kill()
                    process.wait()
                    raise SearchCancelled from None
    if process.returncode != 0:
        said = (err or out).decode("utf-8", "replace").strip().splitlines()
        detail = f": {' '.join(said[-3:])}" if said else ""
        message = _e("Pagefind ({binary}) failed with exit status {status}{detail}").format(
            binary=binary, status=process.returncode, detail=detail
        )
        raise SearchIndexError([("", message)])


# Pagefind writes its ready-made interfaces beside the JavaScript API; the theme's search page
# uses only the API (pagefind.js, its worker, wasm and index files), so these are not published.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def _drop_unused(bundle: Path, first: bool = True) -> None:
    """A merged shard is only ever read for its entry file, metas, index, filters and
    fragments: the scripts and wasm of the first shard serve them all."""
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    if not first:
        for path in bundle.iterdir():
            if path.is_file() and (path.suffix == ".js" or path.name.startswith("wasm.")):
                path.unlink()


# A register with no items still gets a bundle the search page can load: Pagefind indexes
# this one page, which is then taken out again, leaving what it makes of an empty site.
_PLACEHOLDER = b"<!DOCTYPE html><html><head><title>-</title></head><body><p>placeholder</p></body></html>"


def _drop_pages(bundle: Path) -> None:
    for folder in ("fragment", "index", "filter"):
        shutil.rmtree(bundle / folder, ignore_errors=True)
    for meta in bundle.glob("*.pf_meta"):
        meta.unlink()
    entry = bundle / ENTRY
    try:
        data = json.loads(entry.read_bytes())
        data["languages"] = {}
    except (OSError, ValueError, TypeError):
        return  # for verify_bundle to report
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sort_languages(entry: Path) -> None:
    """Pagefind writes the ``languages`` of its entry file from a hash map, in any order;
    sorted, the same documents give the same bundle byte for byte.  A file that does not
    parse is left for :func:`verify_bundle` to report."""
    try:
        data = json.loads(entry.read_bytes())
        languages = data["languages"]
        data["languages"] = {key: languages[key] for key in sorted(languages)}
    except (OSError, ValueError, KeyError, TypeError):
        return
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sort_filters(bundle: Path) -> None:
    """Pagefind writes each filter's values, and the list of filters in a meta file, from
    hash maps, in any order.  Sorted and written again (under names made from their new
    content, as Pagefind's are), the same documents give the same bundle byte for byte.
    Whatever does not parse is left as it is, for :func:`verify_bundle` to report."""
    try:
        entry = json.loads((bundle / ENTRY).read_bytes())
        languages = entry["languages"]
        for about in languages.values():
            meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
            meta = _cbor(_unpack(meta_path))
            assert isinstance(meta, list) and len(meta) >= 5
            filters = []
            for name, old in meta[3]:
                path = bundle / "filter" / f"{old}.pf_filter"
                data = _cbor(_unpack(path))
                assert isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)
                content = _pack([data[0], sorted(data[1], key=lambda value: str(value[0]))])
                new = _content_name(old, content, 7)
                path.unlink()
                (bundle / "filter" / f"{new}.pf_filter").write_bytes(content)
                filters.append([name, new])
            meta[3] = sorted(filters, key=lambda pair: str(pair[0]))
            meta[4] = sorted(meta[4], key=lambda pair: str(pair[0]))
            content = _pack(meta)
            about["hash"] = _content_name(about["hash"], content, 10)
            meta_path.unlink()
            (bundle / f"pagefind.{about['hash']}.pf_meta").write_bytes(content)
    except (OSError, ValueError, KeyError, TypeError, AssertionError, _Broken):
        return
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _content_name(old: str, content: bytes, length: int) -> str:
    """Pagefind's naming: the language, then a hash of the content."""
    return f"{old.split('_', 1)[0]}_{hashlib.blake2b(content, digest_size=8).hexdigest()[:length]}"


def _pack(item: object) -> bytes:
    """A Pagefind file: the signature and the CBOR of ``item``, gzipped without a time stamp."""
    return gzip.compress(SIGNATURE + _cbor_encode(item), compresslevel=9, mtime=0)


def _cbor_encode(item: object) -> bytes:
    """The CBOR (RFC 8949, shortest forms) of what :func:`_cbor` reads from Pagefind's files."""
    if item is None:
        return b"\xf6"
    if isinstance(item, bool):
        return b"\xf5" if item else b"\xf4"
    if isinstance(item, int):
        return _cbor_head(0, item) if item >= 0 else _cbor_head(1, -1 - item)
    if isinstance(item, float):
        return b"\xfb" + struct.pack(">d", item)
    if isinstance(item, bytes):
        return _cbor_head(2, len(item)) + item
    if isinstance(item, str):
        encoded = item.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(item, list | tuple):
        return _cbor_head(4, len(item)) + b"".join(_cbor_encode(part) for part in item)
    if isinstance(item, dict):
        return _cbor_head(5, len(item)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in item.items())
    raise TypeError(f"cannot encode {type(item).__name__} as CBOR")


def _cbor_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


# --- verification ----------------------------------------------------------------------------

# Pagefind's scripts are esbuild bundles: the module ends with its export list, the worker
# with the end of its wrapping function.  A file cut short ends anywhere else.
_MODULE_END = re.compile(rb"export\s*\{([^{}]*)\}\s*;\s*\Z")
_WORKER_END = re.compile(rb"\}\)\(\);\s*\Z")
_USED_EXPORTS = {"init", "options", "search", "filters"}  # what themes/default/static/search.js calls


def verify_bundle(bundle: Path, pages: int | None = None, scripts: bool = True) -> list[tuple[str, str]]:
    """Every problem of the bundle at ``bundle`` as (file inside it, message); none if it is whole.

    Follows what the search page loads: the entry file, each language's meta file, the
    index chunks, filters and fragments the metas name, the wasm and the scripts.  The binary
    files are gzip streams, whose trailer holds length and checksum: decompressing them in
    full proves they are not cut short.  ``pages``, when given, is how many documents went in.
    Without ``scripts`` (a merged shard) the scripts and wasm are not looked for."""
    problems: list[tuple[str, str]] = []
    if not bundle.is_dir():
        return [("", _e("Pagefind wrote no search bundle"))]
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and path.stat().st_size == 0:
            problems.append((_name(bundle, path), _e("is empty")))
    empty = {name for name, _ in problems}
    try:
        entry = json.loads((bundle / ENTRY).read_bytes())
    except OSError as exc:
        return [*problems, (ENTRY, _unreadable(exc))]
    except ValueError as exc:
        return (
            problems if ENTRY in empty else [*problems, (ENTRY, _e("is not complete JSON: {error}").format(error=exc))]
        )
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict):
        return [*problems, (ENTRY, _e("has no 'languages'"))]
    counted = 0
    for language, about in sorted(languages.items()):
        if not (
            isinstance(about, dict)
            and isinstance(about.get("hash"), str)
            and isinstance(about.get("wasm"), str | None)
            and isinstance(about.get("page_count"), int)
        ):
            message = _e("language {language} lacks its hash, wasm or page_count").format(language=repr(language))
            problems.append((ENTRY, message))
            continue
        counted += about["page_count"]
        problems.extend(_check_language(bundle, about["hash"], about["page_count"], empty))
        if scripts:  # as pagefind.js picks it
            problems.extend(_check_wasm(bundle, f"wasm.{about['wasm'] or 'unknown'}.pagefind", empty))
    if pages is not None and counted != pages:
        message = _e("counts {counted} pages in its languages, but {pages} documents were indexed")
        problems.append((ENTRY, message.format(counted=counted, pages=pages)))
    if scripts:
        problems.extend(_check_scripts(bundle, empty))
    return problems


def _check_language(bundle: Path, hash_: str, page_count: int, empty: set[str]) -> list[tuple[str, str]]:
    meta_name = f"pagefind.{hash_}.pf_meta"
    try:
        meta = _cbor(_unpack(bundle / meta_name))
        pages, chunks, filters = _meta_lists(meta)
    except _Broken as exc:
        return [] if meta_name in empty else [(meta_name, str(exc))]
    problems: list[tuple[str, str]] = []
    if len(pages) != page_count:
        message = _e("lists {pages} pages, the entry file {page_count}").format(pages=len(pages), page_count=page_count)
        problems.append((meta_name, message))
    needed = (
        [f"fragment/{page}.pf_fragment" for page in pages]
        + [f"index/{chunk}.pf_index" for chunk in chunks]
        + [f"filter/{name}.pf_filter" for name in filters]
    )
    for name in needed:
        if name in empty:
            continue
        try:
            _unpack(bundle / name)
        except _Broken as exc:
            problems.append((name, str(exc)))
    return problems


def _meta_lists(meta: object) -> tuple[list[str], list[str], list[str]]:
    """The names a meta file points at.  Its CBOR is an array: version, pages as
    [hash, word count], index chunks as [first word, last word, hash], filters as
    [name, hash], then sorts and the metadata field names."""
    try:
        assert isinstance(meta, list) and len(meta) >= 4
        pages = [str(page[0]) for page in meta[1]]
        chunks = [str(chunk[2]) for chunk in meta[2]]
        filters = [str(entry[1]) for entry in meta[3]]
    except (AssertionError, IndexError, TypeError, KeyError) as exc:
        raise _Broken(_e("is not laid out as a Pagefind 1.5 meta file")) from exc
    return pages, chunks, filters


def _check_wasm(bundle: Path, name: str, empty: set[str]) -> list[tuple[str, str]]:
    if name in empty:
        return []
    try:
        if not _unpack(bundle / name).startswith(b"\0asm"):
            return [(name, _e("is not a WebAssembly module"))]
    except _Broken as exc:
        return [(name, str(exc))]
    return []


def _check_scripts(bundle: Path, empty: set[str]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for name, ending in (("pagefind.js", _MODULE_END), ("pagefind-worker.js", _WORKER_END)):
        if name in empty:
            continue
        try:
            text = (bundle / name).read_bytes()
        except OSError as exc:
            problems.append((name, _unreadable(exc)))
            continue
        found = ending.search(text)
        if found is None:
            problems.append((name, _e("is cut short (the script does not end where Pagefind's scripts end)")))
        elif ending is _MODULE_END:
            exported = {part.split(b" as ")[-1].strip().decode() for part in found.group(1).split(b",")}
            if missing := sorted(_USED_EXPORTS - exported):
                problems.append((name, _e("does not export {names}").format(names=", ".join(missing))))
    return problems


class _Broken(Exception):
    """One file of the bundle is missing, cut short or not what its name says."""


def _name(bundle: Path, path: Path) -> str:
    return path.relative_to(bundle).as_posix()


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return _e("is missing")
    return _e("cannot be read: {error}").format(error=exc.strerror or exc)


def _unpack(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _Broken(_unreadable(exc)) from exc
    if not raw:
        raise _Broken(_e("is empty"))
    try:
        data = gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as exc:
        raise _Broken(_e("is cut short or damaged ({error})").format(error=exc)) from exc
    if not data.startswith(SIGNATURE):
        raise _Broken(_e("is not a Pagefind file (no pagefind_dcd signature)"))
    return data[len(SIGNATURE) :]


def _cbor(data: bytes) -> object:
    """Decode one CBOR item (RFC 8949) that must fill ``data``: enough of the format for
    Pagefind's meta files, without a dependency for it."""
    reader = _CborReader(data)
    try:
        item = reader.item()
    except (IndexError, ValueError, UnicodeDecodeError, struct.error) as exc:
        raise _Broken(_e("does not decode ({error})").format(error=exc)) from exc
    extra = len(data) - reader.at
    if extra:
        raise _Broken(_ne("has {n} bytes after its data", "has {n} bytes after its data", extra).format(n=extra))
    return item


_BREAK = object()


class _CborReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, count: int) -> bytes:
        if self.at + count > len(self.data):
            raise ValueError("ends early")
        chunk = self.data[self.at : self.at + count]
        self.at += count
        return chunk

    def item(self) -> object:
        first = self.take(1)[0]
        major, info = first >> 5, first & 31
        if major == 7:
            return self._simple(info)
        if info == 31:
            return self._indefinite(major)
        if info < 24:
            argument = info
        elif info <= 27:
            argument = int.from_bytes(self.take(1 << (info - 24)), "big")
        else:
            raise ValueError(f"reserved header {first:#x}")
        if major == 0:
            return argument
        if major == 1:
            return -1 - argument
        if major == 2:
            return self.take(argument)
        if major == 3:
            return self.take(argument).decode("utf-8")
        if major == 4:
            return [self.item() for _ in range(argument)]
        if major == 5:
            return {self._key(): self.item() for _ in range(argument)}
        return self.item()  # 6: a tag; the tagged item is what counts here

    def _key(self) -> object:
        key = self.item()
        return tuple(key) if isinstance(key, list) else key

    def _simple(self, info: int) -> object:
        if info == 31:
            return _BREAK
        if info < 20 or info == 23:
            return None
        if info <= 22:
            return (False, True, None)[info - 20]
        if info == 24:
            return self.take(1)[0]
        formats = {25: ">e", 26: ">f", 27: ">d"}
        if info not in formats:
            raise ValueError(f"reserved simple value {info}")
        return struct.unpack(formats[info], self.take(struct.calcsize(formats[info])))[0]

    def _indefinite(self, major: int) -> object:
        if major not in (2, 3, 4, 5):
            raise ValueError(f"indefinite length on major type {major}")
        parts: list[object] = []
        while (part := self.item()) is not _BREAK:
            parts.append(part)
        if major == 2:
            return b"".join(p for p in parts if isinstance(p, bytes))
        if major == 3:
            return "".join(p for p in parts if isinstance(p, str))
        if major == 4:
            return parts
        if len(parts) % 2:
            raise ValueError("map with a key and no value")
        return {(tuple(k) if isinstance(k, list) else k): v for k, v in zip(parts[::2], parts[1::2], strict=True)}
