"""The ``rekisteri`` command: parse arguments, run one command, print diagnostics.

Editors read this output, so problems come one per line as
``path:line: field: message`` followed by a count, and bad content never
produces a Python traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import select
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build.output import UnsafeOutput
from .build.publish import build
from .commands.init import init_register
from .commands.reporting import BuildReporter, said, severity_labels
from .commands.scaffold import SCHEMA_LANG_HELP, new_item, write_schemas
from .commands.translations import (
    Outcome,
    diff,
    failing_line,
    format_rows,
    mark,
    new_translation,
    report_rows,
    shallow_history_line,
    summary_lines,
)
from .diagnostics import Diagnostic, Severity, as_json, has_errors
from .pages.site_urls import site_urls
from .read.check import check
from .read.gitlog import GitHistory
from .read.model import KINDS, LANGS
from .read.settings import missing_settings_warning
from .read.translations import State
from .text.editor import SOURCE_LANG, _e, _ne, language_from_environment, language_from_settings, use_language


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rekisteri",
        description=_e("Build the bilingual register of digitalisation work into a static site."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"rekisteri {__version__}",
        help=_e("show program's version number and exit"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--root", type=Path, default=Path("."), help=_e("register folder (default: current folder)"))
        sub.add_argument("-q", "--quiet", action="store_true", help=_e("print problems only"))
        sub.add_argument("-v", "--verbose", action="store_true", help=_e("also print what each stage took"))
        return sub

    build_parser = add("build", _e("validate the content and write the site"))
    build_parser.add_argument("--out", type=_folder, help=_e("output folder (default: ROOT/build)"))
    build_parser.add_argument(
        "--force", action="store_true", help=_e("replace --out even if it holds files rekisteri did not write")
    )
    build_parser.add_argument("--strict", action="store_true", help=_e("fail on warnings too"))
    build_parser.add_argument(
        "--no-cache", action="store_true", help=_e("ignore and do not keep ROOT/.cache/rekisteri (a clean build)")
    )
    build_parser.add_argument(
        "--no-search", action="store_true", help=_e("publish no search index (a quicker preview of the pages)")
    )
    build_parser.add_argument("--workers", type=int, help=_e("processes for rendering (default: one per core)"))
    check_parser = add("check", _e("validate the content without writing anything"))
    check_parser.add_argument("--strict", action="store_true", help=_e("fail on warnings too"))
    check_parser.add_argument("--format", choices=("text", "json"), default="text", help=_e("json: for tools and CI"))
    serve_parser = add("serve", _e("build, serve on 127.0.0.1 and rebuild on every change"))
    serve_parser.add_argument(
        "--port", type=_port, default=8000, help=_e("port, 0-65535 (a free one if taken or 0; default 8000)")
    )

    init_parser = commands.add_parser(
        "init",
        help=_e("start a new register in DIR"),
        description=_e("Start a new register in DIR (made if missing; an existing one must be empty)."),
    )
    init_parser.add_argument("dir", type=Path, metavar="DIR")
    init_parser.set_defaults(root=Path("."))

    new = add("new", _e("write a new item file to fill in"))
    new.add_argument("kind", choices=("project", "meeting", "network"))
    new.add_argument("id")
    new.add_argument("--lang", choices=LANGS, default="fi", help=_e("the file's language (default fi)"))
    schema_parser = add("schema", _e("write the JSON Schema of each kind's frontmatter, for editors' YAML tools"))
    schema_parser.add_argument("--out", type=_folder, help=_e("folder (default: ROOT/schema)"))
    schema_parser.add_argument(
        "--force", action="store_true", help=_e("write into --out even if it holds files rekisteri did not write")
    )
    schema_parser.add_argument("--lang", choices=(*LANGS, "en"), help=_e(SCHEMA_LANG_HELP))

    translations = add("translations", _e("which items lack a translation or have an outdated one"))
    translations.add_argument(
        "--lang", choices=LANGS, help=_e("the language to report on (default: each item's target)")
    )
    translations.add_argument("--state", type=_states, default=[], help=_e("e.g. missing,outdated"))
    translations.add_argument("--kind", type=_kinds, default=[], help=_e("e.g. projects,meetings"))
    translations.add_argument("--format", choices=("table", "json", "csv"), default="table")
    translations.add_argument(
        "--fail-on", type=_states, default=[], help=_e("exit 1 if any listed item is in these states")
    )
    actions = translations.add_subparsers(dest="action", metavar="ACTION")
    mark_parser = actions.add_parser("mark", help=_e("record that a translation matches its source's current text"))
    mark_parser.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    for name, help_text in (
        ("diff", _e("show what changed in the source since the translation was made")),
        ("new", _e("start a translation from the source's text")),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("id")
        action.add_argument("--lang", dest="target", choices=LANGS, required=True)
    return parser


def _folder(text: str) -> Path:
    """An empty value (an unset CI variable) must not quietly mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(_e("is empty; name a folder, e.g. --out build"))
    return Path(text)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_e("'{text}' is not a port number (0-65535)").format(text=text)) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            _e("{port} is not a port number: ports are 0-65535 (0: any free one)").format(port=port)
        )
    return port


