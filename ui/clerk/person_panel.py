"""The person panel: who is at the window, from the card and the registry.

    panel = PersonPanel(language="zh_CN")
    panel.show_person(card, dossier, findings, (photo_bytes, "card"), cases)
    panel.clear()   # the citizen has gone: nothing of them stays on screen

It shows the card's data (or the registry's when no card was read), the photo and where it came
from, the findings as coloured chips, the dwelling with the person's role, its owners and
tenants, the employer, the certificates the hall issued and the person's cases. Identity numbers
are masked; the "Show numbers" toggle reveals them until it is released or the panel cleared.
The panel receives plain data only: it never looks anything up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.identity import mask_id_number
from desktop.domain.matters.findings import Finding, Severity
from desktop.domain.matters.prefill import CardFacts
from desktop.domain.registry import PartyRecord, PersonDossier
from ui.clerk.texts import (
    SEVERITY_COLOURS,
    finding_detail,
    finding_text,
    photo_source_text,
    pick,
    rental_status_text,
    role_text,
)
from ui.clerk.widgets import Chip, FlowLayout, code_name, panel_scroll_area

__all__ = ["PHOTO_SIZE", "CaseLine", "PersonPanel"]

#: The shown photo's size: an ID photo's proportions (102 × 126 on the card).
PHOTO_SIZE = (96, 118)


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One case of the person, as the panel lists it."""

    number: str
    matter: str
    state: str
    day: date | str


