"""The case lifecycle as a service: drafts, acceptance, review, issue, rating.

Rules the service keeps (see :mod:`desktop.domain.cases` for the state machine):

* Every state change goes through one template (:mod:`desktop.services.cases.base`): the case
  locked by a version bump, the transition table asked, the change, one ``case_steps`` row
  (GB/T 39046: one row per step) and one audit event — in one transaction, so they commit or
  roll back together.
* The version bump (``UPDATE … RETURNING``) is the case's row lock on PostgreSQL and takes
  SQLite's write lock before anything is read, so two stations cannot both act on what they
  each read (e.g. the last two approvals).
* Every refusal is on the record: a permission refused is audited by
  :func:`desktop.services.guard.authorize` before the writing transaction starts; an illegal
  transition (or any other :class:`~desktop.domain.cases.CaseError`) rolls the transaction
  back and is then audited in a transaction of its own. Either way nothing else changes.
* Case numbers come from a pattern (``[cases] number_pattern``) and a per-scope sequence row
  bumped inside the accepting transaction: unique under concurrency, and a rolled-back
  acceptance gives its number back (no gaps). Or an upstream number, taken as is.
* Identity numbers: the clear number stays in the application's form values (the legal
  record); the case row has the masked number and a hash (lists, kiosk match, audit search).

The service is put together from its parts, one module per job: :mod:`.drafts`,
:mod:`.intake` (accept, refuse, supplements), :mod:`.review_queue` (the review queue),
:mod:`.review_claims` (claims), :mod:`.review` (decide, resubmit),
:mod:`.result` (result, issue, withdraw, terminate, clock, rating, revoked documents) and
:mod:`.queries`, :mod:`.deadlines` (the clock's stored dates recomputed); :mod:`.base`
holds what they share, the one transition template first.
"""

from __future__ import annotations

from desktop.services.cases.deadlines import Deadlines
from desktop.services.cases.drafts import Drafts
from desktop.services.cases.intake import Intake
from desktop.services.cases.queries import Queries
from desktop.services.cases.records import (
    Acceptance,
    Application,
    CatalogLookup,
    FormValidator,
    Party,
    ResultInfo,
)
from desktop.services.cases.result import Results
from desktop.services.cases.review import Review

__all__ = [
    "Acceptance",
    "Application",
    "CaseService",
    "CatalogLookup",
    "FormValidator",
    "Party",
    "ResultInfo",
]


class CaseService(Drafts, Intake, Review, Results, Queries, Deadlines):
    """Cases of the hall, for windows, review desks, supervisors and kiosks."""
