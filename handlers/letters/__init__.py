"""Letters: questions, drafts and their review, sending, replies."""