def _states(text: str) -> list[State]:
    try:
        return [State(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError:
        states = ", ".join(s.value for s in State)
        raise argparse.ArgumentTypeError(_e("states are {states}").format(states=states)) from None


def _kinds(text: str) -> list[str]:
    kinds = [part.strip() for part in text.split(",") if part.strip()]
    if not set(kinds) <= set(KINDS):
        raise argparse.ArgumentTypeError(_e("kinds are {kinds}").format(kinds=", ".join(KINDS)))
    return kinds


def _report(diagnostics: Sequence[Diagnostic]) -> tuple[int, int]:
    labels = severity_labels()
    for diagnostic in diagnostics:
        print(diagnostic.format(labels), file=sys.stderr)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return errors, sum(d.severity is Severity.WARNING for d in diagnostics)  # notices are not counted


def _summary(errors: int, warnings: int, diagnostics: Sequence[Diagnostic]) -> str:
    """``4 errors, 2 warnings in 3 files``: each count a plural of its own, and the files
    last, so that a translation may put them in its own case (``3 tiedostossa``)."""
    files = len({d.path for d in diagnostics if d.severity is not Severity.NOTICE})
    problems = _ne("{n} error", "{n} errors", errors).format(n=errors)
    if warnings:
        counted = _ne("{n} warning", "{n} warnings", warnings).format(n=warnings)
        problems = _e("{errors}, {warnings}").format(errors=problems, warnings=counted)
    return _ne("{problems} in {n} file", "{problems} in {n} files", files).format(problems=problems, n=files)


def _check(arguments: argparse.Namespace, root: Path) -> int:
    checked = check(root, site_urls, strict=arguments.strict)
    if arguments.format == "json":
        print(as_json(checked.diagnostics))
        return 1 if has_errors(checked.diagnostics) else 0
    errors, warnings = _report(checked.diagnostics)
    if errors:
        print(said(_summary(errors, warnings, checked.diagnostics)), file=sys.stderr)
        return 1
    if not arguments.quiet:
        count = len(checked.register.items)
        print(said(_ne("{n} item OK", "{n} items OK", count).format(n=count)))
    return 0


def _build(arguments: argparse.Namespace, root: Path) -> int:
    out: Path = (arguments.out or root / "build").absolute()
    with BuildReporter(arguments.quiet, arguments.verbose) as reporter:
        result = build(
            root,
            out,
            strict=arguments.strict,
            progress=reporter,
            workers=arguments.workers,
            use_cache=not arguments.no_cache,
            search=not arguments.no_search,
            force=arguments.force,
        )
    errors, warnings = _report(result.diagnostics)
    if not result.ok:
        summary = _summary(errors, warnings, result.diagnostics)
        unchanged = _e("{summary}; nothing written, {out} left as it was").format(summary=summary, out=out)
        print(said(unchanged), file=sys.stderr)
        return 1
    if not arguments.quiet:
        for note in result.notes:
            print(said(_e("note: {note}").format(note=note)), file=sys.stderr)
        search = result.search
        summary = _e("{pages} pages, {files} files → {out} ({seconds} s)").format(
            pages=result.pages, files=result.files, out=out, seconds=f"{result.seconds:.2f}"
        )
        if search:
            indexed = _e("search: {pages} pages indexed in {seconds} s").format(
                pages=search.pages, seconds=f"{search.seconds:.2f}"
            )
            summary = f"{summary}; {indexed}"
        print(said(summary))
    return 0


def _print(outcome: Outcome) -> int:
    for line in outcome.out:
        print(line)
    for line in outcome.err:
        print(line, file=sys.stderr)
    return outcome.code


def _translations(arguments: argparse.Namespace, root: Path) -> int:
    if arguments.action == "mark":
        return max(_print(mark(root, path.absolute())) for path in arguments.paths)
    # A translation may be started before its source is published: 'new' sees drafts too.
    checked = check(root, site_urls, drafts=arguments.action == "new")
    errors, warnings = _report(checked.diagnostics)
    if errors:
        print(said(_summary(errors, warnings, checked.diagnostics)), file=sys.stderr)
        return 1
    report = checked.translations
    if arguments.action == "diff":
        return _print(diff(checked.register, report, arguments.id, arguments.target))
    if arguments.action == "new":
        return _print(new_translation(root, report, arguments.id, arguments.target))
    history = GitHistory(root)
    rows = report_rows(report, history, arguments.lang, arguments.state, arguments.kind)
    print(format_rows(rows, arguments.format, dt.date.today()))
    if arguments.format == "table" and not arguments.quiet:
        for line in summary_lines(report):
            print(line)
        if history.shallow:
            print(shallow_history_line())
    failing = [row for row in rows if row.state in arguments.fail_on]
    if failing:
        print(said(failing_line(failing)), file=sys.stderr)
        return 1
    return 0


def _serve(arguments: argparse.Namespace, root: Path) -> int:
    from .commands.serve import serve  # watchdog and the HTTP server load only for this command

    def log(line: str) -> None:
        if not arguments.quiet or ":" in line:
            print(
                said(line) if not line.startswith(("content/", "themes/", "pyproject")) else line,
                file=sys.stderr,
                flush=True,
            )

    status = serve(root, arguments.port, log)
    # serve has removed its folders and holds nothing to flush but the site in memory, whose
    # object-by-object teardown takes seconds at 5,000 items: Ctrl-C should return at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _new(arguments: argparse.Namespace, root: Path) -> int:
    return _print(new_item(root, arguments.kind, arguments.id, arguments.lang, dt.date.today()))


def _init(arguments: argparse.Namespace, root: Path) -> int:
    return _print(init_register(arguments.dir.absolute()))


def _schema(arguments: argparse.Namespace, root: Path) -> int:
    outcome = write_schemas(arguments.out or root / "schema", root, arguments.force, arguments.lang)
    if arguments.quiet:
        return outcome.code
    return _print(outcome)


COMMANDS = {
    "init": _init,
    "new": _new,
    "schema": _schema,
    "check": _check,
    "build": _build,
    "serve": _serve,
    "translations": _translations,
}


def _root_hint(argv: Sequence[str]) -> Path:
    """The ``--root`` an invocation names, read before parsing: the register's
    ``editor_language`` decides the language of ``--help`` and of parsing errors too."""
    for index, argument in enumerate(argv):
        if argument == "--root" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if argument.startswith("--root="):
            return Path(argument.split("=", 1)[1])
    return Path(".")


def _speak_editor_language(argv: Sequence[str]) -> None:
    """Choose the editor's language (see :mod:`text.editor`) before a word is printed, and
    let argparse's own words (``usage:``, ``options``, its errors) come from the same
    catalogs: argparse looks its ``_`` and ``ngettext`` up at call time."""
    use_language(language_from_environment() or language_from_settings(_root_hint(argv)) or SOURCE_LANG)
    argparse._ = _e  # type: ignore[attr-defined]
    argparse.ngettext = _ne  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _speak_editor_language(argv)
    arguments = _parser().parse_args(argv)
    root: Path = arguments.root.resolve()
    if arguments.command != "init" and not root.is_dir():
        print(said(_e("--root {root}: no such folder").format(root=arguments.root)), file=sys.stderr)
        return 2
    try:
        if arguments.command == "serve":  # check and build list it with the content's warnings
            warning = missing_settings_warning(root)
            if warning:
                print(warning.format(severity_labels()), file=sys.stderr, flush=True)
        status = COMMANDS[arguments.command](arguments, root)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's own flush at exit
        return status
    except UnsafeOutput as exc:
        print(said(_e("{problem}; nothing was changed").format(problem=exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        stopped = _e("interrupted; the output was not changed") if arguments.command == "build" else _e("interrupted")
        print(said(stopped), file=sys.stderr)
        return 130
    except BrokenPipeError as exc:
        if _reader_gone():
            return _SIGPIPE_STATUS
        return _internal_error(exc)
    except Exception as exc:  # a bug in rekisteri, not in the content
        return _internal_error(exc)


# What a shell reports for a tool that SIGPIPE ended (`yes | head -1`). The signal itself stays
# ignored, as Python sets it: serve's sockets must survive a browser that hangs up.
_SIGPIPE_STATUS = 128 + signal.SIGPIPE


def _reader_gone() -> bool:
    """Whether stdout or stderr is a pipe whose reader has left (``| head``), as opposed to
    some other pipe or socket failing inside a command, which is a bug to report.  The
    broken stream is pointed at /dev/null so that nothing written later fails again."""
    gone = False
    for stream in (sys.stdout, sys.stderr):
        try:
            descriptor = stream.fileno()
            poller = select.poll()
            poller.register(descriptor, select.POLLOUT)
            broken = any(events & select.POLLERR for _, events in poller.poll(0))
        except (OSError, ValueError):
            continue
        if broken:
            gone = True
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), descriptor)
    return gone


def _internal_error(exc: BaseException) -> int:
    if os.environ.get("REKISTERI_DEBUG"):
        raise exc
    message = _e(
        "internal error: {error}\n  (this is a bug in rekisteri; run with REKISTERI_DEBUG=1 for the traceback)"
    ).format(error=f"{type(exc).__name__}: {exc}")
    print(said(message), file=sys.stderr)
    return 70


if __name__ == "__main__":
    sys.exit(main())
