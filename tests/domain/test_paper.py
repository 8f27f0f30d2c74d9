from __future__ import annotations

from desktop.domain.paper import Paper
from desktop.persistence.models import IssuedDocument
from printing.model import DocumentKind


def test_every_document_kind_prints_on_a_paper_the_database_accepts() -> None:
    [check] = [
        c
        for c in IssuedDocument.__table__.constraints
        if "paper IN" in str(getattr(c, "sqltext", ""))
    ]
    assert str(check.sqltext) == "paper IN ('A4', 'receipt80')"
    assert {kind.paper for kind in DocumentKind} == set(Paper)
    assert DocumentKind.QUEUE_TICKET.paper == "receipt80"
