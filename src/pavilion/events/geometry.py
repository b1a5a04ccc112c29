"""Stand shapes: polygons in metres on a hall's plan."""

from shapely.geometry import Polygon
from shapely.validation import explain_validity

# Shared edges are fine (rows of shell-scheme stands); any overlap of real area is not.
OVERLAP_TOLERANCE_M2 = 1e-6


class ShapeError(ValueError):
    pass


def polygon_from_points(points) -> Polygon:
    if not isinstance(points, list | tuple) or len(points) < 3:
        raise ShapeError("a stand's shape needs at least three corners")
    try:
        corners = [(float(x), float(y)) for x, y in points]
    except (TypeError, ValueError) as error:
        raise ShapeError("each corner must be a pair of numbers [x, y] in metres") from error
    polygon = Polygon(corners)
    if not polygon.is_valid:
        raise ShapeError(f"the shape is not a simple polygon ({explain_validity(polygon)})")
    if polygon.area <= 0:
        raise ShapeError("the shape has no area")
    return polygon


def area_m2(points) -> float:
    return round(polygon_from_points(points).area, 2)


def overlaps(points_a, points_b) -> bool:
    return polygon_from_points(points_a).intersection(polygon_from_points(points_b)).area > OVERLAP_TOLERANCE_M2


def rectangle(x: float, y: float, width: float, depth: float) -> list[list[float]]:
    return [[x, y], [x + width, y], [x + width, y + depth], [x, y + depth]]
