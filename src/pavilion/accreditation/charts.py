"""The occupancy dashboard's chart, drawn on the server as SVG: entries per hour of one day."""

from django.utils.html import escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 40, 24, 12


def entries_chart(counts: list[tuple[int, int]], *, title: str) -> str:
    """A bar per hour; the axis is scaled to a round maximum so the bars stay readable."""
    peak = max((count for _hour, count in counts), default=0)
    scale = _round_up(peak)
    plot_width, plot_height = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    bar = plot_width / max(len(counts), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'class="entries-chart" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for step in range(5):
        value = scale * step // 4
        y = TOP + plot_height - plot_height * step / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dde3ea"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{value}</text>')
    for index, (hour, count) in enumerate(counts):
        height = plot_height * count / scale if scale else 0
        x = LEFT + index * bar
        parts.append(f'<rect x="{x + 1:.1f}" y="{TOP + plot_height - height:.1f}" width="{bar - 2:.1f}" '
                     f'height="{height:.1f}" fill="#1f4e79" data-hour="{hour}" data-count="{count}">'
                     f'<title>{hour:02d}:00 {count}</title></rect>')
        if hour % 3 == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
                         f'font-size="10">{hour:02d}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _round_up(value: int) -> int:
    """The smallest of 4, 8, 20, 40, 80, 200, ... that is at least value (ticks at quarters)."""
    magnitude = 1
    while True:
        for step in (4, 8, 20):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10
