"""Domain services: the operations every channel and the CLI share."""
