"""Card-read benchmark: the software's share of a read, beside the virtual card's round trip.

    .venv/bin/python benchmarks/card_read_bench.py            # needs pcscd + vsmartcard-vpcd
    .venv/bin/python benchmarks/card_read_bench.py --no-pcscd # software share only

*Software share* is what OneWindow does after the reader's last byte has arrived: for PC/SC the
text block and photo are handed to ``parse_text_block`` (UCS-2 decoding of every field, dates,
the identity-number rules, the document); for a serial GA/T 467 reader the 1295-byte answer frame
goes through the frame decoder (preamble, length, checksum), the payload split, then the same
parse. *Floor:* a bare ``bytes.decode("utf-16-le")`` of the same 256 bytes, timed the same way.
*Round trip:* the six vendor APDUs of one read sent through the real pcscd to the project's
virtual ID card over vpcd (connect, transmit ×6, disconnect) — what the software share is
compared against. Each figure is the median of many repetitions.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "devices"))

from devices.idcard.document import CardType  # noqa: E402
from devices.idcard.textblock import build_text_block, parse_text_block  # noqa: E402
from devices.serial.frames import (  # noqa: E402
    FrameDecoder,
    encode_card_data,
    encode_response,
    parse_card_data,
)

RESULTS = Path(__file__).with_name("results")


def _median_us(fn: Callable[[], object], *, number: int, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter_ns()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter_ns() - t) / number / 1000)
    return round(statistics.median(runs), 2)


def software_share(number: int, repeat: int) -> dict[str, Any]:
    from virtual_reader import sample_document, synthetic_photo

    out: dict[str, Any] = {}
    for card_type in CardType:
        doc = sample_document(card_type)
        block = build_text_block(doc)
        photo = synthetic_photo(doc.id_number)
        frame = encode_response(0x00, 0x00, 0x90, encode_card_data(block, photo))

        def serial_path(frame: bytes = frame) -> object:
            (response,) = FrameDecoder().feed(frame)
            data = parse_card_data(response.data)  # type: ignore[union-attr]
            return parse_text_block(data.text, photo=data.photo)

        out[card_type.value] = {
            "floor_decode_us": _median_us(
                lambda b=block: b.decode("utf-16-le"), number=number, repeat=repeat
            ),
            "pcsc_parse_us": _median_us(
                lambda b=block, p=photo: parse_text_block(b, photo=p),
                number=number,
                repeat=repeat,
            ),
            "serial_frame_and_parse_us": _median_us(serial_path, number=number, repeat=repeat),
        }
    return out


def round_trip(reads: int) -> dict[str, Any]:
    from pcscd_fixture import PcscDaemon, unavailable_reason, wait_for_card
    from smartcard.System import readers
    from virtual_reader import VirtualIdCard, default_profile, sample_document

    reason = unavailable_reason()
    if reason:
        return {"skipped": reason}
    profile = default_profile()
    apdus = [profile.text.command, *(c.command for c in profile.photo)]
    daemon = PcscDaemon()
    daemon.start()
    try:
        doc = sample_document(CardType.RESIDENT)
        with VirtualIdCard(doc) as card:
            if not wait_for_card(card.reader_name, True, timeout=10.0):
                raise RuntimeError("pcscd did not see the virtual card")
            reader = next(r for r in readers() if str(r) == card.reader_name)
            times_ms: list[float] = []
            share_us: list[float] = []
            for _ in range(reads):
                t = time.perf_counter_ns()
                conn = reader.createConnection()
                conn.connect()
                answers = [conn.transmit(list(a)) for a in apdus]
                conn.disconnect()
                last_byte = time.perf_counter_ns()
                text = bytes(answers[0][0])[profile.text.skip :]
                photo = b"".join(bytes(a[0]) for a in answers[1:])
                parse_text_block(text, photo=photo)
                done = time.perf_counter_ns()
                times_ms.append((last_byte - t) / 1e6)
                share_us.append((done - last_byte) / 1000)
        return {
            "reads": reads,
            "apdus_per_read": len(apdus),
            "round_trip_ms_median": round(statistics.median(times_ms), 2),
            "software_share_us_median_in_the_same_reads": round(statistics.median(share_us), 2),
        }
    finally:
        daemon.stop()
        daemon.release()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--number", type=int, default=2000, help="calls per timing run")
    p.add_argument("--repeat", type=int, default=9, help="timing runs (the median is kept)")
    p.add_argument("--reads", type=int, default=100, help="reads through pcscd")
    p.add_argument("--no-pcscd", action="store_true")
    args = p.parse_args()
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "software_share": software_share(args.number, args.repeat),
    }
    if not args.no_pcscd:
        result["pcscd_round_trip"] = round_trip(args.reads)
    text = json.dumps(result, indent=2)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "card-read.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
