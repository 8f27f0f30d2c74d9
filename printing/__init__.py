"""Printed documents: data in (``printing.model``), signed PDF out (``printing.render``).

No Qt here: dispatching a PDF to a printer with QtPrintSupport is ``ui``'s business.
"""
