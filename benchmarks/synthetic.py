"""A deterministic synthetic register in rekisteri's own schema, for benchmarks.

``generate(root, items)`` writes ``content/`` (and a ``pyproject.toml``) for
``items`` items: all three kinds, Finnish and Swedish versions (about 15 %
Finnish-only), related links, and bodies of about 600 words built from real
Finnish and Swedish vocabulary, so stemming, word forms and index sizes
behave as they would on real text.  The same ``items`` and ``seed`` always
give the same files.
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

FI_WORDS = """
digitalisaatio hallinto kunta kunnat kuntien palvelu palvelut palveluiden kehittäminen kehitys
hanke hankkeen hankkeet työryhmä työryhmän verkosto verkoston kokous kokouksessa ministeriö
ministeriön valtioneuvosto tieto tiedon tietoturva tietoturvallisuus data datatalous julkinen
julkisen yhteistyö yhteistyön osaaminen osaamisen asiakas asiakkaat kansalainen kansalaisten
yritys yritysten tuottavuus tuottavuuden kustannus kustannukset investointi investoinnit
strategia strategian tavoite tavoitteet tavoitteena toimenpide toimenpiteet suunnitelma
suunnitelman selvitys selvityksen lainsäädäntö lainsäädännön valmistelu valmistelussa arviointi
vaikutus vaikutukset päätös päätökset päätöksenteko alue alueen maakunta maakunnan hyvinvointi
terveys terveydenhuolto sosiaalipalvelut koulutus opetus kulttuuri liikenne viestintä verkko
verkkopalvelu sähköinen asiointi asioinnin digituki saavutettavuus esteettömyys käyttäjä
käyttäjien kokemus kokemukset kokeilu kokeilut tekoäly automaatio järjestelmä järjestelmät
rajapinta rajapinnat integraatio arkkitehtuuri ohjaus ohjauksen rahoitus rahoituksen budjetti
vuosi vuoden aikana lisäksi myös sekä että joka jotka tämä tämän niiden hallitus hallituksen
ohjelma ohjelman kirjaus kirjaukset toteutus toteutuksen seuranta raportti raportin tulos
tulokset jatko jatkossa kriisi kriisin pandemia etätyö etäyhteys hybridimalli muutos muutokset
""".split()

SV_WORDS = """
digitalisering förvaltning kommun kommuner kommunernas tjänst tjänster tjänsterna utveckling
projekt projektet arbetsgrupp arbetsgruppen nätverk nätverket möte mötet ministerium
ministeriet statsrådet information informationen informationssäkerhet data dataekonomi offentlig
offentliga samarbete samarbetet kompetens kompetensen kund kunder medborgare medborgarnas
företag företagens produktivitet kostnad kostnader investering investeringar strategi
strategin mål målen åtgärd åtgärder plan planen utredning utredningen lagstiftning
lagstiftningen beredning beredningen bedömning effekt effekter beslut besluten beslutsfattande
område området landskap välfärd hälsa hälsovård socialtjänster utbildning undervisning kultur
trafik kommunikation nätet webbtjänst elektronisk ärende ärenden digitalt stöd tillgänglighet
användare användarnas erfarenhet erfarenheter försök artificiell intelligens automation system
systemen gränssnitt integration arkitektur styrning styrningen finansiering budget år året
under dessutom även samt att som denna dessa deras regeringen regeringens program programmet
genomförande uppföljning rapport rapporten resultat fortsättning kris krisen pandemin
distansarbete hybridmodell förändring förändringar hälsovårdstjänster digitaliseringsarbete
""".split()

FI_ENDINGS = ("", "", "n", "ssa", "sta", "lla", "lle", "ksi", "t", "en", "ien", "iin")
SV_ENDINGS = ("", "", "en", "et", "er", "erna", "s", "ens", "na", "ar")
VOCABULARY_SIZE = 30000


def _vocabulary(words: list[str], endings: tuple[str, ...], link: str, rng: random.Random) -> list[str]:
    """Inflected forms and two-part compounds of the base words, in a random frequency order."""
    forms = {word + ending for word in words for ending in endings}
    while len(forms) < VOCABULARY_SIZE:
        first, second = rng.choice(words), rng.choice(words)
        if first != second:
            forms.add(first + (link if rng.random() < 0.3 else "") + second + rng.choice(endings))
    ordered = sorted(forms)
    rng.shuffle(ordered)
    return ordered


class Words:
    """Word frequencies follow Zipf's law, as in real text: a few words are everywhere, most are rare."""

    def __init__(self, rng: random.Random) -> None:
        self.forms = {
            "fi": _vocabulary(FI_WORDS, FI_ENDINGS, "", rng),
            "sv": _vocabulary(SV_WORDS, SV_ENDINGS, "s", rng),
        }
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(VOCABULARY_SIZE)))

    def pick(self, rng: random.Random, lang: str, count: int) -> list[str]:
        return rng.choices(self.forms[lang], cum_weights=self.cumulative, k=count)


