"""The register's DCAT-AP catalogue record: ``data/catalog.ttl`` and ``data/catalog.jsonld``.

What avoindata.fi and data.europa.eu harvest: a ``dcat:Catalog`` holding one
``dcat:Dataset`` (the register) with a ``dcat:Distribution`` per data file of
:mod:`.datafiles`.  Every node has an address of its own (no blank nodes), so both
serialisations come out byte for byte the same on every build; the modified date is the
newest change git knows of, never the build's clock.  What the settings do not say
(publisher, contact point, description) is left out, not invented: ``check`` warns.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from .. import urls
from ..read.model import LANGS, Register
from ..read.schema import Meeting, Project
from .context import MemoTable
from .datafiles import FILE_TYPE, IANA, data_files, size_of
from .views import File

if TYPE_CHECKING:
    from rdflib import Graph

    from .context import PageContext

PREFIXES = ("dcat", "dct", "foaf", "skos", "vcard", "xsd")
#: The EU Vocabularies' languages (DCAT-AP's ``dct:language``), by the site's language codes.
LANGUAGE = {
    "fi": "http://publications.europa.eu/resource/authority/language/FIN",
    "sv": "http://publications.europa.eu/resource/authority/language/SWE",
}
#: The EU data theme of every rekisteri register: it records public-sector work.
DATA_THEMES = "http://publications.europa.eu/resource/authority/data-theme"
GOVERNMENT = f"{DATA_THEMES}/GOVE"
#: Where the register's work happens: DCAT-AP's ``dct:spatial`` from the EU country list.
FINLAND = "http://publications.europa.eu/resource/authority/country/FIN"
#: The General Finnish Ontology, whose concepts themes.yaml links to, and its names.
YSO = "http://www.yso.fi/onto/yso/"
YSO_TITLE = {"fi": "YSO – Yleinen suomalainen ontologia", "sv": "ALLFO – Allmän finländsk ontologi"}

#: ADMS's licence types of the licences a register may name by id (``read.settings.KNOWN_LICENSES``).
LICENSE_TYPES = {
    "CC-BY-4.0": (("Attribution", "Attribution"),),
    "CC-BY-SA-4.0": (("Attribution", "Attribution"), ("ShareAlike", "Share alike")),
    "CC0-1.0": (("PublicDomain", "Public domain"),),
}
ADMS_LICENSE_TYPE = "http://purl.org/adms/licencetype/"

#: The graph, made once per rebuild for both files.
GRAPHS: MemoTable[str, object, Graph] = MemoTable("catalogue graph", saved=False, same=lambda a, b: a is b)


def _graph(planner: PageContext) -> Graph:
    # rdflib is imported here, not at the top: it takes a noticeable part of a second, and
    # every other command and page would pay for it.
    from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")
    settings = planner.settings
    base = settings.base_url
    register = planner.register
    here = urls.absolute(base, urls.CATALOG_TTL)
    catalog, dataset = URIRef(f"{here}#catalog"), URIRef(f"{here}#dataset")
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in zip(PREFIXES, (DCAT, DCTERMS, FOAF, SKOS, vcard, XSD), strict=True):
        graph.bind(prefix, namespace)

    def texts(subject: URIRef, predicate: URIRef, by_lang: dict[str, str]) -> None:
        for lang in LANGS:
            graph.add((subject, predicate, Literal(by_lang[lang], lang=lang)))

    def typed(node: str, kind: URIRef) -> URIRef:
        uri = URIRef(node)
        graph.add((uri, RDF.type, kind))
        return uri

    gettexts = planner.gettexts
    title = {lang: settings.title.for_lang(lang) for lang in LANGS}
    description = settings.catalog.description
    license_document = typed(settings.license.url, DCTERMS.LicenseDocument)
    graph.add((license_document, DCTERMS.title, Literal(settings.license.title)))
    graph.add((license_document, DCTERMS.identifier, Literal(settings.license.id)))
    for code, label in LICENSE_TYPES.get(settings.license.id, ()):
        licence_type = typed(ADMS_LICENSE_TYPE + code, SKOS.Concept)
        graph.add((licence_type, SKOS.prefLabel, Literal(label, lang="en")))
        graph.add((license_document, DCTERMS.type, licence_type))
    languages = [typed(LANGUAGE[lang], DCTERMS.LinguisticSystem) for lang in LANGS]
    homes = [typed(urls.absolute(base, urls.home(lang)), FOAF.Document) for lang in LANGS]
    dates = [
        planner.updated[v.source.path]
        for item in register.items.values()
        for v in item.versions.values()
        if v.source.path in planner.updated
    ]
    modified = Literal(max(dates).isoformat(), datatype=XSD.date) if dates else None

    graph.add((catalog, RDF.type, DCAT.Catalog))
    texts(catalog, DCTERMS.title, title)
    graph.add((catalog, FOAF.homepage, homes[0]))
    graph.add((catalog, DCAT.dataset, dataset))

    graph.add((dataset, RDF.type, DCAT.Dataset))
    texts(dataset, DCTERMS.title, title)
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    graph.add((dataset, DCTERMS.license, license_document))
    for page in homes:
        graph.add((dataset, DCAT.landingPage, page))
    for language in languages:
        graph.add((dataset, DCTERMS.language, language))
        graph.add((catalog, DCTERMS.language, language))
    if description is not None:
        for subject in (catalog, dataset):
            texts(subject, DCTERMS.description, {lang: description.for_lang(lang) for lang in LANGS})
    period = _period(register)
    if period is not None:
        span = typed(f"{here}#period", DCTERMS.PeriodOfTime)
        graph.add((span, DCAT.startDate, Literal(period[0].isoformat(), datatype=XSD.date)))
        graph.add((span, DCAT.endDate, Literal(period[1].isoformat(), datatype=XSD.date)))
        graph.add((dataset, DCTERMS.temporal, span))
    if modified is not None:
        graph.add((dataset, DCTERMS.modified, modified))
        graph.add((catalog, DCTERMS.modified, modified))
    for lang in LANGS:
        for keyword in getattr(settings.catalog.keywords, lang):
            graph.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))

    # Themes: the EU's data theme, and the register's own themes, each as its YSO concept
    # where themes.yaml names one, else as the theme's page; each in its scheme, and the
    # schemes are the catalogue's theme taxonomies.
    eu_themes = typed(DATA_THEMES, SKOS.ConceptScheme)
    graph.add((eu_themes, DCTERMS.title, Literal("Data theme", lang="en")))
    government = typed(GOVERNMENT, SKOS.Concept)
    graph.add((government, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
    graph.add((government, SKOS.inScheme, eu_themes))
    themes, schemes = [government], {eu_themes}
    for theme in sorted(register.themes.values(), key=lambda t: t.id):
        if theme.yso:
            concept, scheme = typed(theme.yso, SKOS.Concept), typed(YSO, SKOS.ConceptScheme)
            texts(scheme, DCTERMS.title, YSO_TITLE)
        else:
            concept = typed(urls.absolute(base, urls.theme("fi", theme.id)), SKOS.Concept)
            scheme = typed(urls.absolute(base, urls.section("fi", "themes")), SKOS.ConceptScheme)
            texts(scheme, DCTERMS.title, {lang: gettexts[lang]("Themes") for lang in LANGS})
        texts(concept, SKOS.prefLabel, {lang: theme.label.for_lang(lang) for lang in LANGS})
        graph.add((concept, SKOS.inScheme, scheme))
        themes.append(concept)
        schemes.add(scheme)
    for concept in themes:
        graph.add((dataset, DCAT.theme, concept))
    for scheme in sorted(schemes):
        graph.add((catalog, DCAT.themeTaxonomy, scheme))
    finland = typed(FINLAND, DCTERMS.Location)
    for subject in (catalog, dataset):
        graph.add((subject, DCTERMS.spatial, finland))
    # The record is one of the open data's files, under the same licence.
    graph.add((catalog, DCTERMS.license, license_document))

    publisher = register.organisations.get(settings.catalog.publisher or "")
    if publisher is not None:
        agent = typed(f"{here}#publisher", FOAF.Agent)
        texts(agent, FOAF.name, {lang: publisher.name.for_lang(lang) for lang in LANGS})
        if publisher.website:
            graph.add((agent, FOAF.homepage, typed(publisher.website, FOAF.Document)))
        graph.add((dataset, DCTERMS.publisher, agent))
        graph.add((catalog, DCTERMS.publisher, agent))
    if settings.catalog.contact is not None:
        contact = typed(f"{here}#contact", vcard.Kind)
        graph.add((contact, vcard.hasEmail, URIRef(f"mailto:{settings.catalog.contact}")))
        if publisher is not None:
            texts(contact, vcard.fn, {lang: publisher.name.for_lang(lang) for lang in LANGS})
        graph.add((dataset, DCAT.contactPoint, contact))

    for entry in data_files():
        address = urls.absolute(base, entry.url)
        distribution = URIRef(f"{here}#{entry.name}")
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((dataset, DCAT.distribution, distribution))
        texts(distribution, DCTERMS.title, {lang: entry.title(gettexts[lang]) for lang in LANGS})
        texts(distribution, DCTERMS.description, {lang: entry.description(gettexts[lang]) for lang in LANGS})
        graph.add((distribution, DCAT.accessURL, URIRef(address)))
        graph.add((distribution, DCAT.downloadURL, URIRef(address)))
        graph.add((distribution, DCAT.mediaType, typed(IANA + entry.media_type, DCTERMS.MediaType)))
        graph.add((distribution, DCTERMS.format, typed(FILE_TYPE + entry.file_type, DCTERMS.MediaTypeOrExtent)))
        byte_size = Literal(str(size_of(planner, entry)), datatype=XSD.nonNegativeInteger)
        graph.add((distribution, DCAT.byteSize, byte_size))
        graph.add((distribution, DCTERMS.license, license_document))
        for standard in entry.conforms_to:
            address = urls.absolute(base, standard) if standard.startswith("/") else standard
            graph.add((distribution, DCTERMS.conformsTo, typed(address, DCTERMS.Standard)))
    return graph


def _period(register: Register) -> tuple[dt.date, dt.date] | None:
    """The days the register's dated items span: projects' terms and meetings' dates."""
    days: list[dt.date] = []
    for item in register.items.values():
        data = item.data
        if isinstance(data, Project):
            days += [data.term.start, data.term.end or data.term.start]
        elif isinstance(data, Meeting):
            days.append(data.date)
    return (min(days), max(days)) if days else None


def _made(planner: PageContext) -> Graph:
    return planner.memo.get_or_make(GRAPHS, "catalogue", planner, lambda: _graph(planner))


def catalog_turtle(planner: PageContext) -> File:
    return File(urls.CATALOG_TTL, _made(planner).serialize(format="turtle", encoding="utf-8"))


def catalog_jsonld(planner: PageContext) -> File:
    """JSON-LD with the Turtle's prefixes as its context.  rdflib writes nodes and values in
    the order its store iterates them, which varies between runs: they are put in order here."""
    graph = _made(planner)
    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix in PREFIXES}
    document = json.loads(graph.serialize(format="json-ld", context=context))
    text = json.dumps(_ordered(document), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return File(urls.CATALOG_JSONLD, text.encode("utf-8"))


def _ordered(node: Any) -> Any:
    """Every list sorted by its members' JSON (which starts with ``@id`` for a node)."""
    if isinstance(node, dict):
        return {key: _ordered(value) for key, value in node.items()}
    if isinstance(node, list):
        members = [_ordered(value) for value in node]
        return sorted(members, key=lambda member: json.dumps(member, ensure_ascii=False, sort_keys=True))
    return node
