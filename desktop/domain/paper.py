"""The paper a document is printed on — one vocabulary for printing, settings and the database.

The values are what ``issued_documents.paper`` stores (its check constraint is built from this
enum) and what the print queue routes by (``[printing] a4_printer`` / ``receipt_printer``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Paper"]


class Paper(StrEnum):
    #: A4 sheets: notices, certificates, receipts of the tax office.
    A4 = "A4"
    #: An 80 mm thermal receipt roll (72 mm printable): queue tickets.
    RECEIPT_80MM = "receipt80"
