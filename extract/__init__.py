"""Text to places to events: the extraction library and its CLI (`python -m extract`)."""
