"""Reports published as images (图片版: PNG, JPEG, TIFF, GIF, WebP, BMP), read by OCR.

Each image, or each frame of a multi-page TIFF, is one page: brought to the resolution the
recogniser reads best (`_ocr.DPI`) where the file says its own, recognised, and laid out into
rows and cells like a scanned PDF page (`gov_disclosure.readers._ocr`). Needs the ``ocr``
extra.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import TYPE_CHECKING

from gov_disclosure.errors import DecodeError, beyond_budget, describe, missing_extra, over_budget
from gov_disclosure.limits import MAX_PAGES, MAX_PIXELS
from gov_disclosure.readers import PagedText
from gov_disclosure.readers import _ocr as ocr
from gov_disclosure.readers.pdf import paged_text

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["image_to_text"]

# A resolution a file states below this is a screen's (72, 96 dpi), not a scanner's: its
# pixels are taken as they are.
_SCANNER_DPI = 100


def image_to_text(data: bytes) -> PagedText:
    """The grammar's input text for an image file's bytes, each frame a page (see the module).

    Raises `MissingDependencyError` without the ``ocr`` extra, `DecodeError` for an image that
    cannot be decoded or holds no text OCR finds, `BudgetError` for one over
    `gov_disclosure.limits`' ``MAX_PIXELS`` a page or ``MAX_PAGES`` frames.
    """
    if not ocr.available():
        raise missing_extra("scanned reports (images: read by OCR)", "rapidocr-onnxruntime", "ocr")
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 million pixels, over `MAX_PIXELS`, and refuses at twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_PAGES:
                raise over_budget("pages (image frames)", frames, "MAX_PAGES", MAX_PAGES)
            pages = []
            for frame in ImageSequence.Iterator(image):
                width, height = frame.size
                if width * height > MAX_PIXELS:
                    raise over_budget("pixels on a page", width * height, "MAX_PIXELS", MAX_PIXELS)
                pages.append(ocr.recognise(_at_dpi(frame.convert("RGB"), frame.info.get("dpi"))))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise beyond_budget("pixels on a page", "MAX_PIXELS", MAX_PIXELS) from exc
    except UnidentifiedImageError as exc:
        raise DecodeError(f"the image cannot be read: {describe(exc)}") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        # Pillow's plug-ins raise these for a file cut short or damaged.
        raise DecodeError(f"the image cannot be read (cut short or damaged): {describe(exc)}") from exc
    if not any(line.text.strip() for page in pages for line in page):
        raise DecodeError("OCR found no text in the image")
    return paged_text(pages)


def _at_dpi(image: Image, dpi: object) -> Image:
    """The image at `_ocr.DPI` where it states a scanner's resolution above it; else as is."""
    try:
        x, y = (float(v) for v in dpi)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return image
    if min(x, y) < _SCANNER_DPI or max(x, y) <= ocr.DPI:
        return image
    from PIL import Image as PILImage

    size = (max(1, round(image.width * ocr.DPI / x)), max(1, round(image.height * ocr.DPI / y)))
    return image.resize(size, PILImage.Resampling.LANCZOS)
