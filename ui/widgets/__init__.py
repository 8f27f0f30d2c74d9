"""Small widgets more than one window builds on."""
