"""Sample data for the clerk widget tests: a card, a tenant's dossier, a photo, pre-fills."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.domain.identity import credit_code_check_char
from desktop.domain.matters.loader import load_catalog
from desktop.domain.matters.prefill import MatterPrefill, PrefillContext, prefill_matter
from desktop.domain.registry import (
    CertificateRecord,
    DwellingRecord,
    EmploymentRecord,
    PartyRecord,
    PartyRole,
    PersonDossier,
    PersonRecord,
    PersonSummary,
    UnitRecord,
)
from devices.idcard.document import CardType, IdentityDocument

TODAY = date(2026, 11, 23)
CATALOG = load_catalog()

TENANT_ID = "430104199005010016"
LANDLORD_ID = "440306196001010053"
SPOUSE_ID = "440306198506121233"
HOUSE_CODE = "4403060010010010001000101"
CREDIT_CODE = "91440300MA5ABCDE1" + credit_code_check_char("91440300MA5ABCDE1")

CARD = IdentityDocument(
    card_type=CardType.RESIDENT,
    name="王小明",
    sex="1",
    birth_date=date(1990, 5, 1),
    id_number=TENANT_ID,
    valid_from=date(2020, 1, 1),
    valid_to=date(2040, 1, 1),
    authority="长沙市公安局岳麓分局",
    address="湖南省长沙市岳麓区麓山路1号",
    ethnicity="01",
    nationality="CHN",
)

PERSON = PersonRecord(
    id_type="citizen",
    id_number=TENANT_ID,
    name="王小明",
    sex="1",
    ethnicity="01",
    nationality="CHN",
    birth_date=date(1990, 5, 1),
    household_address="湖南省长沙市岳麓区麓山路1号",
    is_migrant=True,
    arrival_date=date(2025, 3, 1),
    arrival_reason="务工",
    phone="13800138000",
    photo_ref="",
    current_house_code=HOUSE_CODE,
    relation_to_householder="10",
)
LANDLORD = PersonSummary("citizen", LANDLORD_ID, "陈大文", "13900139000", "99")
SPOUSE = PersonSummary("citizen", SPOUSE_ID, "李丽", "13700137000", "02")

DOSSIER = PersonDossier(
    person=PERSON,
    dwelling=DwellingRecord(
        house_code=HOUSE_CODE,
        address="广东省深圳市宝安区新安街道建安一路88号1栋101",
        region_code="440306",
        region_name="宝安区",
        building_code=HOUSE_CODE[:19],
        building_name="1栋",
        use="residential",
        ownership="private",
        rooms=2,
        area_m2=Decimal("58.20"),
        rental_status="rented",
        risk_class="",
    ),
    role_in_dwelling=PartyRole.TENANT,
    owners=(PartyRecord(PartyRole.OWNER, LANDLORD, date(2010, 1, 1), None),),
    tenants=(PartyRecord(PartyRole.TENANT, SPOUSE, date(2025, 3, 1), None),),
    occupants=(),
    employment=EmploymentRecord(
        UnitRecord(CREDIT_CODE, "深圳市宝安区某某电子有限公司", "宝安区", "赵某", "C39"),
        "6-25-01",
        date(2025, 3, 1),
    ),
    certificates=(
        CertificateRecord(
            "居住证",
            "深居证宝安202500000001",
            "宝安分局",
            date(2025, 12, 1),
            date(2026, 12, 1),
            False,
        ),
        CertificateRecord(
            "居住登记凭证", "宝居登202500000001", "宝安分局", date(2025, 3, 5), None, False
        ),
    ),
)


def prefill_for(category: str) -> MatterPrefill:
    return prefill_matter(CATALOG.by_category(category), PrefillContext(CARD, DOSSIER, TODAY))


def png_bytes(width: int = 102, height: int = 126) -> bytes:
    """A small PNG (needs a QGuiApplication)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aacc"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def clipped_texts(root: object) -> list[str]:
    """Visible labels and buttons of ``root`` whose text does not fit their size."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    assert isinstance(root, QWidget)
    out: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                if w.height() < w.heightForWidth(w.width()) - 1:
                    out.append(w.text())
            elif w.width() < w.minimumSizeHint().width() - 1:
                out.append(w.text())
        elif (
            isinstance(w, QAbstractButton)
            and w.text()
            and w.width() < w.minimumSizeHint().width() - 1
        ):
            out.append(w.text())
    return out