class PersonPanel(QFrame):
    """See the module docstring."""

    #: The "Show numbers" toggle changed: True while identity numbers are shown in full.
    sig_reveal_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, language: str = "zh_CN") -> None:
        super().__init__(parent)
        self.setObjectName("personPanel")
        self._language = language
        self._ids: list[tuple[QLabel, str]] = []  # labels showing an identity number, and it
        #: detail row → the persons it lists: (name, identity number, phone)
        self._parties: dict[str, list[tuple[str, str, str]]] = {}
        self._photo_source = "none"
        self._findings: tuple[Finding, ...] = ()

        # ---- head: photo, name, card facts --------------------------------------------------
        self.photo = QLabel(self)
        self.photo.setObjectName("personPhoto")
        self.photo.setFixedSize(*PHOTO_SIZE)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("QLabel#personPhoto { background: #e5e7eb; color: #6b7280; }")
        self.photo_caption = QLabel(self)
        self.photo_caption.setObjectName("photoCaption")
        self.photo_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_caption.setWordWrap(True)
        self.photo_caption.setFixedWidth(PHOTO_SIZE[0] + 8)
        small = self.photo_caption.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 8.0))
        self.photo_caption.setFont(small)

        self.name_label = QLabel(self)
        self.name_label.setObjectName("personName")
        big = self.name_label.font()
        big.setPointSizeF(big.pointSizeF() * 1.35)
        big.setBold(True)
        self.name_label.setFont(big)
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel(self)  # sex · ethnicity · birth date
        self.facts_label.setWordWrap(True)
        self.id_label = QLabel(self)
        self.id_label.setObjectName("personId")
        self.reveal_button = QToolButton(self)
        self.reveal_button.setObjectName("revealIds")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setText(self.tr("Show"))
        self.reveal_button.setToolTip(self.tr("Show identity numbers in full (Ctrl+Shift+I)"))
        self.reveal_button.setShortcut("Ctrl+Shift+I")
        self.reveal_button.toggled.connect(self._on_reveal_toggled)
        self.valid_label = QLabel(self)
        self.valid_label.setWordWrap(True)

        id_row = QHBoxLayout()
        id_row.setSpacing(6)
        id_row.addWidget(self.id_label)
        id_row.addWidget(self.reveal_button)
        id_row.addStretch(1)
        facts = QVBoxLayout()
        facts.setSpacing(3)
        facts.addWidget(self.name_label)
        facts.addWidget(self.facts_label)
        facts.addLayout(id_row)
        facts.addWidget(self.valid_label)
        facts.addStretch(1)
        photo_col = QVBoxLayout()
        photo_col.setSpacing(2)
        photo_col.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        photo_col.addWidget(self.photo_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        photo_col.addStretch(1)
        head = QHBoxLayout()
        head.setSpacing(10)
        head.addLayout(photo_col)
        head.addLayout(facts, 1)

        # ---- findings ----------------------------------------------------------------------
        self.findings_box = QWidget(self)
        self.findings_box.setObjectName("findings")
        self._chips_layout = FlowLayout(self.findings_box, spacing=5)
        #: the chips showing this person's findings; the first ones of ``_chip_pool``
        self.chips: list[Chip] = []
        #: every chip built so far, kept (hidden, wiped) and refilled for the next person
        self._chip_pool: list[Chip] = []

        # ---- details: address, dwelling, parties, employer, certificates, cases ------------
        details = QWidget()
        self._grid = QGridLayout(details)
        self._grid.setContentsMargins(0, 0, 4, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        for key, title in (
            ("household", self.tr("Household address")),
            ("phone", self.tr("Phone")),
            ("arrival", self.tr("Arrived")),
            ("dwelling", self.tr("Dwelling")),
            ("house_code", self.tr("House code")),
            ("role", self.tr("Lives there as")),
            ("owners", self.tr("Landlord")),
            ("tenants", self.tr("Tenants")),
            ("occupants", self.tr("Others living there")),
            ("employer", self.tr("Employer")),
            ("certificates", self.tr("Certificates")),
        ):
            self._add_row(key, title)

        self.cases_title = QLabel(self.tr("Cases"), details)
        bold = self.cases_title.font()
        bold.setBold(True)
        self.cases_title.setFont(bold)
        self.cases_box = QWidget(details)
        self.cases_box.setObjectName("cases")
        self._cases_layout = QVBoxLayout(self.cases_box)
        self._cases_layout.setContentsMargins(0, 0, 0, 0)
        self._cases_layout.setSpacing(4)
        #: the labels showing this person's cases; the first ones of ``_case_pool``
        self.case_labels: list[QLabel] = []
        #: every case line built so far, kept (hidden, wiped) and refilled for the next person
        self._case_pool: list[QLabel] = []
        self.no_cases_label = QLabel(self.tr("No cases"), details)
        self.no_cases_label.setStyleSheet("color: #6b7280;")
        row = self._grid.rowCount()
        self._grid.addWidget(self.cases_title, row, 0, 1, 2)
        self._grid.addWidget(self.no_cases_label, row + 1, 0, 1, 2)
        self._grid.addWidget(self.cases_box, row + 2, 0, 1, 2)
        self._grid.setRowStretch(row + 3, 1)

        self.scroll_area = panel_scroll_area(details, self, horizontal=False)

        self.empty_label = QLabel(self.tr("Tap an identity card or look a person up."), self)
        self.empty_label.setObjectName("personEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #6b7280;")

        self._content = QWidget(self)
        content = QVBoxLayout(self._content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(8)
        content.addLayout(head)
        content.addWidget(self.findings_box)
        content.addWidget(self.scroll_area, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.empty_label)
        layout.addWidget(self._content, 1)
        self.setMinimumWidth(300)
        self.clear()

    # ---- public ------------------------------------------------------------------------------

    @property
    def photo_source(self) -> str:
        """Where the shown photo came from: card, registry, none, or undecodable."""
        return self._photo_source

    @property
    def ids_revealed(self) -> bool:
        return self.reveal_button.isChecked()

    @property
    def is_empty(self) -> bool:
        return self._content.isHidden()

    def finding_texts(self) -> list[str]:
        return [c.text() for c in self.chips]

    def row_text(self, key: str) -> str:
        """The shown text of a detail row (``household``, ``dwelling``, ``owners`` …)."""
        return self._rows[key][1].text()

    def show_person(
        self,
        card: CardFacts | None,
        dossier: PersonDossier | None,
        findings: Sequence[Finding],
        photo: tuple[bytes | None, str],
        cases: Sequence[CaseLine | tuple[str, str, str, date | str]] = (),
    ) -> None:
        """Show one person (replacing whoever was shown); the numbers start masked.

        The panel is filled while its content is hidden and shown once at the end: a row shown
        in a visible panel re-lays the whole panel out at once, a dozen times a person.
        """
        self.clear()
        if card is None and dossier is None:
            return
        person = dossier.person if dossier is not None else None
        lang = self._language

        name = card.name if card is not None else person.name if person is not None else ""
        sex = card.sex if card is not None else person.sex if person is not None else ""
        ethnicity = (
            card.ethnicity if card is not None else person.ethnicity if person is not None else ""
        )
        birth = card.birth_date if card is not None else person.birth_date if person else None
        number = card.id_number if card is not None else person.id_number if person else ""
        self.name_label.setText(name)
        facts = [code_name("sex", sex, lang) if sex else ""]
        if ethnicity:
            facts.append(code_name("ethnicity", ethnicity, lang))
        if birth is not None:
            facts.append(birth.isoformat())
        self.facts_label.setText(" · ".join(f for f in facts if f))
        self._track_id(self.id_label, number)
        if card is not None:
            valid = card.valid_to.isoformat() if card.valid_to is not None else self.tr("long-term")
            self.valid_label.setText(self.tr("Card valid until {date}").format(date=valid))
        else:
            self.valid_label.setText(self.tr("No card read: registry data"))

        self._show_photo(*photo)
        self._show_findings(findings)

        household = card.address if card is not None and card.address else ""
        if not household and person is not None:
            household = person.household_address
        self._set_row("household", household)
        if person is not None:
            self._set_row("phone", person.phone)
            if person.is_migrant:
                arrived = person.arrival_date.isoformat() if person.arrival_date else ""
                reason = person.arrival_reason
                self._set_row("arrival", " · ".join(p for p in (arrived, reason) if p))
        if dossier is not None:
            self._show_dossier(dossier)
        self._show_cases(cases)
        self._render_ids()
        self.empty_label.hide()
        self._content.show()

    def clear(self) -> None:
        """Remove everything about the person (privacy: nothing is left on screen or held).

        The chips and case lines are wiped and hidden, not deleted: the next person reuses them.
        """
        self._content.hide()  # first: hiding its rows one by one is then no relayout
        self.empty_label.show()
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(False)
        self.reveal_button.blockSignals(False)
        for label in (self.name_label, self.facts_label, self.id_label, self.valid_label):
            label.clear()
            label.setToolTip("")
        self._ids = []
        self._parties = {}
        self.photo.clear()
        self.photo.setText("")
        self._photo_source = "none"
        self.photo_caption.clear()
        self._findings = ()
        for chip in self.chips:
            chip.hide()
            chip.clear()
            chip.setToolTip("")
            chip.setProperty("code", None)
        self.chips = []
        self.findings_box.hide()
        for title, value in self._rows.values():
            value.clear()
            value.setToolTip("")
            title.hide()
            value.hide()
        for label in self.case_labels:
            label.hide()
            label.clear()
        self.case_labels = []
        self.cases_box.hide()
        self.no_cases_label.show()

    # ---- building ----------------------------------------------------------------------------

    def _add_row(self, key: str, title: str) -> None:
        row = self._grid.rowCount()
        parent = self._grid.parentWidget()
        t = QLabel(title, parent)
        t.setStyleSheet("color: #4b5563;")
        t.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        v = QLabel(parent)
        v.setWordWrap(True)
        v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._grid.addWidget(t, row, 0)
        self._grid.addWidget(v, row, 1)
        self._rows[key] = (t, v)

    def _set_row(self, key: str, text: str) -> None:
        title, value = self._rows[key]
        value.setText(text)
        title.setVisible(bool(text))
        value.setVisible(bool(text))

    def _track_id(self, label: QLabel, number: str) -> None:
        if number:
            self._ids.append((label, number))

    def _show_parties(self, key: str, records: Sequence[PartyRecord]) -> None:
        """A row listing persons; their numbers are rendered (masked) by :meth:`_render_ids`."""
        if not records:
            return
        title, value = self._rows[key]
        title.show()
        value.show()
        self._parties[key] = [(r.person.name, r.person.id_number, r.person.phone) for r in records]

    def _show_dossier(self, d: PersonDossier) -> None:
        lang = self._language
        if d.dwelling is not None:
            dw = d.dwelling
            self._set_row("dwelling", dw.address)
            # building code and room apart, so that the line can wrap between them
            code = dw.house_code
            self._set_row("house_code", f"{code[:19]} {code[19:]}" if len(code) == 25 else code)
            role = role_text(d.role_in_dwelling.value) if d.role_in_dwelling else ""
            rental = rental_status_text(dw.rental_status) if dw.rental_status else ""
            self._set_row("role", " · ".join(p for p in (role, rental) if p))
        else:
            self._set_row("dwelling", self.tr("None on record"))
        self._show_parties("owners", d.owners)
        self._show_parties("tenants", d.tenants)
        self._show_parties("occupants", d.occupants)
        if d.employment is not None:
            occupation = d.employment.occupation_code
            major = code_name("occupation", occupation[:1], lang) if occupation else ""
            brackets = pick(lang, "（{}）", " ({})")
            text = d.employment.unit.name + (brackets.format(major) if major else "")
            self._set_row("employer", text)
            self._rows["employer"][1].setToolTip(d.employment.unit.credit_code)
        certs = []
        for c in d.certificates:
            until = c.valid_until.isoformat() if c.valid_until else self.tr("long-term")
            state = self.tr("revoked") if c.revoked else self.tr("until {date}").format(date=until)
            certs.append(f"{c.cert_type} {c.cert_number} · {state}")
        self._set_row("certificates", "\n".join(certs))

    def _show_cases(self, cases: Sequence[CaseLine | tuple[str, str, str, date | str]]) -> None:
        """One short block per case: matter · state · date, then the case number."""
        lines = [c if isinstance(c, CaseLine) else CaseLine(*c) for c in cases]
        for i, case in enumerate(lines):
            day = case.day.isoformat() if isinstance(case.day, date) else str(case.day)
            label = self._case_pool[i] if i < len(self._case_pool) else self._new_case_label()
            label.setText(f"{case.matter} · {case.state} · {day}\n{case.number}")
            label.show()
            self.case_labels.append(label)
        self.cases_box.setVisible(bool(lines))
        self.no_cases_label.setVisible(not lines)

    def _new_case_label(self) -> QLabel:
        label = QLabel(self.cases_box)
        label.setObjectName("caseLine")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(
            "QLabel#caseLine { border-left: 3px solid #93c5fd; padding-left: 5px; }"
        )
        self._cases_layout.addWidget(label)
        self._case_pool.append(label)
        return label

    def case_texts(self) -> list[str]:
        return [label.text() for label in self.case_labels]

    def _show_photo(self, data: bytes | None, source: str) -> None:
        pixmap = QPixmap()
        if data and source in ("card", "registry") and pixmap.loadFromData(data):
            self.photo.setPixmap(
                pixmap.scaled(
                    self.photo.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self._photo_source = source
        else:
            self._photo_source = "undecodable" if data else "none"
            self.photo.setText(self.tr("No photo"))
        self.photo_caption.setText(photo_source_text(self._photo_source))

    def _show_findings(self, findings: Sequence[Finding]) -> None:
        self._findings = tuple(findings)
        order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
        ordered = sorted(self._findings, key=lambda f: order.get(f.severity, 3))
        for i, finding in enumerate(ordered):
            background, foreground = SEVERITY_COLOURS.get(
                finding.severity, SEVERITY_COLOURS[Severity.INFO]
            )
            if i < len(self._chip_pool):
                chip = self._chip_pool[i]
                chip.set_colours(background, foreground)  # (a style sheet only if they differ)
            else:
                chip = Chip("", background, foreground, self.findings_box)
                chip.setObjectName("findingChip")
                self._chips_layout.addWidget(chip)
                self._chip_pool.append(chip)
            chip.setText(finding_text(finding))
            chip.setProperty("code", finding.code.value)
            chip.setToolTip(finding_detail(finding))
            chip.show()
            self.chips.append(chip)
        self.findings_box.setVisible(bool(self.chips))

    # ---- identity numbers --------------------------------------------------------------------

    def _shown_number(self, number: str) -> str:
        return number if self.ids_revealed else mask_id_number(number)

    def _render_ids(self) -> None:
        for label, number in self._ids:
            label.setText(self._shown_number(number))
        for key, parties in self._parties.items():
            self._rows[key][1].setText(
                "\n".join(
                    "  ".join(p for p in (name, self._shown_number(n) if n else "", phone) if p)
                    for name, n, phone in parties
                )
            )

    def _on_reveal_toggled(self, checked: bool) -> None:
        self.reveal_button.setText(self.tr("Hide") if checked else self.tr("Show"))
        self._render_ids()
        self.sig_reveal_changed.emit(checked)
