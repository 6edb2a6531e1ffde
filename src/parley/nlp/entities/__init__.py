"""Named entities resolved across a document: people, organisations, places, with roles and actor codes."""
