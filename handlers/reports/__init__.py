"""The /case report and /case search grammar and their blocks."""
