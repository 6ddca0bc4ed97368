"""The Chinese font every PDF embeds (reports, scorecards, posters).

Noto Sans SC (SIL Open Font License), installed from the npm registry by `make setup` into
static/vendor/fonts (see the Makefile). reportlab embeds only the glyphs a document uses (a subset),
so a PDF shows the same in any viewer, with or without Chinese fonts. Without the font files (a
set-up that skipped `make assets`) the CID font STSong-Light is used, which a viewer must supply
itself, and a warning is logged.
"""

import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)
FONT_FILES = {"JiesuSans": "NotoSansSC_400Regular.ttf", "JiesuSans-Bold": "NotoSansSC_700Bold.ttf"}
FALLBACK = "STSong-Light"


def font_dir() -> Path:
    return Path(
        getattr(settings, "JIESU_PDF_FONT_DIR", Path(settings.BASE_DIR) / "static" / "vendor" / "fonts")
    )


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once per process."""
    paths = {name: font_dir() / file for name, file in FONT_FILES.items()}
    if all(path.exists() for path in paths.values()):
        for name, path in paths.items():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily("JiesuSans", normal="JiesuSans", bold="JiesuSans-Bold")
        return "JiesuSans", "JiesuSans-Bold"
    logger.warning("PDF 字体缺失（%s），改用 %s：请运行 make setup。", font_dir(), FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK, FALLBACK
