"""Dialogs: the sign-in at the start of a shift, and (later) others."""
