"""Scanned pages (图片版): recognised offline into the characters and ruling lines the layout of
text-layer PDFs reads (`_pdf_layout.page_lines`), so a scan goes through the same grammar.

RapidOCR (the ``ocr`` extra: PP-OCRv4's Chinese detection and recognition models inside its
wheel, run on the CPU by onnxruntime; nothing is downloaded) finds the page's text lines and
where each character stands, with its confidence. The ruling lines are read off the image
itself: runs of ink longer than any stroke of a character, across and down. A page lying on
its side or upside down is turned until its text lines run across and read best; a page
scanned a degree or two askew is set straight (the turn under which its rows of ink stand
sharpest). A table cell left blank, or holding only a dot or a dash, is read again on its own.

Every OCR'd region keeps its recognition confidence (the lowest of its characters'), so that a
doubtful figure shows where it stands. A figure read with too little confidence is kept only
where the form's sums confirm it, and otherwise left out with a finding (P002); the sums check
every other figure (rules A001–A004, and A007's one-digit suggestion).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from gov_disclosure.errors import missing_extra
from gov_disclosure.readers._pdf_layout import Char, Line, Segment, _edges, page_lines

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

__all__ = ["DPI", "available", "recognise"]

DPI = 150
"""The resolution pages without a text layer are rendered at: enough for the 10.5-pt (五号)
figures of a table, and a fifth of the work of 300 dpi."""

# A run of dark pixels longer than this (points) is a ruling line, not a stroke of a character.
_RULE = 18.0
_DARK = 200  # grey level (0 black … 255 white) below which a pixel is ink (thin rules are grey)
_STRAIGHT = 0.3  # degrees: a page leaning less than this is read as it is
_SKEW_TENTHS = 30  # the skews tried from the ink, in tenths of a degree either way
_TURNED = ("6", "9")  # the digits a half turn makes into each other
_MARK = 12  # pixels of ink: the least a mark (a minus sign at 150 dpi) has
_GUESS = 0.5  # the most confidence a figure read by a guess (a lookalike, a position) keeps
_DIGIT_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("oODQ。", "0"),
        **dict.fromkeys("lI|丨", "1"),
        **dict.fromkeys("?？", "2"),  # a thin 2 whose foot is lost
    }
)


@functools.cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise missing_extra("scanned reports (OCR)", "rapidocr-onnxruntime", "ocr") from exc
    # Not shrunk to 2000 pixels (RapidOCR's default): a long page (a web page printed on one
    # sheet) would have its figures shrunk below what the recogniser reads.
    return RapidOCR(max_side_len=_MAX_SIDE)


@functools.cache
def available() -> bool:
    """Whether the ``ocr`` extra is installed."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None for name in ("rapidocr_onnxruntime", "numpy", "PIL")
    )


def recognise(image: Image) -> list[Line]:
    """Read one page image: text by OCR, ruling lines from the pixels, the layout; then each
    table cell left blank read again on its own (a lone "0" escapes the line detector)."""
    import numpy as np

    engine = _engine()
    page, found, straightened = _upright(engine, image.convert("RGB"))
    grey = np.asarray(page.convert("L"))
    scale = 72.0 / DPI
    chars: list[Char] = []
    sure: list[tuple[float, float, float, float, float]] = []  # each character's box, confidence
    placed: list[Char] = []  # the characters placed by their share of the line (no box of their own)
    for quad, text, confidence, words in found:
        for char, box, certainty in _characters(quad, text, confidence, words, scale):
            chars.append((*box, char))
            sure.append((*box, certainty))
            if not words:
                placed.append((*box, char))
    segments = _closed(_rules(grey, scale, straightened=straightened))
    lines = page_lines(chars, segments)
    again = _again(lines, chars, grey, scale, placed, [b[4] for b in sure])
    if again:
        for box, seen, unexplained, placed_only in again:
            read = _cell(engine, grey, box, scale)
            digits = "".join(text for text, _, _ in read)
            if placed_only:
                # A figure placed by position: the cell read on its own says what it holds, at
                # the recogniser's confidence where it reads the page's figure, doubtful where
                # it reads another; read as nothing, the guess stays, doubtful.
                if digits.lstrip("+-").isdigit():
                    if digits != seen:
                        read = [(text, at, min(certainty, _GUESS)) for text, at, certainty in read]
                    chars, sure = _replace(chars, sure, box, read)
                continue
            if not digits.isdigit() or digits == seen:
                if unexplained:
                    # The ink no character covers is still unexplained: the page's figure is
                    # doubtful, and only the form's sums can confirm it (P002).
                    sure = _surety(sure, box, min, _GUESS)
                elif read and digits == seen:
                    # Read alike on the page and on its own, smoothed and as it is (smoothing
                    # may take away the faint stroke that made the page unsure: the 1 of 10):
                    # as sure as the surer read.
                    plain = _cell(engine, grey, box, scale, smooth=False)
                    if "".join(text for text, _, _ in plain) == seen:
                        surer = min(certainty for _, _, certainty in (*read, *plain))
                        sure = _surety(sure, box, max, surer)
                continue
            if seen.lstrip("+-").isdigit() and all(certainty <= _GUESS for _, _, certainty in read):
                # The page read a figure and the cell on its own no more than a guess at
                # another (a lookalike): the page's figure stays, doubtful (P002).
                sure = _surety(sure, box, min, _GUESS)
                continue
            if seen:
                # The page read something else there (a mark, another figure): two readings
                # disagree, and the cell's own stands, doubtful (P002).
                read = [(text, at, min(certainty, _GUESS)) for text, at, certainty in read]
            chars, sure = _replace(chars, sure, box, read)
        lines = page_lines(chars, segments)
    return [
        attrs.evolve(
            line,
            pieces=tuple(attrs.evolve(piece, confidence=_lowest(sure, piece.box)) for piece in line.pieces),
        )
        for line in lines
    ]


