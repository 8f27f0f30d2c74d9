"""Printed documents: data in (``printing.model``), signed PDF out (``printing.render``), and
onto paper (``printing.dispatch``).

Only :mod:`printing.dispatch` uses Qt (QtPrintSupport and QtGui, no widgets), to rasterise the
PDF and print it on the print thread; the documents themselves never touch Qt, and no module of
``printing`` imports ``ui``.
"""
