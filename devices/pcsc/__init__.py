"""ID cards through PC/SC readers (pyscard, pcscd / the Windows smart-card service).

* :mod:`devices.pcsc.profile` — vendor profiles as data (``profiles/*.toml`` + a hall's folder);
* :mod:`devices.pcsc.apdu` — the APDU exchange of a read (61xx, 6Cxx, status and length checks);
* :mod:`devices.pcsc.winscard` — a typed face of pyscard's low-level API;
* :mod:`devices.pcsc.supervisor` — the worker's PC/SC context, re-established after pcscd left;
* :mod:`devices.pcsc.backend` — :class:`PcscReaderBackend`, the
  :class:`~devices.reader.ReaderBackend` of this package.

Importing this package does not import pyscard; constructing the backend does (and raises
:class:`~devices.idcard.errors.CardReadError` ``SERVICE_UNAVAILABLE`` when it is missing).
"""

from devices.pcsc.backend import PcscReaderBackend, PhotoDecoder
from devices.pcsc.profile import VendorProfile, load_profiles, select_profile

__all__ = ["PcscReaderBackend", "PhotoDecoder", "VendorProfile", "load_profiles", "select_profile"]
