"""The domain core: status, calendar, deadlines, texts, the channel protocol, the messenger and
its send pace. Knows nothing of Telegram or Zalo, and no service."""
