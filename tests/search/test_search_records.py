"""What the build feeds Pagefind: records, filters, metadata and added word forms."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from generator.pages.planner import PagePlanner
from generator.read.load import load_register
from generator.read.model import LANGS
from generator.read.settings import load_settings
from generator.render.theme import load_theme
from generator.search.records import SearchRecord, documents, search_records
from generator.search.wordforms import SwedishCompounds, WordForms, _compound_parts
from generator.text.markdown import MarkdownRenderer

from ..conftest import REPO, Run, Site

PROJECT = "digitaaliset-keinot-koronakriisin-jalkihoidossa"


@pytest.fixture(scope="module")
def records() -> dict[tuple[str, str], SearchRecord]:
    register, problems = load_register(REPO)
    assert not problems
    settings, _ = load_settings(REPO)
    theme, _ = load_theme(REPO, "default", LANGS)
    assert theme is not None
    planner = PagePlanner(
        register, settings, {lang: theme.translations[lang].gettext for lang in LANGS}, MarkdownRenderer()
    )
    forms = WordForms.load()
    try:
        found = search_records(planner, forms)
    finally:
        forms.close()
    return {(r.lang, r.url.rstrip("/").rsplit("/", 1)[-1]): r for r in found}


def test_system_morphology_is_installed() -> None:
    """The test command installs Voikko and the Swedish word list; recall depends on them."""
    assert WordForms.load().missing == []


def test_one_record_per_item_and_language(records: dict[tuple[str, str], SearchRecord]) -> None:
    register, _ = load_register(REPO)
    assert set(records) == {(lang, item_id) for lang in LANGS for item_id in register.items}
    assert records[("fi", PROJECT)].url == f"/fi/hankkeet/{PROJECT}/"
    assert records[("sv", PROJECT)].url == f"/sv/projekt/{PROJECT}/"


def theme_labels(lang: str, item_id: str) -> list[str]:
    """The shipped item's themes, labelled as themes.yaml labels them in ``lang``."""
    register, _ = load_register(REPO)
    return sorted(register.themes[t].label.for_lang(lang) for t in register.items[item_id].data.themes)


def test_filters_are_labelled_in_the_sites_language(records: dict[tuple[str, str], SearchRecord]) -> None:
    fi, sv = records[("fi", PROJECT)], records[("sv", PROJECT)]
    assert fi.filters == {
        "kind": ["Hanke"],
        "theme": theme_labels("fi", PROJECT),
        "organisation": ["liikenne- ja viestintäministeriö"],
        "status": ["Päättynyt"],
        "year": ["2020"],
    }
    assert "Koronapandemia" in fi.filters["theme"] and "Coronapandemin" in sv.filters["theme"]
    assert sv.filters["theme"] == theme_labels("sv", PROJECT)
    assert sv.filters["kind"] == ["Projekt"]
    assert sv.filters["organisation"] == ["kommunikationsministeriet"]
    assert sv.filters["status"] == ["Avslutat"]
    assert fi.sort_date == "2020-05-04"
    network = records[("fi", "digisumpit")]
    assert network.filters["status"] == ["Käynnissä"] and "year" not in network.filters


def test_other_language_text_is_marked_once(records: dict[tuple[str, str], SearchRecord]) -> None:
    sv = records[("sv", "digisumpit")]
    assert sv.meta["language"] == "fi"
    assert sv.meta["language_note"] == "på finska"
    assert sv.title == "Digisumpit"
    assert "language" not in records[("fi", "digisumpit")].meta
    assert [key for key in records if key[1] == "digisumpit"] == [("fi", "digisumpit"), ("sv", "digisumpit")]


def test_result_metadata(records: dict[tuple[str, str], SearchRecord]) -> None:
    meeting = records[("sv", "kansliapaallikoiden-ja-valtiosihteerien-kokous-2021")]
    assert meeting.meta["kind"] == "Möte"
    assert meeting.meta["organisation"] == "statsrådets kansli"
    assert meeting.meta["date"] == "25 okt. 2021"
    assert "language" not in meeting.meta
    assert meeting.title.startswith("Ministeriernas kanslichefer")


def test_base_forms_and_compound_parts_are_added(records: dict[tuple[str, str], SearchRecord]) -> None:
    project = records[("fi", PROJECT)]
    # digitalisaatiokehitystä, koronaviruskriisin, korjausvelkaa: parts the text never writes alone
    assert {"kehitys", "korona", "virus", "velka"} <= set(project.extra_terms)
    assert "kriisi" not in project.extra_terms  # the text has it as a word of its own
    meeting = records[("sv", "kansliapaallikoiden-ja-valtiosihteerien-kokous-2021")]
    assert "sekreterare" in meeting.extra_terms  # from statssekreterare
    assert project.meta["extra_words"] == str(2 + len(project.extra_terms))


