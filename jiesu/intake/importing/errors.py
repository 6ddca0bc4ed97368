from jiesu.core.errors import DomainError


class UnusableFile(DomainError):
    """The file cannot be imported at all (not a table, no order-number column, bad mapping)."""

    status_code = 400


class RowRejected(Exception):
    """One data row cannot become an order; `reason` says why, in Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