SECTIONS = {
    "fi": ["Tavoitteet ja tuotokset", "Tiivistelmä", "Lähtökohdat", "Eteneminen"],
    "sv": ["Mål och resultat", "Sammanfattning", "Utgångspunkter", "Framskridande"],
}
KINDS = ("projects", "meetings", "networks")
CATEGORIES = ("development", "legislation", "study", "strategy", "other")
FIRST_NAMES = (
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Maria",
    "Olli",
    "Sanna",
    "Timo",
    "Anna",
    "Erik",
)
LAST_NAMES = ("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Lindqvist", "Heikkilä", "Koskinen", "Åberg")


def _sentence(rng: random.Random, words: Words, lang: str) -> str:
    chosen = words.pick(rng, lang, rng.randint(8, 16))
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _body(rng: random.Random, vocabulary: Words, lang: str, words: int = 600) -> str:
    parts: list[str] = []
    written = 0
    for heading in SECTIONS[lang]:
        parts.append(f"## {heading}\n")
        for _ in range(3):
            paragraph = []
            while len(paragraph) < 4:
                paragraph.append(_sentence(rng, vocabulary, lang))
            text = " ".join(paragraph)
            written += len(text.split())
            parts.append(text + "\n")
            if written >= words:
                break
        if written >= words:
            break
    return "\n".join(parts)


def _title(rng: random.Random, vocabulary: Words, lang: str, index: int) -> str:
    return " ".join(vocabulary.pick(rng, lang, rng.randint(3, 6))).capitalize() + f" {index}"


THEMES = 10


def _milestones(start: str, year: int, status: str) -> list[str]:
    """A project's appointment, reached, and its end (an ended one's) or its final report (an
    active one's, still planned): the timeline a real one has.  A planned project has none yet."""
    end = f"{year + 2}-12-31"
    last = {
        "ended": f"  - {{type: ended, date: {end}, reached: {end}}}",
        "active": f"  - {{type: final_report, date: {end}, reached: false}}",
    }
    if status not in last:
        return []
    return ["milestones:", f"  - {{type: appointed, date: {start}, reached: {start}}}", last[status]]


def generate(root: Path, items: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    vocabulary = Words(rng)
    content = root / "content"
    organisations = [f"org-{n:03d}" for n in range(max(5, items // 100))]
    lines = []
    for number, organisation in enumerate(organisations):
        lines += [
            f"- id: {organisation}",
            f"  name: {{fi: Virasto {number}, sv: Ämbetsverket {number}}}",
            f"  abbreviation: {{fi: V{number}, sv: Ä{number}}}",
        ]
    content.mkdir(parents=True, exist_ok=True)
    (content / "organisations.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    themes = [f"teema-{n}" for n in range(THEMES)]
    (content / "themes.yaml").write_text(
        "".join(f"- id: {t}\n  label: {{fi: Teema {n}, sv: Tema {n}}}\n" for n, t in enumerate(themes)),
        encoding="utf-8",
    )
    ids = [(KINDS[n % 3] if n % 20 else "networks", f"item-{n:06d}") for n in range(items)]
    for n, (kind, item_id) in enumerate(ids):
        related = sorted({ids[rng.randrange(items)][1] for _ in range(rng.randint(0, 3))} - {item_id})
        organisation = rng.choice(organisations)
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        year = 2015 + n % 11
        start = f"{year}-0{1 + n % 9}-1{n % 10}"
        status = ("planned", "active", "ended")[n // 3 % 3]  # projects are every third item
        end = "" if status == "active" and n % 2 else f", end: {year + 2}-12-31"  # half the active ones are open
        neutral = {
            "projects": [
                f"project_number: VM{n % 1000:03d}:00/{year}",
                f"case_numbers: [VN/{10000 + n}/{year}]",
                f"category: {CATEGORIES[n % 5]}",
                f"appointed_by: {organisation}",
                f"appointed_on: {start}",
                f"term: {{start: {start}{end}}}",
                f"status: {status}",
                *_milestones(start, year, status),
            ],
            "meetings": [f"date: {year}-1{n % 3}-0{1 + n % 9}", f"organiser: {organisation}"],
            "networks": [
                f"organisation: {organisation}",
                f"people: [{{name: {person}, role: leader, organisation: {organisation}}}]",
                f"status: {('active', 'ended')[n % 2]}",
            ],
        }[kind]
        languages = ("fi",) if rng.random() < 0.15 else ("fi", "sv")
        for lang in languages:
            front = [
                "---",
                f"title: {_title(rng, vocabulary, lang, n)}",
                f"summary: {_sentence(rng, vocabulary, lang)}",
            ]
            if kind == "meetings":
                front.append(f"venue: {'Säätytalo' if lang == 'fi' else 'Ständerhuset'}")
            if lang == "fi":
                front += neutral
                front.append(f"themes: [{themes[n % THEMES]}, {themes[(n // THEMES) % THEMES]}]")
                if n % 10 == 5 and n >= 20:  # part of an earlier network: a hierarchy without loops
                    front.append(f"parent: {ids[(n // 20) * 20][1]}")
                if related:
                    front.append(f"related: [{', '.join(related)}]")
            front.append("---")
            path = content / lang / kind / f"{item_id}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(front) + "\n" + _body(rng, vocabulary, lang), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.rekisteri]\nbase_url = "https://bench.example/"\n\n'
        '[tool.rekisteri.title]\nfi = "Testirekisteri"\nsv = "Testregistret"\n',
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    generate(arguments.root, arguments.items, arguments.seed)


if __name__ == "__main__":
    main()
