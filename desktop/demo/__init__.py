"""Synthetic data for the embedded demo: the registry generator and loader (``seeding``), the
demo card deck drawn from a registry marked synthetic (``deck``) and one demo account per role
(``users``). Nothing here runs against a real hall's registry: each entry point checks the
registry's synthetic flag first. It sits above ``desktop.services`` (it uses the audit log and
the password hasher) and below the composition root and the command line.
"""
