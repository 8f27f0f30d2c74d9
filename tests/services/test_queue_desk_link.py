"""The window desk links the case it accepts to the ticket being served at its window (the
station's window number), so wait and service time are known per case; no ticket, no link."""

from __future__ import annotations

from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import Principal, Role
from desktop.services.desk import WindowDesk
from services.test_window_desk import (  # type: ignore[import-not-found]
    CLERK,
    _card_of,
    _values,
    desk,  # noqa: F401 (the fixture)
)

KIOSK = Principal.of("kiosk01", "自助机1", [Role.KIOSK])


def _accept(desk: WindowDesk) -> str:  # noqa: F811
    hall = desk.hall
    jz = hall.catalog.by_category("JZ").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'tenant'"), matter_codes=[jz])
    values = _values(
        visit, jz, **{"persons.0.arrival_reason": "务工", "emergency_phone": "13800138000"}
    )
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    return str(desk.submit(CLERK, visit, jz, values, marked).case.number)


def test_a_case_accepted_while_a_ticket_is_served_is_linked_to_it(desk: WindowDesk) -> None:  # noqa: F811
    hall = desk.hall
    window = hall.settings.station.window_number  # 1: serves queue A
    without = _accept(desk)
    assert hall.queue.ticket_of_case(CLERK, without) is None  # no ticket called: no link
    hall.queue.take(KIOSK, "A")
    called = hall.queue.call_next(CLERK, window)
    assert called is not None
    number = _accept(desk)
    linked = hall.queue.ticket_of_case(CLERK, number)
    assert linked is not None and linked.number == called.number and linked.state == "serving"
    hall.queue.finish(CLERK, window)
    (row,) = hall.queue.stats(CLERK, called.day).queues
    assert (row.served, row.cases) == (1, 1)
