"""The reminder engine's domain side: policy (pure), planner, recipients, messages, services."""
