"""QR codes drawn here, never fetched: SVG for pages, a module matrix for the PDF posters (segno)."""

import segno


def qr_svg(text: str, *, scale: int = 6) -> str:
    """An inline <svg> (no XML declaration) for `text`, error correction M, with a quiet zone."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=scale, border=2, dark="#111")


def qr_matrix(text: str) -> list[list[bool]]:
    """The dark (True) and light modules, row by row, without the quiet zone."""
    code = segno.make(text, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]
