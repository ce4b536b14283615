"""A register with everything an item page can show: a timeline, people in several roles and
periods, documents on and off the web, a budget, themes, and a project with sub-items."""

from __future__ import annotations

from ..conftest import Site

THEMES = """\
- id: kehitys
  label: {fi: Kehittäminen, sv: Utveckling}
- id: kunnat
  label: {fi: Kunnat, sv: Kommuner}
"""

PROJECT = "kehityshanke"
MEETING = "aloituskokous"
NETWORK = "kehittajaverkosto"

PROJECT_FI = """\
---
title: Kehityshanke
summary: Hanke kehittää kuntien palveluja.
project_number: VM001:00/2024
category: development
appointed_by: vm
appointed_on: 2024-01-02
term: {start: 2024-01-02, end: 2031-12-31}
status: active
milestones:
  - {type: final_report, date: 2030-09-30, reached: false}
  - {type: appointed, date: 2024-01-02, reached: 2024-01-02}
  - {type: interim_report, date: 2025-06-30, reached: false, note: Viivästyy}
  - {type: started, date: 2024-02-01, reached: 2024-03-15, title: Työ alkoi}
  - {type: consultation, date: 2030-03-01, title: Lausuntokierros kunnille, note: Kaikille kunnille}
budget: {amount: 250000, period: 2024–2031, note: Valtionavustus}
people:
  - {name: Aino Alku, role: chair, title: osastopäällikkö, organisation: vm, until: 2025-03-31}
  - {name: Bertta Berg, role: chair, title: ylijohtaja, organisation: lvm, from: 2025-04-01}
  - {name: Aino Alku, role: member, title: osastopäällikkö, organisation: vm, from: 2025-04-01}
  - {name: Cecilia Chen, role: secretary, organisation: vm, phone: "0295 530 000", email: cecilia.chen@vm.fi}
  - {name: Daniel Dahl, role: contact_person, title: erityisasiantuntija, organisation: vm, email: daniel.dahl@vm.fi}
documents:
  - {title: Asettamispäätös, type: appointment_decision, date: 2024-01-02, href: "https://vm.fi/paatos", language: fi}
  - {title: Aloitusmuistio, type: memo, date: 2024-02-01}
  - {title: Interim report, type: report, href: "https://vm.fi/report", language: en}
themes: [kehitys, kunnat]
---
Hankkeen kuvaus.
"""

PROJECT_SV = """\
---
title: Utvecklingsprojekt
summary: Projektet utvecklar kommunernas tjänster.
people:
  - {name: Aino Alku, role: chair, title: avdelningschef, organisation: vm, until: 2025-03-31}
  - {name: Bertta Berg, role: chair, title: överdirektör, organisation: lvm, from: 2025-04-01}
  - {name: Aino Alku, role: member, title: avdelningschef, organisation: vm, from: 2025-04-01}
  - {name: Cecilia Chen, role: secretary, organisation: vm, phone: "0295 530 000", email: cecilia.chen@vm.fi}
  - {name: Daniel Dahl, role: contact_person, title: specialsakkunnig, organisation: vm, email: daniel.dahl@vm.fi}
documents:
  - {title: Beslut, type: appointment_decision, date: 2024-01-02, href: "https://vm.fi/paatos", language: fi}
  - {title: Startpromemoria, type: memo, date: 2024-02-01}
  - {title: Interim report, type: report, href: "https://vm.fi/report", language: en}
---
Projektets beskrivning.
"""

MEETING_FI = """\
---
title: Aloituskokous
summary: Hankkeen ensimmäinen kokous.
date: 2024-02-01
organiser: vm
parent: kehityshanke
---
Kokous.
"""

NETWORK_FI = """\
---
title: Kehittäjäverkosto
summary: Hankkeen kuntien verkosto.
organisation: vm
status: active
parent: kehityshanke
milestones:
  - {type: started, date: 2024-05-01, reached: 2024-05-01}
  - {type: other, date: 2030-01-15, title: Vuosiseminaari}
---
Verkosto.
"""


def make_rich(site: Site) -> Site:
    """The conftest register plus the rich project, its meeting and network, and themes."""
    site.write("themes.yaml", THEMES)
    site.write(f"fi/projects/{PROJECT}.md", PROJECT_FI)
    site.write(f"sv/projects/{PROJECT}.md", PROJECT_SV)
    site.write(f"fi/meetings/{MEETING}.md", MEETING_FI)
    site.write(f"fi/networks/{NETWORK}.md", NETWORK_FI)
    return site
