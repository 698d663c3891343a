"""Cases: open, show, list, set, close; the case card."""
