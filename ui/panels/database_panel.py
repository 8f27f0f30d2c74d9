"""Which database the window works on: address (password masked), kind, schema revision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.services.status import RegistryStatus


class DatabasePanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databasePanel")
        self.setTitle(self.tr("Active database"))
        self.url_label = self._value_label("databaseUrl")
        self.kind_label = self._value_label("databaseKind")
        self.revision_label = self._value_label("schemaRevision")
        self.data_label = self._value_label("registryKind")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Database:"), self.url_label)
        form.addRow(self.tr("Kind:"), self.kind_label)
        form.addRow(self.tr("Schema revision:"), self.revision_label)
        form.addRow(self.tr("Data:"), self.data_label)

    def _value_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def set_status(self, status: RegistryStatus) -> None:
        self.url_label.setText(status.display_url)
        self.url_label.setToolTip(status.display_url)
        self.kind_label.setText(self.kind_text(status))
        self.revision_label.setText(status.revision or self.tr("not initialised"))
        self.data_label.setText(self.data_text(status))

    def kind_text(self, status: RegistryStatus) -> str:
        if status.embedded:
            return self.tr("SQLite, embedded default (on this computer only)")
        if status.backend == "postgresql":
            return self.tr("PostgreSQL, the hall's shared database")
        if status.backend == "sqlite":
            return self.tr("SQLite file (configured)")
        return status.backend

    def data_text(self, status: RegistryStatus) -> str:
        if not status.synthetic:
            return self.tr("Registry data")
        seed = status.seed_info.get("random_seed") or status.seed_info.get("seed")
        if seed:
            return self.tr("Synthetic demo registry (random seed {seed})").format(seed=seed)
        return self.tr("Synthetic demo registry")
