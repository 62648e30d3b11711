"""The reminder engine: policy, planner, outbox, dispatcher (outbox -> messenger) and the
APScheduler triggers."""
