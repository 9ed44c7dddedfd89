"""Draw figure descriptions as TikZ (LaTeX) and SVG (Markdown).

Coordinates are written with fixed decimals so the output is byte-identical for a
seed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from examgen.figures import BoxesFigure, Figure, GraphFigure

# SVG pixels per grid unit, and TikZ centimetres per grid unit.
SVG_SCALE = 24
TIKZ_SCALE = 0.5
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
TIKZ_COLORS = ("blue", "red", "green!60!black", "violet")


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def to_tikz(figure: Figure) -> str:
    """Return a centred tikzpicture for `figure`."""
    if isinstance(figure, BoxesFigure):
        body = _boxes_tikz(figure)
    else:
        body = _graph_tikz(figure)
    return "\\begin{center}\n\\begin{tikzpicture}\n" + body + "\\end{tikzpicture}\n\\end{center}"


def _boxes_tikz(figure: BoxesFigure) -> str:
    # TikZ's y axis points up, so image rows are negated.
    s = TIKZ_SCALE
    lines = [f"\\draw[step={_num(s)},gray!30,very thin] (0,0) grid "
             f"({_num(figure.width * s)},{_num(-figure.height * s)});",
             f"\\draw[gray] (0,0) rectangle ({_num(figure.width * s)},{_num(-figure.height * s)});"]
    for index in range(0, figure.width + 1, 2):
        lines.append(f"\\node[above,font=\\tiny] at ({_num(index * s)},0) {{{index}}};")
    for index in range(0, figure.height + 1, 2):
        lines.append(f"\\node[left,font=\\tiny] at (0,{_num(-index * s)}) {{{index}}};")
    for number, box in enumerate(figure.boxes):
        color = TIKZ_COLORS[number % len(TIKZ_COLORS)]
        style = f"{color},thick" + (",dashed" if box.dashed else "")
        x0, y0 = box.x * s, -box.y * s
        x1, y1 = (box.x + box.w) * s, -(box.y + box.h) * s
        lines.append(f"\\draw[{style}] ({_num(x0)},{_num(y0)}) rectangle ({_num(x1)},{_num(y1)});")
        lines.append(f"\\node[{color},below right,font=\\small] at ({_num(x0)},{_num(y0)}) "
                     f"{{{box.label}}};")
    return "\n".join(lines) + "\n"


def _graph_tikz(figure: GraphFigure) -> str:
    lines = [f"\\node[draw, circle, minimum size=9mm] ({n.name}) at "
             f"({_num(n.x * 2.2)},{_num(n.y * 1.6)}) {{${n.tex}$}};"
             for n in figure.nodes]
    lines += [f"\\draw[->, thick] ({a}) -- ({b});" for a, b in figure.edges]
    return "\n".join(lines) + "\n"


def to_svg(figure: Figure) -> str:
    """Return a standalone SVG document for `figure`."""
    if isinstance(figure, BoxesFigure):
        return _boxes_svg(figure)
    return _graph_svg(figure)


def _svg(width: float, height: float, body: list[str]) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
            f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
            'font-family="sans-serif">')
    return "\n".join([head, *body, "</svg>"]) + "\n"


def _boxes_svg(figure: BoxesFigure) -> str:
    s, margin = SVG_SCALE, 20
    body = []
    for index in range(figure.width + 1):
        x = margin + index * s
        body.append(f'<line x1="{x}" y1="{margin}" x2="{x}" y2="{margin + figure.height * s}" '
                    'stroke="#ddd"/>')
        if index % 2 == 0:
            body.append(f'<text x="{x}" y="{margin - 6}" font-size="10" '
                        f'text-anchor="middle">{index}</text>')
    for index in range(figure.height + 1):
        y = margin + index * s
        body.append(f'<line x1="{margin}" y1="{y}" x2="{margin + figure.width * s}" y2="{y}" '
                    'stroke="#ddd"/>')
        if index % 2 == 0:
            body.append(f'<text x="{margin - 6}" y="{y + 4}" font-size="10" '
                        f'text-anchor="end">{index}</text>')
    for number, box in enumerate(figure.boxes):
        color = COLORS[number % len(COLORS)]
        dash = ' stroke-dasharray="6 4"' if box.dashed else ""
        left, top = margin + box.x * s, margin + box.y * s
        body.append(f'<rect x="{_num(left)}" y="{_num(top)}" width="{_num(box.w * s)}" '
                    f'height="{_num(box.h * s)}" fill="none" stroke="{color}" '
                    f'stroke-width="2"{dash}/>')
        body.append(f'<text x="{_num(left + 4)}" y="{_num(top + 14)}" font-size="13" '
                    f'fill="{color}">{escape(box.label)}</text>')
    return _svg(2 * margin + figure.width * s, 2 * margin + figure.height * s, body)


def _graph_svg(figure: GraphFigure) -> str:
    scale_x, scale_y, radius, margin = 110, 80, 22, 30
    top = max(n.y for n in figure.nodes)
    positions = {n.name: (margin + radius + n.x * scale_x, margin + radius + (top - n.y) * scale_y)
                 for n in figure.nodes}
    width = max(p[0] for p in positions.values()) + radius + margin
    height = max(p[1] for p in positions.values()) + radius + margin
    body = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>']
    for source, target in figure.edges:
        (x0, y0), (x1, y1) = positions[source], positions[target]
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        dx, dy = (x1 - x0) / length * radius, (y1 - y0) / length * radius
        body.append(f'<line x1="{_num(x0 + dx)}" y1="{_num(y0 + dy)}" x2="{_num(x1 - dx)}" '
                    f'y2="{_num(y1 - dy)}" stroke="black" stroke-width="1.5" '
                    'marker-end="url(#arrow)"/>')
    for node in figure.nodes:
        x, y = positions[node.name]
        body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{radius}" fill="white" '
                    'stroke="black"/>')
        body.append(f'<text x="{_num(x)}" y="{_num(y + 5)}" font-size="14" '
                    f'text-anchor="middle">{escape(node.text)}</text>')
    return _svg(width, height, body)
