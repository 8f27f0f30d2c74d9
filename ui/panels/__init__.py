"""The main window's panels, one module each; the window only arranges and switches them."""
