"""The window's header: the product name and which hall and service window this station is
(and, once someone signs in where it matters, whose desk: a review desk names the approver's
departments)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.theme import scaled_font


@dataclass(frozen=True, slots=True)
class StationInfo:
    hall_name: str = ""
    station_name: str = ""
    window_number: int | None = None
    #: Shown after the station's name, e.g. a review desk's departments ("" : nothing).
    detail: str = ""


class HeaderPanel(QWidget):
    def __init__(self, station: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerPanel")
        self.station = station
        self.title_label = QLabel("一窗通 OneWindow", self)  # the product name, not translated
        self.title_label.setObjectName("productTitle")
        self.title_label.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.station_label = QLabel(self.station_text(station), self)
        self.station_label.setObjectName("stationLabel")
        self.station_label.setFont(scaled_font(self.font(), 1.1))
        self.station_label.setVisible(bool(self.station_label.text()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.station_label)

    def set_station(self, station: StationInfo) -> None:
        """Show ``station`` (e.g. the review desk's departments once an approver signed in)."""
        self.station = station
        self.station_label.setText(self.station_text(station))
        self.station_label.setVisible(bool(self.station_label.text()))

    def station_text(self, station: StationInfo) -> str:
        parts = [
            p
            for p in (station.hall_name.strip(), station.station_name.strip(), station.detail)
            if p
        ]
        if station.window_number is not None:
            parts.append(self.tr("Window {number}").format(number=station.window_number))
        return " · ".join(parts)
