"""The open data licence as an editor sets it in ``[tool.rekisteri]``, through ``rekisteri``."""

from __future__ import annotations

from ..conftest import Site
from .test_cli import rekisteri


def _set(site: Site, line: str) -> None:
    settings = site.root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("[tool.rekisteri]\n", f"[tool.rekisteri]\n{line}\n", 1), encoding="utf-8")


def _data_page(site: Site) -> str:
    return (site.root / "build" / "fi" / "avoin-data" / "index.html").read_text(encoding="utf-8")


def test_default_licence_is_cc_by_4_with_its_address(site: Site) -> None:
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 0, result.stderr
    page = _data_page(site)
    assert "Creative Commons Attribution 4.0 International" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page


def test_a_known_spdx_id_in_any_spelling_names_the_whole_licence(site: Site) -> None:
    _set(site, 'license = "cc0 1.0"')
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 0, result.stderr
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/"' in _data_page(site)


def test_a_licence_written_in_full(site: Site) -> None:
    _set(
        site, 'license = {id = "OGL-UK-3.0", title = "Open Government Licence v3.0", url = "https://example.test/ogl"}'
    )
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 0, result.stderr
    assert "Open Government Licence v3.0" in _data_page(site)


def test_unknown_licence_and_the_old_setting_name_are_one_error_each_at_their_line(site: Site) -> None:
    _set(site, 'license = "MIT-ish"')
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pyproject.toml:2: tool.rekisteri.license: 'MIT-ish' is not a licence rekisteri knows; write one of " in (
        result.stderr
    )
    settings = site.root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('license = "MIT-ish"', 'data_license = "CC BY 4.0"'), encoding="utf-8")
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'data_license' is now called 'license': license = \"CC BY 4.0\"" in result.stderr
    assert len([line for line in result.stderr.splitlines() if "data_license" in line]) == 1