def _replace(
    chars: list[Char],
    sure: list[tuple[float, float, float, float, float]],
    box: tuple[float, float, float, float],
    read: list[tuple[str, tuple[float, float, float, float], float]],
) -> tuple[list[Char], list[tuple[float, float, float, float, float]]]:
    """The page's characters with those of the cell ``box`` replaced by ``read``."""
    keep = [not _holds_centre(box, char) for char in chars]
    chars = [char for char, kept in zip(chars, keep, strict=True) if kept]
    sure = [certainty for certainty, kept in zip(sure, keep, strict=True) if kept]
    for text, at, certainty in read:
        chars.append((*at, text))
        sure.append((*at, certainty))
    return chars, sure


def _surety(
    sure: list[tuple[float, float, float, float, float]],
    box: tuple[float, float, float, float],
    bound: Callable[[float, float], float],
    to: float,
) -> list[tuple[float, float, float, float, float]]:
    """The characters' confidences with those of the cell ``box`` bounded (``min``, ``max``)
    by ``to``."""
    return [(*b[:4], bound(b[4], to)) if _holds_centre(box, b) else b for b in sure]


def _again(
    lines: list[Line],
    chars: list[Char],
    grey: np.ndarray,
    scale: float,
    placed: list[Char],
    confidences: list[float],
) -> list[tuple[tuple[float, float, float, float], str, bool, bool]]:
    """The table cells to read again on their own: each with the page's reading of it,
    whether the cell holds ink that reading leaves unexplained, and whether the page placed
    its figure only by position. ``confidences`` are the characters'."""
    import numpy as np

    from gov_disclosure.parsing import DOUBTFUL

    boxes = np.array([c[:4] for c in chars], dtype=float).reshape(-1, 4)
    centres = np.stack(((boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2), axis=1)
    certainty = np.array(confidences, dtype=float)
    out: list[tuple[tuple[float, float, float, float], str, bool, bool]] = []
    for line in lines:
        if "\t" not in line.text:
            continue  # not a table row
        for piece in line.pieces:
            text = line.text[piece.start : piece.end]
            if text.lstrip("+-").isdigit() and any(_holds_centre(piece.box, c) for c in placed):
                # A line the recogniser gave no character boxes for, cut across the table's
                # cells by the characters' widths: where each figure stands is a guess.
                out.append((piece.box, text, False, True))
            elif _DOUBTFUL.fullmatch(text):
                # A blank cell, or one holding only a dot, a dash, a ring or a bar: a small "0"
                # or "1" the line detector missed or the recogniser took for something else.
                out.append((piece.box, text, False, False))
            elif _LETTERED.fullmatch(text) and not text.isdigit():
                # A letter where a figure stands (a 0 read as D, 10 as IO): no table cell
                # holds a lone Latin letter; the cell read on its own may show the figure.
                out.append((piece.box, text, False, False))
            elif text in _TURNED:
                # RapidOCR turns a text line it thinks upside down, and a lone digit's line is
                # one it may misjudge: a 6 so turned reads 9, and the other way round (0, 1
                # and 8 read the same). The cell read on its own, as it stands, tells.
                out.append((piece.box, text, False, False))
            elif text.lstrip("+-").isdigit() and _uncovered(grey, piece.box, boxes, centres, scale):
                # Ink in a figure's cell that no character read covers: a minus sign or a
                # digit the line detector left out (-3 read as 3).
                out.append((piece.box, text, True, False))
            elif (
                text.lstrip("+-").isdigit()
                and certainty[_inside(centres, piece.box)].min(initial=1.0) < DOUBTFUL
            ):
                # A figure the page read unsure of (a lone 0 at 0.6): a second read of the
                # cell on its own may be sure of it.
                out.append((piece.box, text, False, False))
    return out


def _inner(grey: np.ndarray, box: tuple[float, float, float, float], scale: float) -> np.ndarray:
    """The cell ``box`` of the page's grey pixels, `_INSET` pixels inside its ruling lines,
    without what is left of them there (`_unruled`); it starts at `_inner_origin`."""
    left, top, right, bottom = _wide_cut(box, scale)
    # The rules are found a pixel inside the box, where they stand whole and dark, so their
    # anti-aliased fringe is whited out with them before the cell is cut to its inset.
    wide = grey[top:bottom, left:right]
    trim = _INSET - 1
    if wide.shape[0] <= 2 * trim or wide.shape[1] <= 2 * trim:
        return wide[:0, :0]
    return _unruled(wide)[trim:-trim, trim:-trim]


def _wide_cut(box: tuple[float, float, float, float], scale: float) -> tuple[int, int, int, int]:
    """The page pixels (left, top, right, bottom) a pixel inside ``box``, where `_inner`
    looks for the rules before it trims the cell to its inset."""
    x0, top, x1, bottom = (round(v / scale) for v in box)
    return max(0, x0 + 1), max(0, top + 1), x1 - 1, bottom - 1


def _inner_origin(box: tuple[float, float, float, float], scale: float) -> tuple[int, int]:
    """The page pixel (x, y) where `_inner`'s cut of ``box`` starts."""
    left, top, _, _ = _wide_cut(box, scale)
    return left + _INSET - 1, top + _INSET - 1


def _unruled(grey: np.ndarray) -> np.ndarray:
    """A cell's pixels, cut a pixel inside its box, without its ruling lines.

    A straightened page's rules wander by a pixel or two, so a line of ink along an edge the
    length of the cell may stand well inside it, which the recogniser would read as [ or 1
    (and which no character read covers), and its anti-aliased fringe beside it, read as
    another 1. It is whited out with a pixel beyond it and everything between it and the edge.
    """
    grey = grey.copy()
    # Rows first: a horizontal rule inks a few pixels of every column, which would count
    # towards a stroke near a short cell's edge reading as a vertical rule; the vertical
    # rules are then measured over the rows between the horizontal ones.
    top, bottom = _ruled((grey < _DARK).T)
    grey[:top, :] = 255
    grey[bottom:, :] = 255
    left, right = _ruled(grey[top:bottom] < _DARK)
    grey[:, :left] = 255
    grey[:, right:] = 255
    return grey


def _ruled(ink: np.ndarray) -> tuple[int, int]:
    """The columns of ``ink`` (height × width) ruled off at each side: up to where a line of
    ink running its height near the left edge ends (0 for none), from where one near the
    right edge begins (the width for none)."""
    import numpy as np

    height, width = ink.shape
    if height == 0 or width < 2:
        return 0, width
    # A wandering line has its ink in one of two neighbouring columns at each height: the two
    # together are inked along nearly the whole height, which a figure's stroke is not.
    across = (ink[:, :-1] | ink[:, 1:]).mean(axis=0)
    ruled = np.nonzero(across >= _RULED)[0]
    reach = _EDGE + _INSET - 1
    near = ruled[ruled < reach]
    far = ruled[ruled >= len(across) - reach]
    return (
        int(near.max()) + 3 if near.size else 0,
        max(0, int(far.min()) - 1) if far.size else width,
    )


def _uncovered(
    grey: np.ndarray,
    box: tuple[float, float, float, float],
    boxes: np.ndarray,
    centres: np.ndarray,
    scale: float,
) -> bool:
    """Whether the cell holds ink, off its ruling lines, that none of its characters' boxes
    covers (a mark the size of a minus sign or more)."""
    cell = _inner(grey, box, scale)
    if cell.size == 0:
        return False
    x, y = _inner_origin(box, scale)
    ink = cell < _DARK
    mine = _inside(centres, box)
    # A character's box is drawn tight; two pixels more, no further: a digit the line lost
    # may stand as close as that to the one it read.
    pad = 2
    for cx0, ctop, cx1, cbottom in boxes[mine]:
        ink[
            max(0, round(ctop / scale) - y - pad) : max(0, round(cbottom / scale) - y + pad),
            max(0, round(cx0 / scale) - x - pad) : max(0, round(cx1 / scale) - x + pad),
        ] = False
    return int(ink.sum()) >= _MARK


def _inside(centres: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Which of the characters' ``centres`` the box holds."""
    return (
        (centres[:, 0] >= box[0])
        & (centres[:, 0] <= box[2])
        & (centres[:, 1] >= box[1])
        & (centres[:, 1] <= box[3])
    )


def _upright(engine: Any, page: Image) -> tuple[Image, list[tuple[Any, str, float, Any]], bool]:
    """The page turned the way it reads (off its side, right way up, straight), its text, and
    whether it was straightened."""
    found = _ocr(engine, page)
    if _sideways(found):
        # Text lines standing on end: the page lies on its side.
        for turn in (90, 270):
            turned = page.rotate(turn, expand=True)
            again = _ocr(engine, turned)
            if not _sideways(again) and _score(again) >= _score(found):
                page, found = turned, again
                break
    if _upside_down(engine, page, found):
        page = page.rotate(180, expand=True)
        found = _ocr(engine, page)
    lean = _skew(page)
    if abs(lean) > _STRAIGHT:
        from PIL.Image import Resampling

        # Bicubic: a straightened rule stays one line, not a staircase of short runs.
        page = page.rotate(lean, resample=Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))
        return page, _ocr(engine, page), True
    return page, found, False


def _cell(
    engine: Any,
    grey: np.ndarray,
    box: tuple[float, float, float, float],
    scale: float,
    *,
    smooth: bool = True,
) -> list[tuple[str, tuple[float, float, float, float], float]]:
    """A table cell's content read on its own, inside its ruling lines.

    The recogniser reads a line of text that fills its height: a lone small figure in a wide
    cell, with a scan's speckle around it, it reads as anything (国, D, M). So the speckle is
    smoothed away (a 3 × 3 median) and the figure cut out to its ink, with a white margin. A
    figure of thin, faint strokes (a small 1 or 4) the median smooths away with the speckle:
    where the smoothed cell reads as no figure, the cell as it is is read, and a figure read
    so is doubtful (at most `_GUESS`): speckle may be read as a figure too.
    """
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageFilter

    raw = _inner(grey, box, scale)
    if raw.shape[0] < 8 or raw.shape[1] < 8:
        return []
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    at = (centre[0] - 1, centre[1] - 1, centre[0] + 1, centre[1] + 1)
    if not smooth:  # the cell as it is, to check a smoothed read by (no cap: see the caller)
        return [(text, at, confidence) for text, confidence in _figure(engine, raw)]
    smoothed = np.asarray(PILImage.fromarray(raw).filter(ImageFilter.MedianFilter(3)))
    out = [(text, at, confidence) for text, confidence in _figure(engine, smoothed)]
    if not "".join(text for text, _, _ in out).lstrip("+-").isdigit():
        again = [(text, at, min(confidence, _GUESS)) for text, confidence in _figure(engine, raw)]
        if "".join(text for text, _, _ in again).lstrip("+-").isdigit():
            out = again
    return out


def _figure(engine: Any, grey: np.ndarray) -> list[tuple[str, float]]:
    """What the recogniser reads of a cell's ink, cut out with a white margin; nothing where
    the cell has no ink."""
    import numpy as np

    ink = grey < _DARK
    if ink.sum() < _MARK:  # nothing inked: the cell is blank
        return []
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    figure = grey[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    margin = 6  # pixels of white around the figure, as around a line the detector finds
    framed = np.full((figure.shape[0] + 2 * margin, figure.shape[1] + 2 * margin), 255, dtype=np.uint8)
    framed[margin:-margin, margin:-margin] = figure
    result, _ = engine(np.stack([framed] * 3, axis=2), use_det=False, use_cls=False, use_rec=True)
    out = []
    for read, score in result or ():
        text, confidence = str(read).strip(), float(score)
        # Alone in a table's cell, a round mark may be the small 0 it stands for (o, 。), a
        # bar the 1 (l, |), a hook the 2 (?): read as the digit, but at no more than half the
        # confidence, so the figure is doubtful and stays only where the form's sums confirm
        # it (P002).
        digits = text.translate(_DIGIT_LOOKALIKES)
        if digits.isdigit() and digits != text:
            text, confidence = digits, min(confidence, _GUESS)
        if text:
            out.append((text, confidence))
    return out


def _ocr(engine: Any, page: Image) -> list[tuple[Any, str, float, Any]]:
    """RapidOCR's text lines: (quad, text, confidence, its characters' boxes and confidences)."""
    import numpy as np

    result, _ = engine(np.asarray(page), return_word_box=True)
    out = []
    for item in result or ():
        quad, text, confidence = item[0], str(item[1]), float(item[2])
        words = (item[3], item[4], item[5]) if len(item) > 5 else None
        if text.strip():
            out.append((quad, text, confidence, words))
    return out


def _width(quad: Sequence[Sequence[float]]) -> tuple[float, float]:
    """A quad's length along its text and across it."""
    (x0, y0), (x1, y1), _, (x3, y3) = quad[0], quad[1], quad[2], quad[3]
    return math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)


def _sideways(found: list[tuple[Any, str, float, Any]]) -> bool:
    """Most of the page's text (by characters) stands in boxes taller than wide."""
    tall = wide = 0
    for quad, text, _, _ in found:
        along, across = _width(quad)
        if len(text) >= 3:
            if across > along:
                tall += len(text)
            else:
                wide += len(text)
    return tall > wide


def _score(found: list[tuple[Any, str, float, Any]]) -> float:
    return sum(confidence * len(text) for _, text, confidence, _ in found)


def _upside_down(engine: Any, page: Image, found: list[tuple[Any, str, float, Any]]) -> bool:
    """Whether the page reads better turned half round (its lines recognised with more
    confidence): RapidOCR turns each line crop it thinks upside down, but not the page."""
    if not found:
        return False
    turned = (
        _ocr(engine, page.rotate(180, expand=True))
        if _score(found) < 0.9 * sum(len(text) for _, text, _, _ in found)
        else []
    )
    return bool(turned) and _score(turned) > 1.1 * _score(found)


def _skew(page: Image) -> float:
    """The angle (degrees, counter-clockwise) that sets the page straight, from its ink: the
    turn under which the rows of ink (ruling lines, lines of text) stand sharpest, that is,
    under which the sum of the squared row sums is greatest."""
    import numpy as np

    small = page.convert("L").reduce(4)
    best, best_score = 0.0, -1.0
    for tenth in range(-_SKEW_TENTHS, _SKEW_TENTHS + 1):
        angle = tenth / 10
        turned = np.asarray(small.rotate(angle, fillcolor=255)) < _DARK
        rows = turned.sum(axis=1, dtype=np.int64)
        score = float((rows * rows).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def _characters(
    quad: Any, text: str, confidence: float, words: Any, scale: float
) -> list[tuple[str, tuple[float, float, float, float], float]]:
    """A text line's characters with their boxes (points) and confidences, where RapidOCR
    places them. Without its character boxes, each stands in its share of the line's box (a
    Chinese character two Latin ones wide): a guess by position, so at no more than half the
    line's confidence, which makes every figure read so doubtful (kept only where the form's
    sums confirm it; `gov_disclosure.parsing._doubt`). White space is left out: the layout
    spaces words by their gaps."""
    xs = [p[0] * scale for p in quad]
    ys = [p[1] * scale for p in quad]
    x0, top, x1, bottom = min(xs), min(ys), max(xs), max(ys)
    out = []
    if words:
        for box, char, certainty in zip(*words, strict=False):
            if str(char).strip():
                left = min(p[0] for p in box) * scale
                right = max(p[0] for p in box) * scale
                out.append((str(char), (left, top, right, bottom), float(certainty)))
        return out
    weights = [1.0 if ord(c) > 0x2E7F else 0.5 for c in text]
    step = (x1 - x0) / sum(weights)
    at = x0
    for char, weight in zip(text, weights, strict=True):
        if char.strip():
            out.append((char, (at, top, at + weight * step, bottom), min(confidence, _GUESS)))
        at += weight * step
    return out


def _rules(grey: np.ndarray, scale: float, *, straightened: bool = False) -> list[Segment]:
    """Ruling lines: runs of ink across and down longer than `_RULE` points.

    On a straightened page a rule is smeared over two rows of pixels and wanders from one to
    the other along its length (what is left of the skew): there, ink in either of two
    neighbouring rows counts, or the rule breaks into runs too short to be one. Not on a page
    read as it was scanned: there the two rows would join strokes of neighbouring characters.
    """
    import numpy as np

    ink = grey < _DARK
    least = max(2, int(_RULE / scale))
    segments: list[Segment] = []
    for flip in (False, True):
        plane = ink.T if flip else ink
        if straightened:
            plane = plane.copy()
            plane[1:] |= plane[:-1].copy()
        padded = np.zeros((plane.shape[0], plane.shape[1] + 2), dtype=np.int8)
        padded[:, 1:-1] = plane
        steps = np.diff(padded, axis=1)
        rows, starts = np.nonzero(steps == 1)
        _, ends = np.nonzero(steps == -1)
        long = (ends - starts) >= least
        for row, start, end in zip(rows[long], starts[long], ends[long], strict=True):
            at = (row + 0.5) * scale
            if flip:
                segments.append((at, start * scale, at, end * scale))
            else:
                segments.append((start * scale, at, end * scale, at))
    return segments


def _holds_centre(
    box: tuple[float, float, float, float], thing: tuple[float, float, float, float, Any]
) -> bool:
    """Whether ``box`` holds the centre of ``thing``'s box (its first four numbers)."""
    x, y = (thing[0] + thing[2]) / 2, (thing[1] + thing[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _closed(segments: list[Segment]) -> list[Segment]:
    """The rules, with a table cut by the page's edge closed where its columns' rules end.

    A table running on to the next page often has no rule under its last row on the page (a
    text layer still draws the cells' edges there, a scan shows nothing): where two vertical
    rules or more end together with no horizontal rule across them, one is drawn; likewise
    where they begin.
    """
    horizontal, vertical = _edges(segments)
    ends: dict[int, list[tuple[float, float]]] = {}
    for x, top, bottom in vertical:
        for y in (top, bottom):
            ends.setdefault(round(y / _CLOSE), []).append((x, y))
    added: list[Segment] = []
    for group in ends.values():
        if len(group) < 2:
            continue
        y = sum(at for _, at in group) / len(group)
        x0, x1 = min(x for x, _ in group), max(x for x, _ in group)
        across = (
            abs(at - y) <= _CLOSE and low <= x0 + _CLOSE and high >= x1 - _CLOSE
            for at, low, high in horizontal
        )
        if not any(across):
            added.append((x0, y, x1, y))
    return segments + added


# A cell's whole text when it is read again on its own: nothing, or a dot, a dash, a ring, a
# bar or a cross alone (a small 0, 1 or 4 the recogniser took for a letter or punctuation:
# 。 o I l | +).
_DOUBTFUL = re.compile(r"[。.·•\-—–一_oOIl|丨+＋十]{0,2}")
# A short run of Latin letters and digits: in a table row, a figure misread (0 as D).
_LETTERED = re.compile(r"[0-9A-Za-z]{1,3}")
_INSET = 4  # pixels: a cell is read this far inside its box, off the ruling lines
_EDGE = 6  # pixels: how far in from a cell's inset edge a ruling line's remnant may stand
_RULED = 0.9  # the share of a cell's height (or width) a remnant of a ruling line inks
_MAX_SIDE = 12_000  # pixels: a page 2 m long at 150 dpi
_CLOSE = 3.0  # points: rules ending this close end together (the layout's snap)


def _lowest(
    boxes: list[tuple[float, float, float, float, float]], box: tuple[float, float, float, float]
) -> float:
    """The lowest confidence of the characters whose centres the box holds (1.0 for none)."""
    x0, top, x1, bottom = box
    inside = [
        confidence
        for bx0, btop, bx1, bbottom, confidence in boxes
        if x0 - 1 <= (bx0 + bx1) / 2 <= x1 + 1 and top - 1 <= (btop + bbottom) / 2 <= bottom + 1
    ]
    return min(inside, default=1.0)
