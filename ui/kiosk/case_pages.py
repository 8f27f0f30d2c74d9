"""The holder's cases at the kiosk (每件: what it is, where it stands, what is owed, where to
go; a declaration made here and not yet a case says so), and the rating of finished ones
(好差评: five big faces per case)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from desktop.domain.cases import CaseState
from desktop.domain.kiosk import KioskCase
from ui.kiosk.ports import KioskPages
from ui.kiosk.texts import RATING_SCORES, rating_text, state_text
from ui.kiosk.widgets import ContentPage, card_frame, chinese, day_text, text_label, touch_button

__all__ = ["CasesPage", "RatePage"]


class CasesPage(ContentPage):
    """Every case of the holder: what it is, where it stands, what is owed, where to go."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("My cases"), parent)
        self.loading()
        pages.run(lambda s: pages.backend.my_cases(s), self._show)

    def _show(self, cases: tuple[KioskCase, ...] | None, error: BaseException | None) -> None:
        if error is not None or cases is None:
            self.failed(error)
            return
        self.say("" if cases else self.tr("You have no cases at this hall."))
        zh = chinese()
        for case in cases:
            frame, layout = card_frame(self.body)
            frame.setProperty("ready", bool(case.ready))
            layout.addWidget(
                text_label(case.matter_zh if zh else case.matter_en, "kioskCaseTitle", frame)
            )
            words = (
                self.tr("Declared here — waiting for a clerk to confirm")
                if case.declared
                else state_text(case.state)
            )
            state = text_label(words, "kioskCaseState", frame)
            state.setProperty("ready", bool(case.ready))
            layout.addWidget(state)
            facts = (
                [self.tr("Declared on {d}").format(d=day_text(case.received_on))]
                if case.declared
                else [
                    self.tr("Case number: {n}").format(n=case.number),
                    self.tr("Handed in on {d}").format(d=day_text(case.received_on)),
                ]
            )
            if case.promised_date is not None and case.state not in (
                CaseState.ISSUED,
                CaseState.REFUSED,
                CaseState.REJECTED,
                CaseState.WITHDRAWN,
                CaseState.TERMINATED,
            ):
                facts.append(self.tr("Promised by {d}").format(d=day_text(case.promised_date)))
            layout.addWidget(text_label("  ·  ".join(facts), "kioskCaseFacts", frame))
            if case.owed:
                lines = [
                    self.tr("• {name} — by {d}").format(
                        name=m.name_zh if zh else m.name_en, d=day_text(m.deadline)
                    )
                    for m in case.owed
                ]
                layout.addWidget(
                    text_label(
                        self.tr("Still to bring:") + "\n" + "\n".join(lines),
                        "kioskCaseOwed",
                        frame,
                    )
                )
            if case.ready:
                layout.addWidget(
                    text_label(
                        self.tr("Bring your ID card and collect it at: {place}").format(
                            place=case.where
                        ),
                        "kioskCaseWhere",
                        frame,
                    )
                )
            elif case.where:
                layout.addWidget(
                    text_label(
                        self.tr("Where to go: {place}").format(place=case.where),
                        "kioskCaseWhere",
                        frame,
                    )
                )
            self.add(frame)


class RatePage(ContentPage):
    """好差评 of the holder's finished cases not rated yet: five big faces per case."""

    def __init__(self, pages: KioskPages, parent: QWidget | None = None) -> None:
        super().__init__(pages, self.tr("Rate our service"), parent)
        self.loading()
        pages.run(lambda s: pages.backend.to_rate(s), self._show)

    def _show(self, cases: tuple[KioskCase, ...] | None, error: BaseException | None) -> None:
        if error is not None or cases is None:
            self.failed(error)
            return
        self.say(self.tr("How did we do?") if cases else self.tr("Nothing to rate now. Thank you!"))
        zh = chinese()
        for case in cases:
            frame, layout = card_frame(self.body)
            layout.addWidget(
                text_label(
                    f"{case.matter_zh if zh else case.matter_en} · {case.number}",
                    "kioskCaseTitle",
                    frame,
                )
            )
            row = QHBoxLayout()
            buttons: list[QPushButton] = []
            for score in RATING_SCORES:
                button = touch_button(rating_text(score), "kioskRate", frame)
                button.clicked.connect(
                    lambda _c=False, n=case.number, s=score, f=frame, b=buttons: self._rate(
                        n, s, f, b
                    )
                )
                buttons.append(button)
                row.addWidget(button)
            layout.addLayout(row)
            self.add(frame)

    def _rate(self, number: str, score: int, frame: QFrame, buttons: list[QPushButton]) -> None:
        layout = frame.layout()
        assert layout is not None
        for button in buttons:
            button.setEnabled(False)

        def done(_none: None, error: BaseException | None) -> None:
            if error is not None:
                for button in buttons:
                    button.setEnabled(True)
                self.failed(error)
                return
            for button in buttons:
                button.hide()
            layout.addWidget(text_label(self.tr("Thank you for your rating."), "", frame))

        self.pages.run(lambda s: self.pages.backend.rate(s, number, score), done)
