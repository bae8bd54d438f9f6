"""DejaVu Sans 2.37 (regular, bold, oblique), shipped inside the package and embedded in every PDF we print.

reportlab's Helvetica is not embedded and has no ɨ or ʉ (it prints black boxes); DejaVu Sans covers Spanish and
the indigenous letters (ñ, á, ü, ɨ, ʉ, ʼ). The TTFs live here, not on the system, because CI machines and
servers may have no fonts at all. Licence: ``LICENSE.txt`` next to them (Bitstream Vera and Arev terms).
"""

from __future__ import annotations

import threading
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["BOLD", "OBLIQUE", "REGULAR", "register_fonts"]

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", OBLIQUE: "DejaVuSans-Oblique.ttf"}

# reportlab's font registry is process-wide; renderers run in worker threads, so register once under a lock.
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the three faces (and their family, for ``<b>``/``<i>`` in paragraphs) with reportlab, once."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        package = resources.files(__name__)
        for name, file_name in _FILES.items():
            # TTFont reads the whole file when built, so a temporary path (zipped installs) is enough.
            with resources.as_file(package / file_name) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        # No bold oblique is shipped: bold italic text (rare: a taxon inside a bold cell) falls back to oblique.
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=OBLIQUE, boldItalic=OBLIQUE)
        _registered = True
