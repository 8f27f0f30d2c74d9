"""Cases for the kiosk's demo scenes: the card tapped in a scene gets a finished residence
registration and a residence permit accepted with a 容缺 material, as a window would have left
them (synthetic registry only; done once per person)."""

from __future__ import annotations

import logging

from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.prefill import CardFacts
from desktop.domain.permissions import Principal, Role
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall

log = logging.getLogger(__name__)

__all__ = ["seed_demo_cases"]

DEMO_WINDOW = Principal.of("clerk", "演示窗口 #1", [Role.CLERK], display_name="演示窗口人员")


def seed_demo_cases(hall: Hall, card: CardFacts) -> int:
    """Give the card holder two cases (if they have none yet); returns how many were made."""
    if not hall.demo:
        raise RuntimeError("demo cases are made only on the embedded synthetic demo registry")
    if hall.cases.cases_for_card_holder(DEMO_WINDOW, card.id_number):
        return 0
    desk = WindowDesk(hall)
    made = 0
    jz = hall.catalog.by_category("JZ").code
    visit = desk.open_visit(DEMO_WINDOW, card, matter_codes=[jz])
    values = {
        **visit.for_matter(jz).as_strings(),
        "persons.0.arrival_reason": "务工",
        "emergency_phone": "13800138000",
    }
    marked = {m.code: MaterialStatus.RECEIVED for m in hall.catalog.get(jz).materials}
    desk.submit(DEMO_WINDOW, visit, jz, values, marked)
    made += 1
    zz = hall.catalog.by_category("ZZ").code
    visit = desk.prefill(visit, [zz])
    values = {**visit.for_matter(zz).as_strings(), "basis": "job", "phone": "13800138000"}
    marked = {
        "id_document": MaterialStatus.RECEIVED,
        "photo_receipt": MaterialStatus.RECEIVED,
        "registration_slip": MaterialStatus.RECEIVED,
    }
    try:
        desk.submit(DEMO_WINDOW, visit, zz, values, marked, promise_signed=True)
        made += 1
    except Exception:  # a person the permit's rules refuse: one case is enough for the scene
        log.exception("demo: no residence permit case for this card")
    # The papers were handed out at the window: nothing waits in the demo window's print queue.
    for job in hall.print_queue.pending(DEMO_WINDOW.station):
        hall.print_queue.cancel(job, "demo scene")
    return made
