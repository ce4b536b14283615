"""Every URL the site will have, for the body-link check of the ``read`` stage.

The check must tell a link to a list page that exists (``/fi/hankkeet/2/``) from
one that does not, and only the planner knows the list pages; but ``read`` sits
below ``pages`` and may not plan the site itself.  So the callers above both pass
this function down to :func:`generator.read.check.check`.
"""

from __future__ import annotations

from ..read.model import LANGS, Register
from ..read.settings import Settings
from ..read.translations import TranslationReport
from ..text.markdown import MarkdownRenderer
from .planner import PagePlanner


def site_urls(register: Register, settings: Settings, translations: TranslationReport) -> set[str]:
    """The URLs of the pages planned for ``register``; messages are left untranslated, as
    no page is made, only its address."""

    def same(message: str) -> str:
        return message

    planner = PagePlanner(register, settings, {lang: same for lang in LANGS}, MarkdownRenderer(), translations)
    return {spec.url for spec in planner.specs()}
