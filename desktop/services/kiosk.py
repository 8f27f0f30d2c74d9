"""The self-service kiosk: a citizen taps an ID card and serves themselves, as plain calls.

The kiosk window (``ui/kiosk``) calls these through the background-task helper, like the clerk's
window calls :class:`~desktop.services.desk.WindowDesk`. The kiosk's account is signed in once
(``[station] kind = "kiosk"``); a *session* belongs to the card just read:

* :meth:`KioskDesk.open_session` — the card read opens the card holder's session
  (``AuthService.kiosk_session``: the principal's ``card_holder_id`` is the card's number; there
  is no way to open one from a typed number);
* :meth:`KioskDesk.my_cases` — every case of the holder, with what is still owed (容缺 and its
  deadline), what to bring, where to go, and whether the result is ready;
* :meth:`KioskDesk.documents` / :meth:`KioskDesk.reprint` — the documents issued on the holder's
  cases, printed again (补打, audited). The PDF is read from the archive folder, or — when the
  document was issued at another station — from the database (``document_blobs``), so every
  station of the hall reaches every document;
* :meth:`KioskDesk.declaration` / :meth:`KioskDesk.declare` — 自主申报: a matter allowed at the
  kiosk (``[kiosk] declare_matters``), pre-filled from the registry; the citizen confirms the
  dwelling and gives a phone number. It is kept as a **draft** (the state before acceptance in
  :data:`~desktop.domain.cases.TRANSITIONS`) marked ``channel = kiosk``, awaiting a clerk: a
  clerk lists them (:meth:`pending_declarations`), claims one (:meth:`claim_declaration`, which
  moves the draft to the clerk's station) and accepts it at the desk like any draft — the
  kiosk itself never accepts;
* :meth:`KioskDesk.take_ticket` — a queue ticket (the hall's queue service), its 80 mm ticket
  issued and queued for the kiosk's receipt printer;
* :meth:`KioskDesk.to_rate` / :meth:`KioskDesk.rate` — 好差评 of finished cases not yet rated;
* :meth:`KioskDesk.end_session` — card removed, done, or idle: audited with its reason.

Every call checks that the session is a kiosk's session for a card holder; acting on another
person's case or document is refused and audited (``auth.denied``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any, NoReturn

from sqlalchemy import select, update

from desktop.domain.cases import FINAL_STATES, CaseState, CaseSummary, DraftRecord
from desktop.domain.errors import CodedError
from desktop.domain.identity import mask_id_number, normalise_id_text
from desktop.domain.kiosk import (
    CHANNEL,
    DECLARATION_CLAIMED,
    DECLARATION_WAITING,
    DECLARATIONS_TOPIC,
    PHONE_DIGITS,
    Declaration,
    DeclarationReceipt,
    EndReason,
    KioskCase,
    KioskDocument,
    KioskError,
    KioskErrorCode,
    KioskSession,
    OwedMaterial,
    PendingDeclaration,
    TicketTaken,
    declarant_key,
    masked_name,
)
from desktop.domain.matters.prefill import CardFacts, PrefillContext, prefill_matter
from desktop.domain.permissions import Permission, PermissionDenied, Principal, Role
from desktop.domain.queueing import QueueInfo
from desktop.domain.times import as_utc
from desktop.domain.visit import CardSnapshot
from desktop.persistence import uow
from desktop.persistence.engine import DatabaseError
from desktop.persistence.models import IssuedDocument
from desktop.services.audit import append_event
from desktop.services.cases import tables as t
from desktop.services.changes import publish
from desktop.services.guard import audit_refusal, authorize
from desktop.services.hall import Hall
from desktop.services.local_drafts import VISIT_KEY
from desktop.services.print_queue import PrintJobRecord, printer_for
from desktop.services.pseudonyms import person_pseudonym
from desktop.services.registry import RegistryService

log = logging.getLogger(__name__)

# (the records live in desktop.domain.kiosk; these names stay importable from here)
__all__ = [
    "CHANNEL",
    "Declaration",
    "DeclarationReceipt",
    "EndReason",
    "KioskCase",
    "KioskDesk",
    "KioskDocument",
    "KioskError",
    "KioskErrorCode",
    "KioskSession",
    "OwedMaterial",
    "PendingDeclaration",
    "TicketTaken",
]

#: What a declaration's draft says it waits for.
AWAITING = "clerk_confirmation"
_PURPOSE = "kiosk self-service for the card holder"
#: Documents a kiosk prints again (a queue ticket is taken anew, never reprinted).
_REPRINTABLE_EXCLUDED = frozenset({"queue_ticket"})


class KioskDesk:
    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        self._registry = RegistryService(hall.db)

    @property
    def service_place(self) -> str:
        return self.hall.settings.kiosk.service_place

    def declare_matters(self) -> tuple[str, ...]:
        """The matter codes a card holder may declare here (configured), known to the catalog."""
        codes = [c.strip() for c in self.hall.settings.kiosk.declare_matters.split(",")]
        known = {m.code for m in self.hall.catalog.matters}
        return tuple(c for c in codes if c and c in known)

    # ---- the session -------------------------------------------------------------------------

    def open_session(self, principal: Principal, card: CardFacts) -> KioskSession:
        """The card just read opens its holder's session (audited; a kiosk account only)."""
        holder = self.hall.auth.kiosk_session(principal, card.id_number)
        rare = tuple(card.rare_characters)
        return KioskSession(
            principal=holder,
            name=card.name,
            masked_id=mask_id_number(normalise_id_text(card.id_number)),
            rare_characters=bool(rare),
            opened_at=self.hall.now(),
            card=CardSnapshot.of(card),
        )

    def end_session(self, session: KioskSession, reason: EndReason | str) -> None:
        """The person left (card pulled), is done, or went idle: audited with the reason."""
        why = EndReason(reason)
        seconds = max(0, int((self.hall.now() - session.opened_at).total_seconds()))
        with uow.transaction(self.hall.db) as conn:
            append_event(
                conn,
                session.principal.actor,
                "kiosk.session_end",
                f"person:{session.masked_id}",
                _PURPOSE,
                {"reason": why.value, "seconds": seconds},
            )

    # ---- my cases ----------------------------------------------------------------------------

    def my_cases(self, session: KioskSession) -> tuple[KioskCase, ...]:
        principal = self._holder(session)
        number = principal.card_holder_id
        assert number is not None
        summaries = self.hall.cases.cases_for_card_holder(principal, number)
        declared = self._declared_by(number)
        return (*declared, *(self._case(principal, s) for s in summaries))

    def _declared_by(self, number: str) -> tuple[KioskCase, ...]:
        """The holder's self-declarations not yet made a case (waiting for a clerk, or being
        checked by one), newest first: the kiosk shows them until the case exists."""
        own = normalise_id_text(number)
        out: list[KioskCase] = []
        with uow.connection(self.hall.db) as conn:
            # The masked number narrows to a few drafts (by its index); the number itself, in
            # the form, decides.
            rows = conn.execute(
                select(t.drafts)
                .where(t.drafts.c.declarant_masked == declarant_key(own))
                .order_by(t.drafts.c.created_at.desc())
            ).all()
        for row in rows:
            meta = _kiosk_meta(row)
            if meta is None or normalise_id_text(str(meta.get("id_number") or "")) != own:
                continue
            zh, en = self._matter_names((row.matter_codes or [""])[0])
            out.append(
                KioskCase(
                    number="",
                    matter_zh=zh,
                    matter_en=en,
                    state=CaseState.DRAFT,
                    received_on=as_utc(row.created_at).astimezone(self.hall.tz).date(),
                    promised_date=None,
                    owed=(),
                    ready=False,
                    where=self.service_place,
                    rateable=False,
                    declared=True,
                )
            )
        return tuple(out)

    def _case(self, principal: Principal, summary: CaseSummary) -> KioskCase:
        owed: tuple[OwedMaterial, ...] = ()
        rated = True
        final = summary.state in FINAL_STATES
        needs_detail = final or summary.state in (
            CaseState.AWAITING_SUPPLEMENT,
            CaseState.ACCEPTED,
            CaseState.IN_REVIEW,
            CaseState.RETURNED,
            CaseState.APPROVED,
            CaseState.READY_TO_ISSUE,
        )
        if needs_detail:
            detail = self.hall.cases.detail(principal, summary.number)
            rated = detail.rating is not None
            deadline = detail.supplement_deadline
            if summary.state is CaseState.AWAITING_SUPPLEMENT:
                missing = tuple(detail.missing)
            elif not final:
                missing = tuple(detail.owed)
            else:
                missing = ()
            owed = tuple(
                OwedMaterial(m.name_zh, m.name_en or m.name_zh, m.due or deadline) for m in missing
            )
        matter_en = summary.matter_name
        try:
            matter = self.hall.catalog.get(summary.matter_code)
            matter_en = matter.name_en
        except KeyError:
            pass
        ready = summary.state is CaseState.READY_TO_ISSUE
        where = self.service_place if (ready or owed) else ""
        return KioskCase(
            number=summary.number,
            matter_zh=summary.matter_name,
            matter_en=matter_en,
            state=summary.state,
            received_on=summary.received_at.astimezone(self.hall.tz).date(),
            promised_date=summary.promised_date,
            owed=owed,
            ready=ready,
            where=where,
            rateable=final and not rated,
            overdue=summary.overdue,
        )

    # ---- documents and reprints --------------------------------------------------------------

    def documents(self, session: KioskSession) -> tuple[KioskDocument, ...]:
        """Documents issued on the holder's cases (not revoked), newest first."""
        principal = self._holder(session)
        number = principal.card_holder_id
        assert number is not None
        authorize(
            self.hall.db,
            principal,
            Permission.DOCUMENT_PRINT,
            subject=f"person:{session.masked_id}",
            card_holder_id=number,
            purpose=_PURPOSE,
        )
        key = person_pseudonym(self.hall.db.engine, normalise_id_text(number))
        with uow.connection(self.hall.db) as conn:
            cases = [
                r.number
                for r in conn.execute(
                    select(t.cases.c.number).where(t.cases.c.applicant_id_hash == key)
                )
            ]
            if not cases:
                return ()
            rows = conn.execute(
                select(
                    IssuedDocument.number,
                    IssuedDocument.kind,
                    IssuedDocument.case_number,
                    IssuedDocument.issued_at,
                )
                .where(IssuedDocument.case_number.in_(cases))
                .where(IssuedDocument.revoked.is_(False))
                .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
            ).all()
        from printing.model import DocumentKind

        out: list[KioskDocument] = []
        for doc_number, kind, case_number, issued_at in rows:
            if kind in _REPRINTABLE_EXCLUDED:
                continue
            try:
                titles = DocumentKind(kind)
                zh, en = titles.title_zh, titles.title_en
            except ValueError:
                zh = en = kind
            when = as_utc(issued_at)
            out.append(
                KioskDocument(
                    number=doc_number,
                    kind=kind,
                    title_zh=zh,
                    title_en=en,
                    case_number=case_number or "",
                    issued_on=when.astimezone(self.hall.tz).date() if when else date.min,
                )
            )
        return tuple(out)

    def reprint(self, session: KioskSession, number: str) -> PrintJobRecord:
        """Queue a duplicate (补打) of a document of the holder's own case; audited.

        A document of another person's case (or of no case) is refused and audited.
        """
        principal = self._holder(session)
        record = self.hall.documents.require(number)
        owner = self._owner_of_case(principal, record.case_number or "")
        authorize(
            self.hall.db,
            principal,
            Permission.DOCUMENT_PRINT,
            subject=f"document:{number}",
            card_holder_id=owner,
            purpose=_PURPOSE,
            detail={"operation": "kiosk_reprint"},
        )
        printer = printer_for(self.hall.settings.printing, record.kind, record.paper)
        return self.hall.print_queue.enqueue(
            number, principal.station, printer, reprint=True, actor=principal.actor
        )

    def _owner_of_case(self, principal: Principal, case_number: str) -> str:
        """The holder's own number if the case is theirs, else a stand-in naming the case's
        applicant (masked: never a clear number), which the guard refuses."""
        row = None
        if case_number:
            with uow.connection(self.hall.db) as conn:
                row = conn.execute(
                    select(t.cases.c.applicant_id_hash, t.cases.c.applicant_id_masked).where(
                        t.cases.c.number == case_number
                    )
                ).one_or_none()
        if row is None:
            return f"no-case:{case_number}"
        own = principal.card_holder_id or ""
        if own and self._pseudonym(own) == row.applicant_id_hash:
            return own
        return f"case-applicant:{row.applicant_id_masked}"

    # ---- self-declaration --------------------------------------------------------------------

    def declaration(self, session: KioskSession, matter_code: str) -> Declaration:
        """The matter pre-filled from the registry for the holder (one audited look-up).

        ``kiosk.matter_not_allowed`` for a matter not configured for the kiosk;
        ``kiosk.no_dwelling`` when the registry knows no dwelling (a window helps);
        ``kiosk.rare_characters`` when the name needs a window's care.
        """
        principal = self._holder(session)
        self._may_declare(principal, session, matter_code)
        matter = self.hall.catalog.get(matter_code)
        number = principal.card_holder_id
        assert number is not None
        dossier = self._registry.window_dossier(
            number, principal=principal, purpose=f"kiosk self-declaration: {matter.name_zh}"
        )
        ctx = PrefillContext(session.card, dossier, self.hall.today())
        values = prefill_matter(matter, ctx).as_strings()
        address = values.get("address", "")
        if not address:
            self._refuse(
                principal, f"person:{session.masked_id}", KioskError(KioskErrorCode.NO_DWELLING)
            )
        return Declaration(
            matter_code=matter.code,
            matter_zh=matter.name_zh,
            matter_en=matter.name_en,
            address=address,
            house_code=values.get("house_code", ""),
            phone=values.get("emergency_phone", "") or values.get("phone", ""),
            values=values,
        )

    def declare(
        self,
        session: KioskSession,
        declaration: Declaration,
        *,
        dwelling_confirmed: bool,
        phone: str,
    ) -> DeclarationReceipt:
        """Keep the confirmed declaration as a draft for a clerk (channel kiosk); audited."""
        principal = self._holder(session)
        self._may_declare(principal, session, declaration.matter_code)
        subject = f"person:{session.masked_id}"
        if not dwelling_confirmed:  # (the person lives elsewhere: a clerk checks a new address)
            self._refuse(principal, subject, KioskError(KioskErrorCode.DWELLING_NOT_CONFIRMED))
        digits = "".join(c for c in phone if c.isdigit())
        if len(digits) not in PHONE_DIGITS or digits != phone.strip():
            # Audited with the reason and the length only: the number typed is personal data.
            self._refuse(
                principal,
                subject,
                KioskError(KioskErrorCode.BAD_PHONE),
                {"digits": len(digits), "other_characters": digits != phone.strip()},
            )
        matter = self.hall.catalog.get(declaration.matter_code)
        values = dict(declaration.values)
        values["emergency_phone"] = digits
        values["reporter"] = values.get("reporter") or "self"
        form: dict[str, object] = {
            VISIT_KEY: {
                "card": session.card.to_json(),
                "id_number": principal.card_holder_id,
                "matters": [matter.code],
                "channel": CHANNEL,
                "awaiting": AWAITING,
            },
            matter.code: values,
        }
        title = f"{session.masked_id} {matter.short_zh or matter.name_zh}（自助申报）"
        record = self._save_declaration(principal, matter.code, form, title)
        return DeclarationReceipt(
            draft_id=str(record.id),
            matter_zh=matter.name_zh,
            matter_en=matter.name_en,
            where=self.service_place,
        )

    def _save_declaration(
        self,
        principal: Principal,
        matter_code: str,
        form: Mapping[str, object],
        title: str,
    ) -> DraftRecord:
        import uuid

        from sqlalchemy import insert

        draft_id = str(uuid.uuid4())
        moment = self.hall.now()
        with uow.transaction(self.hall.db) as conn:
            conn.execute(
                insert(t.drafts).values(
                    id=draft_id,
                    station=principal.station,
                    user_name=principal.user,
                    matter_codes=[matter_code],
                    title=title[:200],
                    form=t.jsonable(dict(form)),
                    materials={},
                    created_at=moment,
                    updated_at=moment,
                    declaration_state=DECLARATION_WAITING,
                    declarant_masked=declarant_key(principal.card_holder_id or ""),
                )
            )
            append_event(
                conn,
                principal.actor,
                "kiosk.declared",
                f"draft:{draft_id}",
                "self-declaration (自主申报)",
                {
                    "matter": matter_code,
                    "channel": CHANNEL,
                    "awaiting": AWAITING,
                    "id_hash": self._pseudonym(principal.card_holder_id or ""),
                },
            )
            publish(conn, DECLARATIONS_TOPIC)
            row = conn.execute(select(t.drafts).where(t.drafts.c.id == draft_id)).one()
        return t.draft_record(row)

    def _may_declare(self, principal: Principal, session: KioskSession, matter_code: str) -> None:
        authorize(
            self.hall.db,
            principal,
            Permission.CASE_DECLARE_OWN,
            subject=f"person:{session.masked_id}",
            card_holder_id=principal.card_holder_id,
            purpose=_PURPOSE,
        )
        if matter_code not in self.declare_matters():
            self._refuse(
                principal,
                f"matter:{matter_code}",
                KioskError(KioskErrorCode.MATTER_NOT_ALLOWED),
            )
        if session.rare_characters:
            self._refuse(
                principal,
                f"person:{session.masked_id}",
                KioskError(KioskErrorCode.RARE_CHARACTERS),
            )

    # ---- for the clerks: declarations waiting -------------------------------------------------

    def pending_declarations(self, clerk: Principal) -> tuple[PendingDeclaration, ...]:
        """Kiosk declarations waiting for a clerk's confirmation, oldest first (the person's
        number and name masked: the desk shows them once a clerk claims one)."""
        authorize(self.hall.db, clerk, Permission.CASE_ACCEPT, subject="declarations")
        with uow.connection(self.hall.db) as conn:
            rows = conn.execute(
                select(t.drafts)
                .where(t.drafts.c.declaration_state == DECLARATION_WAITING)
                .order_by(t.drafts.c.created_at)
            ).all()
        return tuple(self._pending_row(row) for row in rows)

    def claimed_declarations(self, clerk: Principal) -> tuple[PendingDeclaration, ...]:
        """The kiosk declarations this clerk claimed and has not yet made a case of (to hand
        back), oldest first."""
        authorize(self.hall.db, clerk, Permission.CASE_ACCEPT, subject="declarations")
        with uow.connection(self.hall.db) as conn:
            rows = conn.execute(
                select(t.drafts)
                .where(
                    t.drafts.c.declaration_state == DECLARATION_CLAIMED,
                    t.drafts.c.user_name == clerk.user,
                )
                .order_by(t.drafts.c.created_at)
            ).all()
        return tuple(self._pending_row(row) for row in rows)

    def _matter_names(self, code: str) -> tuple[str, str]:
        try:
            matter = self.hall.catalog.get(code)
        except KeyError:  # (a matter the hall has since switched off)
            return code, code
        return matter.name_zh, matter.name_en

    def _pending_row(self, row: Any) -> PendingDeclaration:
        meta = _kiosk_meta(row) or {}
        code = (row.matter_codes or [""])[0]
        zh, en = self._matter_names(code)
        card = meta.get("card") or {}
        number = normalise_id_text(str(meta.get("id_number") or ""))
        return PendingDeclaration(
            draft_id=str(row.id),
            matter_code=code,
            matter_zh=zh,
            matter_en=en,
            masked_id=mask_id_number(number) if number else "",
            masked_name=masked_name(str(card.get("name") or "")),
            station=str(meta.get("claimed_from") or row.station),
            declared_at=as_utc(row.created_at),
        )

    def claim_declaration(self, clerk: Principal, draft_id: str) -> DraftRecord:
        """Move a kiosk declaration to the clerk's station (audited); the desk then accepts it.

        Exactly one clerk gets it: the claim writes the draft's row first (PostgreSQL's row
        lock, SQLite's write lock), then reads it; a second clerk finds it claimed and gets
        ``kiosk.declaration_gone`` (audited).
        """
        authorize(self.hall.db, clerk, Permission.CASE_ACCEPT, subject=f"draft:{draft_id}")
        moment = self.hall.now()
        try:
            with uow.transaction(self.hall.db) as conn:
                touched = conn.execute(
                    update(t.drafts)
                    .where(
                        t.drafts.c.id == draft_id,
                        t.drafts.c.declaration_state == DECLARATION_WAITING,
                    )
                    .values(updated_at=moment)
                ).rowcount
                row = (
                    conn.execute(select(t.drafts).where(t.drafts.c.id == draft_id)).one_or_none()
                    if touched
                    else None
                )
                meta = _kiosk_meta(row) if row is not None else None
                if row is None or meta is None or meta.get("awaiting") != AWAITING:
                    raise KioskError(KioskErrorCode.DECLARATION_GONE)  # (rolls the touch back)
                meta = {
                    **meta,
                    "awaiting": "",
                    "claimed_from": row.station,
                    "claimed_from_user": row.user_name,
                }
                form = {**dict(row.form), VISIT_KEY: meta}
                conn.execute(
                    update(t.drafts)
                    .where(t.drafts.c.id == draft_id)
                    .values(
                        station=clerk.station,
                        user_name=clerk.user,
                        form=form,
                        updated_at=moment,
                        declaration_state=DECLARATION_CLAIMED,
                    )
                )
                append_event(
                    conn,
                    clerk.actor,
                    "kiosk.declaration_claimed",
                    f"draft:{draft_id}",
                    "case draft",
                    {"matter": (row.matter_codes or [""])[0], "kiosk": row.station},
                )
                publish(conn, DECLARATIONS_TOPIC)
                row = conn.execute(select(t.drafts).where(t.drafts.c.id == draft_id)).one()
        except KioskError as gone:
            self._refuse(clerk, f"draft:{draft_id}", gone)
        return t.draft_record(row)

    def release_declaration(self, clerk: Principal, draft_id: str) -> None:
        """Hand a claimed declaration back to the waiting list (the claimant only; audited):
        claimed by mistake, or the person is to be served at another window. What the clerk
        changed in its draft stays."""
        authorize(self.hall.db, clerk, Permission.CASE_ACCEPT, subject=f"draft:{draft_id}")
        moment = self.hall.now()
        try:
            with uow.transaction(self.hall.db) as conn:
                touched = conn.execute(
                    update(t.drafts)
                    .where(
                        t.drafts.c.id == draft_id,
                        t.drafts.c.user_name == clerk.user,
                        t.drafts.c.declaration_state == DECLARATION_CLAIMED,
                    )
                    .values(updated_at=moment)
                ).rowcount
                row = (
                    conn.execute(select(t.drafts).where(t.drafts.c.id == draft_id)).one_or_none()
                    if touched
                    else None
                )
                meta = _kiosk_meta(row) if row is not None else None
                if (
                    row is None
                    or meta is None
                    or meta.get("awaiting") != ""
                    or not meta.get("claimed_from")
                ):
                    raise KioskError(KioskErrorCode.NOT_CLAIMANT)  # (rolls the touch back)
                station = str(meta.pop("claimed_from"))
                user = str(meta.pop("claimed_from_user", "") or row.user_name)
                form = {**dict(row.form), VISIT_KEY: {**meta, "awaiting": AWAITING}}
                conn.execute(
                    update(t.drafts)
                    .where(t.drafts.c.id == draft_id)
                    .values(
                        station=station,
                        user_name=user,
                        form=form,
                        updated_at=moment,
                        declaration_state=DECLARATION_WAITING,
                    )
                )
                append_event(
                    conn,
                    clerk.actor,
                    "kiosk.declaration_released",
                    f"draft:{draft_id}",
                    "case draft",
                    {"matter": (row.matter_codes or [""])[0], "kiosk": station},
                )
                publish(conn, DECLARATIONS_TOPIC)
        except KioskError as refused:
            self._refuse(clerk, f"draft:{draft_id}", refused)

    # ---- queue tickets -----------------------------------------------------------------------

    def queues(self, session: KioskSession) -> tuple[QueueInfo, ...]:
        return self.hall.queue.queues(self._holder(session))

    def take_ticket(self, session: KioskSession, queue_code: str) -> TicketTaken:
        """Take a ticket for the holder (channel kiosk) and queue its 80 mm ticket for printing,
        through the queue service's own print path (one ticket, one number, one job)."""
        principal = self._holder(session)
        try:
            ticket = self.hall.queue.take(
                principal, queue_code, card_holder_id=principal.card_holder_id, channel=CHANNEL
            )
        except (PermissionDenied, DatabaseError):
            raise  # (the guard audited the one; the other is no refusal of the person's input)
        except CodedError as refused:  # already waiting, an unknown service, numbers gone
            self._refuse(principal, f"queue:{queue_code}", refused)
        job = self.hall.queue.print_ticket(principal, ticket)
        return TicketTaken(
            number=ticket.number,
            queue_name_zh=ticket.queue_name_zh,
            waiting_before=ticket.waiting_before,
            print_job_id=job.id,
        )

    def check_in_booking(self, session: KioskSession) -> TicketTaken:
        """Check the holder's booking (预约) of today in by the card: its ticket, called from its
        slot on, printed like any ticket (``queue.no_booking`` when the card has none; the
        refusal audited like a ticket's)."""
        principal = self._holder(session)
        try:
            ticket = self.hall.queue.check_in(principal, card_holder_id=principal.card_holder_id)
        except (PermissionDenied, DatabaseError):
            raise
        except CodedError as refused:  # no booking today, or its slot is over
            self._refuse(principal, "booking", refused)
        job = self.hall.queue.print_ticket(principal, ticket)
        slot = ticket.booked_for
        return TicketTaken(
            number=ticket.number,
            queue_name_zh=ticket.queue_name_zh,
            waiting_before=ticket.waiting_before,
            print_job_id=job.id,
            booked_for=slot.astimezone(self.hall.tz) if slot is not None else None,
        )

    # ---- ratings -----------------------------------------------------------------------------

    def to_rate(self, session: KioskSession) -> tuple[KioskCase, ...]:
        return tuple(c for c in self.my_cases(session) if c.rateable)

    def rate(self, session: KioskSession, case_number: str, score: int) -> None:
        """好差评 of the holder's finished case: its latest visit, once (一次一评; another
        person's case is refused). A bad rating opens its follow-up."""
        from desktop.domain.cases import RatingChannel

        principal = self._holder(session)
        self.hall.cases.rate(principal, case_number, score, channel=RatingChannel.KIOSK)

    # ---- printing state ----------------------------------------------------------------------

    def print_job(self, job_id: int) -> PrintJobRecord:
        return self.hall.print_queue.get(job_id)

    def retry_print(self, session: KioskSession, job_id: int) -> PrintJobRecord:
        self._holder(session)
        return self.hall.print_queue.retry(job_id)

    def _pseudonym(self, number: str) -> str:
        """The keyed pseudonym cases are matched by (the hall secret's)."""
        return person_pseudonym(self.hall.db.engine, normalise_id_text(number))

    # ---- guards ------------------------------------------------------------------------------

    def _holder(self, session: KioskSession) -> Principal:
        """The session's principal: a kiosk acting for a card holder, else refused (audited)."""
        principal = session.principal
        if Role.KIOSK not in principal.roles or not principal.card_holder_id:
            self._refuse(
                principal,
                "kiosk",
                PermissionDenied(principal, Permission.CASE_VIEW_OWN, "not a kiosk session"),
            )
        return principal

    def _refuse(
        self,
        principal: Principal,
        subject: str,
        error: CodedError,
        facts: Mapping[str, object] | None = None,
    ) -> NoReturn:
        """Audit the refusal (its own transaction) and raise it. ``subject`` and ``facts``
        carry no personal data in clear: a masked number, a draft's id, counts."""
        audit_refusal(
            self.hall.db,
            principal,
            "auth.denied" if isinstance(error, PermissionDenied) else "kiosk.refused",
            subject,
            {"reason": str(error.code), **(facts or {})},
            purpose=_PURPOSE,
        )
        raise error


def _kiosk_meta(row: Any) -> dict[str, Any] | None:
    """A draft's visit meta if the draft is a kiosk declaration (else None)."""
    meta = (row.form or {}).get(VISIT_KEY) or {}
    return dict(meta) if meta.get("channel") == CHANNEL else None
