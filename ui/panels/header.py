"""The window's header: the product name and which hall and service window this station is."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.theme import scaled_font


@dataclass(frozen=True, slots=True)
class StationInfo:
    hall_name: str = ""
    station_name: str = ""
    window_number: int | None = None


class HeaderPanel(QWidget):
    def __init__(self, station: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerPanel")
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

    def station_text(self, station: StationInfo) -> str:
        parts = [p for p in (station.hall_name.strip(), station.station_name.strip()) if p]
        if station.window_number is not None:
            parts.append(self.tr("Window {number}").format(number=station.window_number))
        return " · ".join(parts)
