"""Channel adapters: they translate platform events into core calls and back, nothing more."""
