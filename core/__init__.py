"""The domain core: status, calendar, policies, services. Knows nothing of Telegram or Zalo."""
