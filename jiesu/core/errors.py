"""Errors that services raise and views turn into clear messages (never a 500)."""


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is shown to the user as is."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(DomainError):
    status_code = 409


class ConcurrentChange(DomainError):
    status_code = 409

    def __init__(self, message: str = "该工单已被他人修改，请刷新后重试。"):
        super().__init__(message)


class NotPermitted(DomainError):
    status_code = 403

    def __init__(self, message: str = "您无权执行此操作。"):
        super().__init__(message)


class ValidationFailed(DomainError):
    status_code = 400
