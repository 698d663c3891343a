"""Where a case stands and what moves it: its state at a glance, field changes, listings."""