def test_index_document_carries_filters_meta_and_sort(records: dict[tuple[str, str], SearchRecord]) -> None:
    html = documents([records[("fi", PROJECT)]])[f"fi/hankkeet/{PROJECT}/index.html"].decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "fi"
    assert soup.find("body", attrs={"data-pagefind-body": True})
    filters = sorted(str(t["data-pagefind-filter"]) for t in soup.select("[data-pagefind-filter]"))
    assert filters == [
        "kind:Hanke",
        "organisation:liikenne- ja viestintäministeriö",
        "status:Päättynyt",
        *(f"theme:{label}" for label in theme_labels("fi", PROJECT)),
        "year:2020",
    ]
    assert soup.select_one("[data-pagefind-sort]")["data-pagefind-sort"] == "date:2020-05-04"  # type: ignore[index]
    assert soup.select_one("h1[data-pagefind-meta=title]").get_text() == records[("fi", PROJECT)].title  # type: ignore[union-attr]
    date_meta = soup.select_one("[data-pagefind-meta^='date:']")
    assert date_meta is not None and date_meta["data-pagefind-meta"] == "date:4.5.2020\u201330.9.2020"


def test_commas_in_filter_values_are_escaped() -> None:
    record = SearchRecord(
        url="/fi/x/",
        lang="fi",
        title="T",
        summary="S",
        kind_words="Hanke Hankkeet",
        facts=[],
        body="",  # type: ignore[arg-type]
        meta={"organisation": "A, B"},
        filters={"organisation": ["A, B"]},
        sort_date="",
    )
    soup = BeautifulSoup(record.document(), "html.parser")
    assert soup.select_one("[data-pagefind-filter]")["data-pagefind-filter"] == "organisation:A\\, B"  # type: ignore[index]


def test_finnish_compound_parts_from_voikko_analysis() -> None:
    wordbases = "+digitalisaatio(digitalisaatio)+kehit(kehittää)+ys(+ys)"
    assert _compound_parts(wordbases, "digitalisaatiokehitys") == ["digitalisaatio", "kehitys"]
    assert _compound_parts("+kunta(kunta)+liit(liittää)+to(+to)", "kuntaliitto") == ["kunta", "liitto"]
    assert _compound_parts("+hallinto(hallinto)", "hallinto") == []
    assert _compound_parts("+julkishallinto(julkis=hallinto)", "julkishallinto") == ["julkis", "hallinto"]
    three = "+kestä(kestää)+vy(+ä)+ys(+ys)+tie(tie)+kartta(kartta)"
    assert _compound_parts(three, "kestävyystiekartta") == ["kestävyys", "tie", "kartta", "tiekartta"]


def test_swedish_compounds_split_against_the_word_list() -> None:
    splitter = SwedishCompounds({"hälsa", "vård", "hälsovård", "tjänst", "arbete", "digitalisering", "kommun"})
    assert splitter.terms("hälsovårdstjänster")[-2:] == ["hälsovård", "tjänster"]
    assert splitter.terms("digitaliseringsarbete") == ["digitalisering", "arbete"]
    assert splitter.terms("kommunernas") == []
    assert splitter.terms("kommun") == []


def test_build_without_morphology_still_works(
    cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(WordForms, "load", classmethod(lambda cls: cls(missing=["Finnish base forms are not indexed"])))
    result = cli("build", "--root", site.root)
    assert result.code == 0, result.err
    assert "note: search: Finnish base forms are not indexed; recall is lower" in result.err
    assert (site.out / "pagefind/pagefind.js").is_file()


def test_search_bundle_is_rebuilt_from_scratch(cli: Callable[..., Run], site: Site) -> None:
    assert cli("build", "--root", site.root).code == 0
    first = {p.name for p in (site.out / "pagefind").rglob("*") if p.is_file()}
    (site.out / "pagefind" / "stale.pf_index").write_text("old")
    site.write("fi/networks/sumppi.md", (site.root / "content/fi/networks/sumppi.md").read_text() + "\nUusi sana.\n")
    assert cli("build", "--root", site.root).code == 0
    second = {p.name for p in (site.out / "pagefind").rglob("*") if p.is_file()}
    assert "stale.pf_index" not in second
    assert first != second  # content changed, so did the hashed file names
