"""The register's themes (content/themes.yaml): a list of them, and a page per theme with its items.

Themes are the register's controlled vocabulary; free ``tags`` get no pages.  A theme's
label and description are written in both languages in themes.yaml, so these pages never
fall back to the other language, unlike the items they list.
"""

from __future__ import annotations

from functools import partial

from .. import urls
from ..read.model import KINDS, LANGS
from ..read.schema import Theme
from ..text.i18n import sort_key
from .context import PageContext
from .contexts import ThemeContext, ThemesContext
from .descriptions import in_all, shorten
from .labels import KIND_PLURAL, N_, NAME_IN
from .views import Fact, Group, Page, ThemeEntry, Value

THEMES_DESCRIPTION = N_("%(title)s, %(count)s: each with its description and its projects, meetings and networks.")
#: For a theme whose entry in themes.yaml has no description of its own.
THEME_DESCRIPTION = N_("%(theme)s: the projects, meetings and networks on this theme, %(count)s.")


def theme_list(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    themes = sorted(ctx.register.themes.values(), key=lambda t: sort_key(t.label.for_lang(lang)))
    entries = [
        ThemeEntry(
            theme.label.for_lang(lang),
            urls.theme(lang, theme.id),
            theme.description.for_lang(lang) if theme.description else "",
            len(ctx.register.items_with_theme(theme.id)),
            theme.yso,
        )
        for theme in themes
    ]
    title = _("Themes")
    description = _(THEMES_DESCRIPTION) % {"title": title, "count": in_all(_, len(entries))}
    return Page.in_each_language(
        partial(urls.section, kind="themes"), lang, title, ThemesContext(entries), shorten(description)
    )


def theme_page(ctx: PageContext, lang: str, theme: Theme) -> Page:
    _ = ctx.gettexts[lang]
    other = next(o for o in LANGS if o != lang)
    facts = [Fact(_(NAME_IN[other]), [Value(theme.label.for_lang(other), lang=other)])]
    if theme.yso:
        facts.append(Fact(_("YSO concept"), [Value(theme.yso, theme.yso)]))
    items = ctx.register.items_with_theme(theme.id)
    groups = []
    for kind in KINDS:
        of_kind = ctx.sorted_items(lang, [i for i in items if i.kind == kind], newest_first=kind == "meetings")
        if of_kind:
            groups.append(Group(_(KIND_PLURAL[kind]), [ctx.entry(lang, i) for i in of_kind]))
    description = theme.description.for_lang(lang) if theme.description else ""
    label = theme.label.for_lang(lang)
    about = description or _(THEME_DESCRIPTION) % {"theme": label, "count": in_all(_, len(items))}
    return Page(
        urls.theme(lang, theme.id),
        lang,
        theme.label.for_lang(lang),
        {one: urls.theme(one, theme.id) for one in LANGS},
        ThemeContext(
            description=description,
            facts=facts,
            groups=groups,
            themes_url=urls.section(lang, "themes"),
        ),
        description=shorten(about),
    )
