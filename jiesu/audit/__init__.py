"""The security audit log: logins, exports, imports, reveals, admin changes (append-only)."""
