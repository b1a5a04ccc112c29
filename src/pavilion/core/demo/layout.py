"""The demo's halls and their stand layouts: rows and aisles of shell-scheme stands, space-only
islands and outdoor plots, drawn band by band so that no two stands of a hall overlap."""

import random
from dataclasses import dataclass
from string import ascii_uppercase

from pavilion.core.demo import ADEX, SECUREX
from pavilion.events.geometry import rectangle

WALL = 5  # metres kept clear along the hall's walls
AISLE = 4  # between bands of stands, and the cross aisles every CROSS_AISLE_EVERY metres
CROSS_AISLE_EVERY = 30
ROAD = 8  # between rows of outdoor plots
ROW_DEPTH = 3  # one row of shell-scheme stands; a band is two rows back to back
BAND_DEPTH = {"shell": 2 * ROW_DEPTH, "island": 12, "plot": 15}
STAND_KIND = {"shell": "shell", "island": "space", "plot": "outdoor"}


@dataclass(frozen=True)
class HallSpec:
    code: str
    names: tuple[str, str, str]  # en, az, ru
    kind: str  # indoor or outdoor
    width: int
    depth: int
    bands: tuple[tuple[str, str], ...]  # (band kind, show slug), from the entrance inwards
    pavilions: tuple[str, ...] = ()  # shows whose national pavilions stand at the start of this hall
    stand_prefix: str = ""

    @property
    def prefix(self) -> str:
        return self.stand_prefix or self.code


# Sizes are of the order of the Baku Expo Center's halls; the layouts are invented.
HALLS = (
    HallSpec(
        "1", ("Hall 1", "1 saylı zal", "Зал 1"), "indoor", 108, 80,
        (("shell", ADEX), ("shell", ADEX), ("island", ADEX), ("island", ADEX), ("shell", ADEX), ("shell", ADEX)),
    ),
    HallSpec(
        "2", ("Hall 2", "2 saylı zal", "Зал 2"), "indoor", 96, 60,
        (("shell", ADEX), ("shell", ADEX), ("island", ADEX), ("shell", ADEX)),
        pavilions=(ADEX,),
    ),
    HallSpec(
        "3", ("Hall 3", "3 saylı zal", "Зал 3"), "indoor", 84, 60,
        (("shell", SECUREX), ("shell", SECUREX), ("island", SECUREX), ("shell", SECUREX)),
        pavilions=(SECUREX,),
    ),
    HallSpec(
        "OD", ("Outdoor static display", "Açıq ərazidə statik nümayiş", "Открытая площадка статической экспозиции"),
        "outdoor", 170, 80, (("plot", ADEX), ("plot", ADEX), ("plot", SECUREX)), stand_prefix="OD-",
    ),
)


@dataclass(frozen=True)
class StandPlan:
    hall: str
    code: str
    show: str
    kind: str  # shell, space or outdoor
    polygon: list

    @property
    def key(self) -> tuple[str, str]:
        return (self.hall, self.code)

    @property
    def area(self) -> float:
        (x0, y0), _, (x1, y1), _ = self.polygon
        return (x1 - x0) * (y1 - y0)


def plan_halls(seed: int = 2024) -> list[StandPlan]:
    stands = []
    for spec in HALLS:
        stands.extend(plan_hall(spec, random.Random(f"{seed}:layout:{spec.code}")))
    return stands


def plan_hall(spec: HallSpec, rng: random.Random) -> list[StandPlan]:
    stands = []
    gap = AISLE if spec.kind == "indoor" else ROAD
    y = WALL + 1
    for index, (band, show) in enumerate(spec.bands):
        builder = {"shell": _shell_band, "island": _island_band, "plot": _plot_band}[band]
        for number, polygon in enumerate(builder(spec, y, rng), 1):
            code = f"{spec.prefix}{ascii_uppercase[index]}{number:02d}"
            stands.append(StandPlan(spec.code, code, show, STAND_KIND[band], polygon))
        y += BAND_DEPTH[band] + gap
    if y - gap > spec.depth - WALL:
        raise ValueError(f"hall {spec.code}: the bands need {y - gap + WALL} m but the hall is {spec.depth} m deep")
    return stands


def _segments(spec: HallSpec):
    """Stretches of a band between cross aisles."""
    x, end = WALL, spec.width - WALL
    while end - x >= ROW_DEPTH:
        yield x, min(x + CROSS_AISLE_EVERY, end)
        x += CROSS_AISLE_EVERY + AISLE


def _shell_band(spec: HallSpec, y: int, rng: random.Random):
    """Pairs of back-to-back stands (9–24 m²), now and then one deep stand across both rows (18–36 m²)."""
    for start, end in _segments(spec):
        x = start
        while end - x >= 3:
            remaining = end - x
            width = rng.choice((3, 4, 5, 6))
            if width > remaining or remaining - width < 3:
                width = remaining  # the last stand of a stretch takes what is left (at most 8 m)
            if width <= 6 and rng.random() < 0.25:
                yield rectangle(x, y, width, 2 * ROW_DEPTH)
            else:
                yield rectangle(x, y, width, ROW_DEPTH)
                yield rectangle(x, y + ROW_DEPTH, width, ROW_DEPTH)
            x += width


def _island_band(spec: HallSpec, y: int, rng: random.Random):
    """Space-only islands with aisles all round: 120–216 m²."""
    x, end = WALL, spec.width - WALL
    while end - x >= 10:
        width = min(rng.choice((10, 12, 15, 18)), end - x)
        yield rectangle(x, y, width, BAND_DEPTH["island"])
        x += width + AISLE


def _plot_band(spec: HallSpec, y: int, rng: random.Random):
    """Outdoor plots for vehicles and systems: 225–375 m², with roads between them."""
    x, end = WALL, spec.width - WALL
    while end - x >= 15:
        width = min(rng.choice((15, 20, 25)), end - x)
        yield rectangle(x, y, width, BAND_DEPTH["plot"])
        x += width + 6
