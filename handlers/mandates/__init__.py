"""Mandates: the registry of co-signing mandates."""
