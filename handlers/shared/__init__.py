"""What the features share: case references, numbered paragraphs, help texts."""
