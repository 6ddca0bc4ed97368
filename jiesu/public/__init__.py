"""Public pages for residents and riders: QR submission, tracking by code, rating, posters."""
