"""``check()``: settings, content and translation metadata, validated together.

What ``rekisteri check`` runs, and the first step of every build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, sort_diagnostics
from .register import LoadCache, Register, load_register
from .settings import Settings, load_settings
from .translations import TranslationReport, translation_report


@dataclass
class Checked:
    settings: Settings
    register: Register
    translations: TranslationReport
    diagnostics: list[Diagnostic]


def check(root: Path, cache: LoadCache | None = None) -> Checked:
    settings, diagnostics = load_settings(root)
    register, problems = load_register(root, cache=cache)
    translations, translation_problems = translation_report(register)
    return Checked(
        settings, register, translations, sort_diagnostics(diagnostics + problems + translation_problems)
    )
