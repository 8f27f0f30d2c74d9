"""The hall's services for one station, built once from the database, paths and settings.

The composition root (``desktop.app``) and the command line build a :class:`Hall` and hand its
services to whoever needs them; nothing else constructs services, so every window, review desk
and kiosk works on the same rules (catalog, calendar, numbering, archive, signing key).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cached_property

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.domain.matters.loader import MatterCatalog, load_catalog
from desktop.domain.matters.model import Matter
from desktop.domain.matters.validation import validate_form
from desktop.domain.permissions import Principal
from desktop.domain.queueing import Ticket, load_queue_config
from desktop.domain.rental_tax import RuleBook, hall_rules_dir, load_rule_book
from desktop.persistence.database import Database
from desktop.services.auth import AuthService
from desktop.services.calendar import CalendarService, HallWorkingDays, thresholds_from_settings
from desktop.services.cases import CaseService
from desktop.services.changes import ChangeListener
from desktop.services.deadlines import DeadlineBoardService
from desktop.services.documents import DocumentService, DocumentToIssue, IssuedDocumentRecord
from desktop.services.keying import AuditKeeper, attach_hall_secret
from desktop.services.print_queue import PrintJobRecord, PrintQueue, printer_for
from desktop.services.queueing import QueueService
from desktop.services.ratings import RatingFollowUps
from desktop.services.secrets import StationKeys
from desktop.services.signing_keys import HallKeys
from desktop.services.status import is_synthetic
from desktop.services.visit import VisitService
from printing.model import Document, Issuer, QueueTicket

log = logging.getLogger(__name__)

__all__ = ["Hall"]


@dataclass(frozen=True, slots=True)
class Issued:
    """A document issued and queued: its register entry, its print job and the PDF."""

    record: IssuedDocumentRecord
    job: PrintJobRecord
    pdf: bytes


class Hall:
    """Every service of one station, sharing one database, catalog and calendar."""

    def __init__(
        self,
        db: Database,
        paths: AppPaths,
        settings: Settings,
        *,
        catalog: MatterCatalog | None = None,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.paths = paths
        self.settings = settings
        #: This station's keys (hall secret, signing keys): the same provider as the command line.
        self.station_keys = StationKeys(paths, demo=lambda: self.demo)
        attach_hall_secret(db.engine, self.station_keys)
        #: The hall's local time zone (cases are dated in it, whatever the computer's clock says).
        self.tz = timezone(timedelta(minutes=settings.cases.utc_offset_minutes))
        self.now = now
        self.today: Callable[[], date] = today or (lambda: self.now().astimezone(self.tz).date())
        self.catalog = catalog or load_catalog(paths.data_dir / "matters")
        self.calendar = CalendarService(db)
        self.working_days = HallWorkingDays(self.calendar)
        self.cases = CaseService(
            db,
            self.catalog.get,
            self.working_days,
            settings.cases,
            validator=self._validate,
            now=now,
            thresholds=thresholds_from_settings(settings.deadlines),
            claim_minutes=settings.review.claim_minutes,
            limit_units={m.code: m.limit_unit for m in self.catalog},
            followup_working_days=settings.ratings.followup_working_days,
        )
        #: Follow-ups of bad ratings (好差评), counted with the hall's working days.
        self.ratings = RatingFollowUps(db, self.working_days, tz=self.tz, now=now)
        # A calendar edit moves the open cases' deadline dates in the same transaction.
        self.calendar.on_change = lambda conn, edited: self.cases.recompute_deadlines(
            conn=conn, calendar=edited
        )
        #: The deadline board (supervisors): desktop/services/deadlines.py.
        self.deadlines = DeadlineBoardService(db, self.cases, today=self.today)
        self.visits = VisitService(db, self.catalog, today=self.today)
        self.documents = DocumentService(db, paths.archive_dir, now=now, tz=self.tz)
        self.print_queue = PrintQueue(db)
        self.auth = AuthService(db, settings)
        #: Queue tickets and calling; the queues from ``<data dir>/queues.toml`` or the shipped
        #: ones, checked against the catalog at start.
        self.queue = QueueService(
            db,
            load_queue_config(paths.data_dir, matter_codes=[m.code for m in self.catalog]),
            now=now,
            tz=self.tz,
            check_url=settings.station.progress_url,
            matter_name=lambda code: self.catalog.get(code).name_zh,
            issuer=Issuer(
                name=settings.station.hall_name,
                address=settings.station.hall_address,
                phone=settings.station.hall_phone,
                progress_url=settings.station.progress_url,
            ),
            print_document=self._print_ticket,
            working_days=self.working_days,
        )

    def issuer(self) -> Issuer:
        """The hall as its documents name it (``[station]``: name, address, phone, progress
        page, seal)."""
        st = self.settings.station
        return Issuer(
            name=st.hall_name,
            address=st.hall_address,
            phone=st.hall_phone,
            progress_url=st.progress_url,
            seal_label=st.seal_label,
        )

    @cached_property
    def rental_rules(self) -> RuleBook:
        return load_rule_book(hall_rules_dir(self.paths.data_dir))

    @cached_property
    def demo(self) -> bool:
        """The embedded database holding the synthetic registry (a newcomer's demo)."""
        return self.db.target.embedded and is_synthetic(self.db.meta())

    @cached_property
    def keys(self) -> HallKeys:
        """The document-signing keys: the OS keyring; a file only for the embedded demo."""
        return self.station_keys.signing_keys(create=True)

    @cached_property
    def audit(self) -> AuditKeeper:
        """The audit chain's keying, verification and checkpoints."""
        return AuditKeeper(
            self.db,
            self.paths,
            self.station_keys,
            self.settings.station.audit_label(),
            now=self.now,
        )

    def issue_document(
        self,
        principal: Principal,
        doc: Document,
        *,
        case_number: str | None = None,
        number: str | None = None,
        holder_hash: str | None = None,
    ) -> Issued:
        """Render and sign ``doc``, register and archive it, and queue it on the printer of its
        kind: the one path every station issues documents by."""
        from printing.render import render  # reportlab: not imported until the first document

        rendered = render(doc, self.keys.signer())
        if holder_hash is None:
            holder_hash = rendered.claims.holder_hash if rendered.claims is not None else ""
        record = self.documents.issue(
            DocumentToIssue(
                kind=doc.kind.value,
                number=number or doc.number,
                holder_hash=holder_hash,
                paper=doc.kind.paper,
                pdf=rendered.pdf,
                case_number=case_number,
                payload=rendered.verification_code,
                public_key_pem=self.keys.public_key_pem() if rendered.verification_code else None,
            ),
            principal.actor,
        )
        printer = printer_for(self.settings.printing, doc.kind.value, doc.kind.paper)
        job = self.print_queue.enqueue(record.number, principal.station, printer)
        return Issued(record, job, rendered.pdf)

    def _print_ticket(
        self, principal: Principal, ticket: Ticket, doc: QueueTicket
    ) -> PrintJobRecord:
        """Issue a queue ticket (no verification code, no personal data) and queue its print."""
        number = f"Q{ticket.day:%Y%m%d}-{ticket.number}"
        # A ticket names nobody: its "holder" is the ticket itself.
        holder = hashlib.sha256(f"queue-ticket:{number}".encode()).hexdigest()[:24]
        return self.issue_document(principal, doc, number=number, holder_hash=holder).job

    def _validate(self, matter: Matter, values: object) -> list[tuple[str, str]]:
        """The case service's check on accept: the same rules the form applies as one types."""
        assert isinstance(values, dict)
        strings = {str(k): "" if v is None else str(v) for k, v in values.items()}
        return [
            (e.message_en, e.message_zh) for e in validate_form(matter, strings, today=self.today())
        ]

    def change_listener(self) -> ChangeListener:
        """A listener for the other stations' changes (not started): what a station's
        ``ui.live.LiveFeed`` runs; see :mod:`desktop.services.changes`."""
        return ChangeListener(self.db)

    def close(self) -> None:
        self.db.dispose()
