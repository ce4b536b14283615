"""``check()``: settings, content and translation metadata, validated together.

What ``rekisteri check`` runs, and the first step of every build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, has_errors, sort_diagnostics
from .advice import content_warnings
from .bodylinks import PageUrls, body_link_problems
from .load import LoadCache, load_register
from .model import Register
from .settings import Settings, catalog_warnings, load_settings
from .translations import TranslationReport, translation_report


@dataclass
class Checked:
    settings: Settings
    register: Register
    translations: TranslationReport
    diagnostics: list[Diagnostic]


def check(
    root: Path,
    page_urls: PageUrls,
    cache: LoadCache | None = None,
    today: dt.date | None = None,
    strict: bool = False,
    only: Collection[Path] | None = None,
    drafts: bool = False,
) -> Checked:
    """Errors, warnings (see :mod:`advice`) and notices; with ``strict`` the warnings count as
    errors, notices never do.  ``only``: the files a watcher saw change; the cached others are
    not looked at.  ``drafts``: the register as previewed, drafts included (see :mod:`join`).
    ``page_urls``: every page the site will have (``generator.pages.site_urls``), passed
    down because ``read`` may not plan the site."""
    settings, diagnostics = load_settings(root)
    cache = cache if cache is not None else LoadCache()  # the body-link check reads the files it holds
    register, problems = load_register(root, cache=cache, only=only, drafts=drafts)
    translations, translation_problems = translation_report(register)
    problems += body_link_problems(register, settings, translations, cache, page_urls)
    complete = not has_errors(problems)
    advice = content_warnings(register, today or dt.date.today(), complete)
    if not has_errors(diagnostics):  # settings that could not be read are reported as such
        known = register.organisations if complete else None
        advice += catalog_warnings(settings, known, root)
    found = diagnostics + problems + translation_problems + advice
    if strict:
        found = [replace(d, severity=Severity.ERROR) if d.severity is Severity.WARNING else d for d in found]
    found = sort_diagnostics(found)
    return Checked(settings, register, translations, found)
