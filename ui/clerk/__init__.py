"""The clerk window's building blocks: person panel, matter picker, form, materials checklist.

Widgets only: they receive plain data and callables, never services or a database.
"""
