"""Words for the codes the core returns: table names and progress phases (errors: ui/errors.py).

The core speaks in stable codes (``persons``, ``db.unreachable``, ``seed.persons``); this module
is where the interface turns them into translated text. Each string is written out in a
``QCoreApplication.translate`` call so that lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: Progress phases reported by the composition root's status provider.
PHASE_OPEN = "database.open"
PHASE_STATUS = "database.status"
PHASE_SEED_PREFIX = "seed."

#: Tables shown in the counts panel, in display order (``COUNTED_TABLES`` in persistence).
REGISTRY_TABLES = (
    "persons",
    "dwellings",
    "buildings",
    "standard_addresses",
    "units",
    "dwelling_parties",
    "employments",
    "issued_certificates",
    "audit_events",
)


def table_label(table: str) -> str:
    """The translated name of a registry table; the table name itself if unknown."""
    labels = {
        "persons": QCoreApplication.translate("RegistryTables", "Persons"),
        "dwellings": QCoreApplication.translate("RegistryTables", "Dwellings"),
        "buildings": QCoreApplication.translate("RegistryTables", "Buildings"),
        "standard_addresses": QCoreApplication.translate("RegistryTables", "Standard addresses"),
        "units": QCoreApplication.translate("RegistryTables", "Units (employers)"),
        "dwelling_parties": QCoreApplication.translate("RegistryTables", "Dwelling relations"),
        "employments": QCoreApplication.translate("RegistryTables", "Employments"),
        "issued_certificates": QCoreApplication.translate("RegistryTables", "Certificates"),
        "audit_events": QCoreApplication.translate("RegistryTables", "Audit events"),
    }
    return labels.get(table, table)


def phase_text(phase: str) -> str:
    """What the window is doing while it starts, for a progress phase code."""
    if phase == PHASE_OPEN:
        return QCoreApplication.translate(
            "StartupPhases", "Opening the database and bringing its schema up to date…"
        )
    if phase == PHASE_STATUS:
        return QCoreApplication.translate("StartupPhases", "Counting the registry's records…")
    if phase.startswith(PHASE_SEED_PREFIX):
        return QCoreApplication.translate(
            "StartupPhases", "First start: creating the synthetic demo registry…"
        )
    return QCoreApplication.translate("StartupPhases", "Starting…")


#: Other names a seeding step may go by, mapped to the table it fills.
_STEP_TABLES = {
    "people": "persons",
    "addresses": "standard_addresses",
    "parties": "dwelling_parties",
    "relations": "dwelling_parties",
    "certificates": "issued_certificates",
}


def seed_step_text(phase: str) -> str:
    """The step of seeding (``seed.`` + the seeder's phase), translated where known."""
    step = phase.removeprefix(PHASE_SEED_PREFIX)
    if step == "clearing":
        return QCoreApplication.translate("StartupPhases", "Removing the incomplete demo data")
    if step == "finishing":
        return QCoreApplication.translate("StartupPhases", "Finishing")
    table = _STEP_TABLES.get(step, step)
    return table_label(table) if table in REGISTRY_TABLES else step
