"""A small register whose people and themes exercise the people index and the theme pages.

Anna Virtanen holds four roles at the ministry of finance on three items, and a namesake of
hers speaks for the ministry of transport; Bertil Åkerlund gives a phone number and an
e-mail address as the project's contact person, but not as a participant of the meeting.
Surnames start with E, V, Z, Å and Ö, so the index's letters test the Finnish and Swedish
alphabet's end.  The theme ``liikenne`` is carried by no item.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REKISTERI = Path(sys.executable).with_name("rekisteri")

SETTINGS = """\
[tool.rekisteri]
base_url = "https://example.test/"

[tool.rekisteri.title]
fi = "Testirekisteri"
sv = "Testregistret"
"""

ORGANISATIONS = """\
- id: vm
  name: {fi: valtiovarainministeriö, sv: finansministeriet}
- id: lvm
  name: {fi: liikenne- ja viestintäministeriö, sv: kommunikationsministeriet}
- id: tem
  name: {fi: työ- ja elinkeinoministeriö, sv: arbets- och näringsministeriet}
"""

YSO = "http://www.yso.fi/onto/yso/p1234"

THEMES = f"""\
- id: kunnat
  label: {{fi: Kunnat, sv: Kommuner}}
  yso: {YSO}
  description:
    fi: Kuntien digitalisaatio ja yhteistyö.
    sv: Kommunernas digitalisering och samarbete.
- id: tekoaly
  label: {{fi: Tekoäly, sv: Artificiell intelligens}}
- id: liikenne
  label: {{fi: Liikenne, sv: Trafik}}
"""

PROJECT_FI = """\
---
title: Tekoäly kunnissa
summary: Hanke selvittää tekoälyn käyttöä kunnissa.
project_number: VM001:00/2021
category: study
appointed_by: vm
appointed_on: 2021-01-01
term: {start: 2021-01-01, end: 2022-12-31}
status: ended
themes: [tekoaly, kunnat]
related: [kuntakokous-2022, avoin-verkosto]
people:
  - {name: Anna Virtanen, role: chair, organisation: vm, from: 2021-01-01, until: 2021-06-30}
  - {name: Anna Virtanen, role: member, organisation: vm, from: 2021-07-01}
  - name: Bertil Åkerlund
    role: contact_person
    title: erityisasiantuntija
    organisation: vm
    phone: "0295 530 117"
    email: bertil.akerlund@vm.fi
---
Hankkeen kuvaus.
"""

PROJECT_SV = """\
---
title: Artificiell intelligens i kommunerna
summary: Projektet utreder hur kommunerna använder artificiell intelligens.
people:
  - {name: Anna Virtanen, role: chair, organisation: vm, from: 2021-01-01, until: 2021-06-30}
  - {name: Anna Virtanen, role: member, organisation: vm, from: 2021-07-01}
  - name: Bertil Åkerlund
    role: contact_person
    title: specialsakkunnig
    organisation: vm
    phone: "0295 530 117"
    email: bertil.akerlund@vm.fi
---
Projektets beskrivning.
"""

MEETING_FI = """\
---
title: Kuntakokous 2022
summary: Kunnat ja ministeriöt kokoontuivat.
date: 2022-03-15
organiser: vm
themes: [kunnat]
people:
  - {name: Anna Virtanen, role: speaker, organisation: vm}
  - {name: Anna Virtanen, role: speaker, organisation: lvm}
  - {name: Bertil Åkerlund, role: participant, organisation: vm}
  - {name: Émile Ekholm, role: expert, organisation: tem}
  - {name: Östen Öberg, role: participant, organisation: tem}
  - {name: Zacharias Zilliacus, role: participant, organisation: lvm}
---
Kokouksen kuvaus.
"""

NETWORK_FI = """\
---
title: Avoin verkosto
summary: Verkosto tapaa kuukausittain.
organisation: vm
status: active
people:
  - {name: Anna Virtanen, role: leader, organisation: vm, email: anna.virtanen@vm.fi}
---
Verkoston kuvaus.
"""

PROJECT = "tekoaly-kunnissa"
MEETING = "kuntakokous-2022"
NETWORK = "avoin-verkosto"

FILES = {
    "organisations.yaml": ORGANISATIONS,
    "themes.yaml": THEMES,
    f"fi/projects/{PROJECT}.md": PROJECT_FI,
    f"sv/projects/{PROJECT}.md": PROJECT_SV,
    f"fi/meetings/{MEETING}.md": MEETING_FI,
    f"fi/networks/{NETWORK}.md": NETWORK_FI,
}


def write_register(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    for relative, text in FILES.items():
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as an editor runs it."""
    return subprocess.run(
        [str(REKISTERI), *(str(a) for a in arguments)], capture_output=True, text=True, timeout=300, check=False
    )
