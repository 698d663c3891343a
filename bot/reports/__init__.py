"""The communications report for the Human Rights Council: CSV and Word."""
