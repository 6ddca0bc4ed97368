"""Web views: each parses input, calls one selector or service, and renders a page or a partial."""
