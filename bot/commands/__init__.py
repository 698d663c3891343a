"""Slash-command flows: parse the text, call the services, build the reply (no Bolt here)."""
