"""Errors a person can act on. The message is already in the user's language."""


class DomainError(Exception):
    """Bad input or a refused operation; nothing was changed."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "not_found")
