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
_MOST_DPI = 2400  # above this a stated resolution is nonsense, not a scanner's


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
                pages.append(ocr.recognise(_at_dpi(_on_white(frame), frame.info.get("dpi"))))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise beyond_budget("pixels on a page", "MAX_PIXELS", MAX_PIXELS) from exc
    except UnidentifiedImageError as exc:
        raise DecodeError(f"the image cannot be read: {describe(exc)}") from exc
    except (OSError, ValueError, SyntaxError, EOFError, TypeError) as exc:
        # Pillow's plug-ins raise these for a file cut short or damaged (a TIFF frame without
        # its dimensions: TypeError).
        raise DecodeError(f"the image cannot be read (cut short or damaged): {describe(exc)}") from exc
    if not any(line.text.strip() for page in pages for line in page):
        raise DecodeError("OCR found no text in the image")
    return paged_text(pages)


def _on_white(frame: Image) -> Image:
    """The frame as 8-bit RGB: 16- and 32-bit grey scaled down (not clipped at 255, which
    would blank all but the faintest ink), transparency laid on white."""
    import numpy as np
    from PIL import Image as PILImage

    if frame.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):
        values = np.asarray(frame, dtype=np.float64)
        top = float(values.max()) if values.size else 0.0
        scaled = values * (255.0 / top) if top > 0 else np.full(values.shape, 255.0)
        return PILImage.fromarray(np.clip(scaled, 0, 255).astype(np.uint8)).convert("RGB")
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(white, rgba).convert("RGB")
    return frame.convert("RGB")


def _at_dpi(image: Image, dpi: object) -> Image:
    """The image at `_ocr.DPI` where it states a scanner's resolution above it; else as is."""
    try:
        x, y = (float(v) for v in dpi)  # type: ignore[attr-defined]
    except (TypeError, ValueError, ZeroDivisionError):
        return image
    if not (min(x, y) >= _SCANNER_DPI and max(x, y) <= _MOST_DPI) or max(x, y) <= ocr.DPI:
        return image  # no scanner's resolution (a screen's, none, nonsense): the pixels as they are
    from PIL import Image as PILImage

    size = (max(1, round(image.width * ocr.DPI / x)), max(1, round(image.height * ocr.DPI / y)))
    return image.resize(size, PILImage.Resampling.LANCZOS)
