"""The Home tab: what each person has to do."""
