"""A case with what is filed on it (mandates, drafts, clearances, replies, reminders): where it
stands, its latest draft, its fields as the team changes them, the channel's list of cases and
one case's details."""
