"""A certificate prints from the fields its matter file names (``[print_fields.<document>]``), so
a hall's own version of a matter prints from its own form."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.matters import loader
from desktop.domain.matters.materials import MaterialStatus
from desktop.persistence.database import Database
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from tests.services.test_window_desk import CLERK, _card_of

TODAY = date(2026, 11, 23)
SHIPPED = Path(loader.__file__).parent / "data" / "matters" / "01_residence_registration.toml"


def test_a_halls_own_form_prints_from_the_fields_its_file_names(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    # The hall's residence registration calls the address field "dwelling_address".
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count('key = "address"') == 1 and text.count('address = "address"') == 1
    own = text.replace('key = "address"', 'key = "dwelling_address"').replace(
        'address = "address"', 'address = "dwelling_address"'
    )
    (app_home.data_dir / "matters").mkdir(parents=True, exist_ok=True)
    (app_home.data_dir / "matters" / "jz.toml").write_text(own, encoding="utf-8")
    seed_registry(sqlite_db, persons=300, random_seed=5)
    hall = Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY)
    desk = WindowDesk(hall)
    jz = hall.catalog.by_category("JZ")
    assert jz.source.endswith("jz.toml")
    card = _card_of(hall.db, "dp.role = 'tenant'")
    visit = desk.open_visit(CLERK, card, matter_codes=[jz.code])
    values = {
        **visit.for_matter(jz.code).as_strings(),
        "persons.0.arrival_reason": "务工",
        "emergency_phone": "13800138000",
        "dwelling_address": "幸福路八号",
    }
    assert "address" not in values
    marked = {m.code: MaterialStatus.RECEIVED for m in jz.materials}
    out = desk.submit(CLERK, visit, jz.code, values, marked)
    slip = next(d for d in out.documents if d.kind == "residence_registration_slip")
    pdf = hall.documents.archived_pdf(slip.number)
    body = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "幸福路八号" in body
