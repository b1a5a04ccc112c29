"""Stand shapes: polygons in metres on a hall's plan."""

import math

from django.utils.translation import gettext as _
from shapely.geometry import Polygon
from shapely.validation import explain_validity

# Shared edges are fine (rows of shell-scheme stands); any overlap of real area is not.
OVERLAP_TOLERANCE_M2 = 1e-6


class ShapeError(ValueError):
    pass


def polygon_from_points(points) -> Polygon:
    """The stand's polygon; ShapeError with a message for the organiser (in the page's language,
    never the geometry library's own wording)."""
    if not isinstance(points, list | tuple) or len(points) < 3:
        raise ShapeError(_("A stand's shape needs at least three corners."))
    try:
        corners = [(float(x), float(y)) for x, y in points]
    except (TypeError, ValueError) as error:
        raise ShapeError(_("Each corner must be a pair of numbers x, y in metres.")) from error
    if not all(math.isfinite(value) for corner in corners for value in corner):
        raise ShapeError(_("Each corner must be a pair of numbers x, y in metres."))
    polygon = Polygon(corners)
    if polygon.convex_hull.area <= 0:  # every corner on one line (or one point)
        raise ShapeError(_("The shape has no area: its corners lie on one line or on one point."))
    if not polygon.is_valid and "Self-intersection" in explain_validity(polygon):
        raise ShapeError(_("The shape's sides cross each other: list the corners in order around the stand."))
    if polygon.area <= 0:
        raise ShapeError(_("The shape has no area: its corners lie on one line or on one point."))
    if not polygon.is_valid:
        raise ShapeError(_("The corners do not make one simple shape: list them in order around the stand."))
    return polygon


def area_m2(points) -> float:
    return round(polygon_from_points(points).area, 2)


def overlaps(points_a, points_b) -> bool:
    return polygon_from_points(points_a).intersection(polygon_from_points(points_b)).area > OVERLAP_TOLERANCE_M2


def rectangle(x: float, y: float, width: float, depth: float) -> list[list[float]]:
    return [[x, y], [x + width, y], [x + width, y + depth], [x, y + depth]]
