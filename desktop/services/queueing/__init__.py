"""Queue tickets and calling (叫号): take, call next, recall, no-show, transfer, pause, statistics.

Every change is one unit of work (``desktop.persistence.uow``) with its audit event; every
method with a principal checks its permission through :func:`desktop.services.guard.authorize`
first (``queue.ticket`` to take one, ``queue.call`` to call at a window). :meth:`QueueService.board`
— what the hall's calling display shows — takes no principal: it holds no personal data
(numbers, windows, counts) and changes nothing, so a display runs without a user session.

Locking: taking a ticket and calling one first bump the queue's row of the day in
``queue_days`` (``UPDATE … RETURNING``): the row lock on PostgreSQL, SQLite's write lock. That
row holds the day's last number (numbers restart every day, without gaps) and the interleave
state (normal calls since the last priority call), so the ratio holds however many windows call
at once. A window serving several queues locks them in code order (no deadlock). The candidate
tickets are then read ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (a ticket another transaction is
transferring or recalling is passed over, never waited for), and the chosen one is moved with a
conditional ``UPDATE … WHERE state = 'waiting'``: two windows never get the same ticket.
Lock order everywhere: queue days, then tickets, then the audit log's head.
"""

from __future__ import annotations

from desktop.services.queueing.base import CALLS_TOPIC, Publisher, percentile
from desktop.services.queueing.bookings import Bookings
from desktop.services.queueing.calling import Calling
from desktop.services.queueing.reading import Reading
from desktop.services.queueing.taking import Taking

__all__ = ["CALLS_TOPIC", "Publisher", "QueueService", "percentile"]


class QueueService(Reading, Bookings, Taking, Calling):
    """The hall's queues for kiosks, reception desks, windows and the calling displays."""
