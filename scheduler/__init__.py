"""Reminder dispatch (outbox -> channels), pacing, and the APScheduler triggers."""
