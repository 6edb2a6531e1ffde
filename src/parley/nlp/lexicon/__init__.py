"""Word lists shared by the NLP components, each defined once."""
