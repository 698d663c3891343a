"""Allegations: the paragraphs under "According to the information received:"."""
