"""Person pseudonyms: one keyed function for the audit log, cases and sign-in events.

A pseudonym lets the hall find everything about one person (their cases, every look-up of their
data in the audit log) without storing the identity number beside it. It must not be reversible
by someone holding the database: an unkeyed ``sha256("onewindow-subject:" + number)`` next to
the masked number (region and last four characters shown) gives the number back by trying the
few thousand candidates. So the pseudonym is HMAC-SHA256 keyed with the hall's secret
(:mod:`desktop.services.secrets`, never stored in the database), truncated to 24 hex digits
(96 bits) like the unkeyed hash it replaces: the columns and the detail keys keep their width.

To find a person, compute the pseudonym of the number typed (:func:`person_pseudonym`).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Engine

from desktop.services.secrets import HallSecret, hall_secret_for

__all__ = [
    "PSEUDONYM_LENGTH",
    "legacy_pseudonym",
    "name_pseudonym",
    "person_pseudonym",
    "pseudonym",
]

#: Hex digits kept: the width the unkeyed hash had (the cases' column holds up to 64).
PSEUDONYM_LENGTH = 24
_DOMAIN = b"onewindow-subject:"


def pseudonym(secret: HallSecret, number: str) -> str:
    """The keyed pseudonym of a (normalised) identity number."""
    return secret.mac(_DOMAIN + number.encode("utf-8"))[:PSEUDONYM_LENGTH]


def person_pseudonym(bind: Connection | Engine, number: str) -> str:
    """The pseudonym under the hall secret bound to this database."""
    return pseudonym(hall_secret_for(bind), number)


def name_pseudonym(bind: Connection | Engine, name: str) -> str:
    """The keyed pseudonym of a user name typed at a failed sign-in (it may be a person's name,
    or a password typed in the wrong box: never stored unkeyed)."""
    secret = hall_secret_for(bind)
    return secret.mac(b"onewindow-username:" + name.encode("utf-8"))[:PSEUDONYM_LENGTH]


def legacy_pseudonym(number: str) -> str:
    """The unkeyed hash of earlier versions: only to re-key stored rows (never to store)."""
    return hashlib.sha256(_DOMAIN + number.encode("utf-8")).hexdigest()[:PSEUDONYM_LENGTH]
