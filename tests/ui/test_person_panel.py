"""The person panel: card and registry data, photo and its source, findings, privacy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from clerk_samples import (
    CARD,
    DOSSIER,
    LANDLORD_ID,
    SPOUSE_ID,
    TENANT_ID,
    TODAY,
    clipped_texts,
    png_bytes,
)
from PySide6.QtWidgets import QApplication, QLabel

from desktop.domain.identity import mask_id_number
from desktop.domain.matters.findings import Finding, FindingCode, Severity
from desktop.domain.matters.prefill import PrefillContext, person_findings
from ui.clerk.person_panel import CaseLine, PersonPanel
from ui.i18n import install_translators, remove_translators
from ui.i18n.build import release

CASES = [
    CaseLine("440306-20261120-JZ-0001", "居住登记", "已办结", TODAY),
    ("440306-20261001-ZZ-0003", "居住证申领", "审核中", "2026-10-01"),
]


@pytest.fixture
def panel(qtbot):
    widget = PersonPanel(language="zh_CN")
    qtbot.addWidget(widget)
    widget.resize(340, 720)
    widget.show()
    yield widget
    widget.close()


def _all_text(panel: PersonPanel) -> str:
    texts = []
    for label in panel.findChildren(QLabel):
        texts += [label.text(), label.toolTip()]
    return "\n".join(texts)


def test_card_and_registry_data_are_shown(panel: PersonPanel) -> None:
    card = replace(
        CARD, address="湖南省长沙市岳麓区麓山路2号", valid_to=TODAY.replace(year=2026, month=1)
    )
    findings = person_findings(PrefillContext(card, DOSSIER, TODAY))
    panel.show_person(card, DOSSIER, findings, (png_bytes(), "card"), CASES)
    assert not panel.is_empty
    assert panel.name_label.text() == "王小明"
    assert panel.facts_label.text() == "男 · 汉族 · 1990-05-01"
    assert panel.row_text("household") == "湖南省长沙市岳麓区麓山路2号"  # the card's
    assert "建安一路88号" in panel.row_text("dwelling")
    assert panel.row_text("house_code") == "4403060010010010001 000101"
    assert panel.row_text("role") == "Tenant · rented out"
    assert panel.row_text("owners").startswith("陈大文  440306")
    assert "李丽" in panel.row_text("tenants")
    assert "深圳市宝安区某某电子有限公司" in panel.row_text("employer")
    assert "生产制造及有关人员" in panel.row_text("employer")  # occupation major group
    assert "深居证宝安202500000001" in panel.row_text("certificates")
    assert panel.case_texts() == [
        "居住登记 · 已办结 · 2026-11-23\n440306-20261120-JZ-0001",
        "居住证申领 · 审核中 · 2026-10-01\n440306-20261001-ZZ-0003",
    ]


def test_identity_numbers_are_masked_until_revealed(panel: PersonPanel, qtbot) -> None:
    panel.show_person(CARD, DOSSIER, (), (None, "none"), ())
    assert panel.id_label.text() == mask_id_number(TENANT_ID)
    text = _all_text(panel)
    for number in (TENANT_ID, LANDLORD_ID, SPOUSE_ID):
        assert number not in text
    with qtbot.waitSignal(panel.sig_reveal_changed) as blocker:
        panel.reveal_button.click()
    assert blocker.args == [True]
    assert panel.id_label.text() == TENANT_ID
    assert LANDLORD_ID in panel.row_text("owners")
    assert SPOUSE_ID in panel.row_text("tenants")
    panel.reveal_button.click()
    assert panel.id_label.text() == mask_id_number(TENANT_ID)
    assert LANDLORD_ID not in panel.row_text("owners")


def test_a_new_person_starts_masked(panel: PersonPanel) -> None:
    panel.show_person(CARD, DOSSIER, (), (None, "none"), ())
    panel.reveal_button.click()
    panel.show_person(CARD, None, (), (None, "none"), ())
    assert not panel.ids_revealed
    assert panel.id_label.text() == mask_id_number(TENANT_ID)


def test_findings_are_chips_translated_by_code(panel: PersonPanel) -> None:
    findings = (
        Finding(FindingCode.NO_DWELLING, Severity.INFO),
        Finding(FindingCode.CARD_EXPIRED, Severity.WARNING, {"valid_to": "2026-01-01"}),
        Finding(FindingCode.RARE_CHARACTERS, Severity.WARNING, {"characters": "\ue000"}),
        Finding(
            FindingCode.ADDRESS_DIFFERS, Severity.WARNING, {"card": "甲地", "registry": "乙地"}
        ),
    )
    panel.show_person(CARD, DOSSIER, findings, (None, "none"), ())
    # warnings before information
    assert panel.finding_texts() == [
        "Card expired",
        "Rare characters",
        "Address differs from the registry",
        "No dwelling on record",
    ]
    chip = next(c for c in panel.chips if c.property("code") == "person.address_differs")
    assert chip.toolTip() == "Card: 甲地\nRegistry: 乙地"
    expired = next(c for c in panel.chips if c.property("code") == "card.expired")
    assert "2026-01-01" in expired.toolTip()
    assert "#fef3c7" in expired.styleSheet()  # warning colour


def test_an_unknown_person_shows_the_card_only(panel: PersonPanel) -> None:
    findings = person_findings(PrefillContext(CARD, None, TODAY))
    panel.show_person(CARD, None, findings, (None, "none"), ())
    assert panel.finding_texts() == ["Not in the registry"]
    assert panel.name_label.text() == "王小明"
    assert panel.row_text("dwelling") == ""
    assert panel.no_cases_label.isVisibleTo(panel)


def test_registry_data_without_a_card(panel: PersonPanel) -> None:
    panel.show_person(None, DOSSIER, (), (None, "none"), ())
    assert panel.name_label.text() == "王小明"
    assert panel.valid_label.text() == "No card read: registry data"
    assert panel.row_text("phone") == "13800138000"


@pytest.mark.parametrize(
    ("photo", "source", "expected"),
    [
        ("png", "card", "card"),
        ("png", "registry", "registry"),
        (None, "none", "none"),
        ("garbage", "card", "undecodable"),
    ],
)
def test_the_photo_and_where_it_came_from(
    panel: PersonPanel, photo: str | None, source: str, expected: str
) -> None:
    data = {"png": png_bytes(), "garbage": b"\x00not an image", None: None}[photo]
    panel.show_person(CARD, DOSSIER, (), (data, source), ())
    assert panel.photo_source == expected
    assert panel.photo.pixmap().isNull() is (expected not in ("card", "registry"))
    captions = {
        "card": "Photo from the card",
        "registry": "Photo from the registry",
        "none": "No photo",
        "undecodable": "Photo could not be shown",
    }
    assert panel.photo_caption.text() == captions[expected]


def test_clear_leaves_nothing_of_the_person(panel: PersonPanel) -> None:
    findings = person_findings(PrefillContext(CARD, None, TODAY))
    panel.show_person(CARD, DOSSIER, findings, (png_bytes(), "card"), CASES)
    panel.reveal_button.click()
    panel.clear()
    assert panel.is_empty
    assert not panel.ids_revealed
    text = _all_text(panel)
    for secret in ("王小明", "陈大文", "李丽", "13800138000", "建安一路", "深居证", "440306-2026"):
        assert secret not in text
    for number in (TENANT_ID, LANDLORD_ID, mask_id_number(TENANT_ID)):
        assert number not in text
    assert panel.photo.pixmap().isNull()
    assert panel.chips == []
    assert panel.case_texts() == []
    assert panel._parties == {} and panel._ids == []


def test_the_next_person_reuses_the_chips_and_case_lines(panel: PersonPanel) -> None:
    """Built once, refilled: a person with fewer findings and cases hides the rest, wiped."""
    many = (
        Finding(FindingCode.CARD_EXPIRED, Severity.WARNING, {"valid_to": "2026-01-01"}),
        Finding(FindingCode.NO_DWELLING, Severity.INFO),
        Finding(
            FindingCode.ADDRESS_DIFFERS, Severity.WARNING, {"card": "甲地", "registry": "乙地"}
        ),
    )
    panel.show_person(CARD, DOSSIER, many, (None, "none"), CASES)
    chips, lines = list(panel.chips), list(panel.case_labels)
    assert len(chips) == 3 and len(lines) == 2

    few = (Finding(FindingCode.NO_DWELLING, Severity.INFO),)
    one_case = [CaseLine("440306-20261201-JZ-0009", "居住登记", "已受理", TODAY)]
    panel.show_person(CARD, DOSSIER, few, (None, "none"), one_case)
    assert panel.chips == chips[:1] and panel.case_labels == lines[:1]
    assert panel.finding_texts() == ["No dwelling on record"]
    assert panel.chips[0].styleSheet() == chips[0].styleSheet()
    assert "#fef3c7" not in panel.chips[0].styleSheet()  # information, not the warning's colour
    assert panel.case_texts() == [
        f"居住登记 · 已受理 · {TODAY.isoformat()}\n440306-20261201-JZ-0009"
    ]
    for spare in (*chips[1:], *lines[1:]):  # kept for a later person: hidden, holding nothing
        assert spare.isHidden()
        assert spare.text() == "" and spare.toolTip() == ""
    assert chips[1].property("code") is None

    panel.show_person(CARD, DOSSIER, many, (None, "none"), CASES)  # no new widgets
    assert panel.chips == chips and panel.case_labels == lines
    assert all(c.isVisible() for c in panel.chips)
    assert len(panel.findChildren(QLabel, "caseLine")) == 2
    assert len(panel.findChildren(QLabel, "findingChip")) == 3


def test_nothing_is_clipped_and_it_renders(panel: PersonPanel, qtbot, tmp_path: Path) -> None:
    card = replace(CARD, valid_to=TODAY.replace(year=2026, month=1))
    findings = person_findings(PrefillContext(card, DOSSIER, TODAY))
    panel.show_person(card, DOSSIER, findings, (png_bytes(), "card"), CASES)
    qtbot.waitExposed(panel)
    QApplication.processEvents()
    assert clipped_texts(panel) == []
    out = tmp_path / "person_panel.png"
    assert panel.grab().save(str(out))
    assert out.stat().st_size > 1000


def test_chinese_interface(panel: PersonPanel, qapp) -> None:
    release(["zh_CN"])
    installed = install_translators(qapp, "zh_CN")
    try:
        chinese = PersonPanel(language="zh_CN")
        try:
            chinese.show_person(
                CARD, None, person_findings(PrefillContext(CARD, None, TODAY)), (None, "none"), ()
            )
            assert chinese.finding_texts() == ["人口库中无此人"]
            assert chinese.reveal_button.text() == "显示"
            assert chinese.photo_caption.text() == "无照片"
        finally:
            chinese.close()
            chinese.deleteLater()
    finally:
        remove_translators(qapp, installed)
