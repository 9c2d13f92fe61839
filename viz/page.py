"""The interactive graph page: one self-contained HTML file (pyvis + vis-network), offline and safe.

pyvis builds the node and edge records; the page comes from ``viz/templates/page.html`` (a
changed copy of pyvis's template) rendered in an autoescaping Jinja environment, with
vis-network, tom-select and pyvis's ``utils.js`` inlined from the pyvis package, so opening the
page makes no network request. Names and sentences reach the browser only as JSON inside the
script (``|tojson`` escapes ``<``, ``>``, ``&``, ``'``) or as autoescaped text; tooltips are built
as DOM nodes with ``textContent``. Links to sources are only ``http``/``https`` URLs or local
files (``file://``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.viz import view as views

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "page.html"
#: Evidence sentences shown per edge (the rest are counted).
MAX_EVIDENCE_SHOWN = 5
#: Above this many edges, edges are drawn straight (cheaper than curves) and hidden while dragging.
LARGE_EDGE_COUNT = 1500


def check_output_path(path: str, suffix: str, flag: str) -> Path:
    """The output file's path, after checking its suffix and that its folder exists."""
    target = Path(path)
    if target.suffix.lower() != suffix:
        raise BadInput(f"{flag} {path}: the file name must end in {suffix}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"{flag} {path}: folder {folder} does not exist; create it first")
    if target.is_dir():
        raise BadInput(f"{flag} {path} is a folder; give a file name ending in {suffix}")
    return target


def source_link(source: str) -> str | None:
    """A safe href for an evidence source: http(s) URLs as they are, existing-looking absolute
    paths as ``file://`` URIs; anything else (``javascript:``, relative paths) gets no link."""
    if not source:
        return None
    parsed = urlparse(source)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return source
    if parsed.scheme == "file":
        return source
    if os.path.isabs(source):
        try:
            return Path(source).as_uri()
        except ValueError:
            return None
    return None


def _assets() -> dict[str, str]:
    """The JS/CSS pyvis ships, read from the installed pyvis package (nothing downloaded)."""
    from markupsafe import Markup
    import pyvis
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    files = {
        "utils_js": lib / "bindings" / "utils.js",
        "vis_css": lib / "vis-9.1.2" / "vis-network.css",
        "vis_js": lib / "vis-9.1.2" / "vis-network.min.js",
        "tom_css": lib / "tom-select" / "tom-select.css",
        "tom_js": lib / "tom-select" / "tom-select.complete.min.js",
    }
    assets = {}
    for key, path in files.items():
        text = path.read_text(encoding="utf-8")
        # An asset must not be able to end its own <script>/<style> element early.
        if "</script" in text.lower() or "</style" in text.lower():
            raise BadInput(f"pyvis asset {path} contains a closing tag and cannot be inlined; "
                           "reinstall pyvis>=0.3.2,<0.4")
        assets[key] = Markup(text)
    return assets


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _node_info(view: views.View, node: str) -> dict:
    data = view.graph.nodes[node]
    scores = [[view.size_by, _fmt(view.scores.get(node, 0.0))],
              ["neighbours", str(view.degrees.get(node, 0))],
              ["community", str(view.communities.get(node, -1))]]
    return {"id": node, "name": data.get("name") or node, "type": data.get("type") or views.UNKNOWN_TYPE,
            "aliases": list(data.get("aliases") or []), "scores": scores}


def _edge_info(graph: nx.MultiDiGraph, u: str, v: str, data: dict) -> dict:
    evidence = []
    for ev in (data.get("evidence") or [])[:MAX_EVIDENCE_SHOWN]:
        source = ev.get("source") or ""
        label = ev.get("title") or source or ev.get("document_id") or "unknown source"
        evidence.append({"sentence": ev.get("sentence") or "", "label": label,
                         "href": source_link(source)})
    total = data.get("evidence_count", len(data.get("evidence") or []))
    return {"subject": graph.nodes[u].get("name") or u, "object": graph.nodes[v].get("name") or v,
            "predicate": data.get("predicate") or "", "role": data.get("role") or "",
            "confidence": _fmt(float(data.get("confidence") or 0.0)), "evidence_count": total,
            "evidence": evidence, "more": max(0, total - len(evidence))}


def _options(view: views.View) -> dict:
    n_nodes, n_edges = view.graph.number_of_nodes(), view.graph.number_of_edges()
    precomputed = view.positions is not None
    large = n_edges > LARGE_EDGE_COUNT
    return {
        "autoResize": True,
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "system-ui, sans-serif"},
                  "borderWidth": 1,
                  # names smaller than this many screen pixels are not drawn (zoomed-out clutter)
                  "scaling": {"label": {"drawThreshold": 7}}},
        "edges": {"font": {"size": 10, "align": "middle", "color": "#555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "smooth": False if (large or precomputed) else {"enabled": True, "type": "dynamic"},
                  "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "navigationButtons": False, "keyboard": False},
        "physics": {
            "enabled": not precomputed,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                 "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 300 if n_nodes <= 300 else 1000,
                              "updateInterval": 50, "fit": True},
        },
        "layout": {"randomSeed": 0, "improvedLayout": n_nodes <= 150},
    }


def build_page(view: views.View, title: str | None = None) -> str:
    """The page's HTML for ``view`` (see :func:`render_page`)."""
    from jinja2 import Environment, FileSystemLoader
    from pyvis.network import Network

    graph = view.graph
    precomputed = view.positions is not None
    net = Network(height="calc(100vh - 120px)", width="100%", directed=True, select_menu=True,
                  filter_menu=True, cdn_resources="in_line", heading=title or "freelance-kg graph")
    # Our template (pyvis's, made safe and offline) in an autoescaping environment.
    net.templateEnv = Environment(loader=FileSystemLoader([str(TEMPLATE_DIR)]), autoescape=True)
    net.path = TEMPLATE

    order = sorted(graph.nodes, key=lambda n: (-view.scores.get(n, 0.0), n))
    node_info = {}
    for node in order:
        info = _node_info(view, node)
        node_info[node] = info
        extra = {}
        if precomputed:
            x, y = view.positions[node]
            extra = {"x": x, "y": y}
        # bigger nodes get bigger names, so the central ones stay readable when zoomed out
        font_size = round(12 + (view.sizes[node] - views.MIN_NODE_SIZE) * 0.35)
        net.add_node(node, label=info["name"], color=view.colors[node], size=view.sizes[node],
                     font={"size": font_size},
                     type=info["type"], community=str(view.communities.get(node, -1)),
                     borderWidth=3 if node == view.focus else 1, **extra)

    edge_info = {}
    relations: dict[str, list] = {node: [] for node in graph}
    parallel: dict[frozenset, int] = {}
    for index, (u, v, key, data) in enumerate(sorted(graph.edges(keys=True, data=True),
                                                     key=lambda e: (e[0], e[1], str(e[2])))):
        edge_id = f"e{index}"
        predicate = data.get("predicate") or str(key)
        edge_info[edge_id] = _edge_info(graph, u, v, data)
        relations[u].append(edge_id)
        if v != u:
            relations[v].append(edge_id)
        pair = frozenset((u, v))
        rank = parallel.get(pair, 0)
        parallel[pair] = rank + 1
        options = {}
        if rank:   # parallel edges (two predicates between one pair) curve apart
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * rank}
        symmetric = predicate in views.schema.SYMMETRIC
        colour = views.PREDICATE_COLORS.get(predicate, "#999999")
        count = int(data.get("evidence_count") or 0)
        net.add_edge(u, v, id=edge_id, label=predicate, predicate=predicate,
                     color={"color": colour, "highlight": colour, "hover": colour, "inherit": False,
                            "opacity": 0.85},
                     arrows={"to": {"enabled": not symmetric, "scaleFactor": 0.6}},
                     width=round(1 + math.log2(1 + count), 2), **options)

    for node, edge_ids in relations.items():
        # clicking a node lists its relations with their evidence (built in the page from
        # edge_info): strongest evidence first, then by predicate
        node_info[node]["relations"] = sorted(
            edge_ids, key=lambda e: (-edge_info[e]["evidence_count"], edge_info[e]["predicate"], e))
    net.options = _options(view)
    subheading = (f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} links"
                  + (" | " + "; ".join(view.description) if view.description else "")
                  + (" | layout precomputed (seeded)" if precomputed else ""))
    env = net.templateEnv
    env.globals.update(
        assets=_assets(), subheading=subheading, node_info=node_info, edge_info=edge_info,
        precomputed=precomputed, legend=view.legend,
        predicate_legend=[(p, views.PREDICATE_COLORS.get(p, "#999999")) for p in view.predicates],
        color_title="entity type" if view.color_by == "type" else "community",
        size_title={"pagerank": "PageRank", "degree": "degree centrality",
                    "betweenness": "betweenness centrality"}[view.size_by],
        node_options=sorted(({"id": n, "label": f"{node_info[n]['name']} ({node_info[n]['type']})"}
                             for n in order), key=lambda o: (o["label"].casefold(), o["id"])),
        vis_options=net.options,
    )
    return net.generate_html(name="page.html")


def render_page(view: views.View, path: str, title: str | None = None) -> Path:
    """Write the page for an already prepared view to ``path``."""
    target = check_output_path(path, ".html", "-o")
    html = build_page(view, title=title)
    target.write_text(html, encoding="utf-8")
    return target


def write_page(graph: nx.MultiDiGraph, path: str, *, title: str | None = None, **view_options) -> dict:
    """Filter ``graph`` (options of :func:`freelance_kg.viz.view.prepare_view`) and write the
    interactive page to ``path``. Returns the summary of :func:`freelance_kg.viz.view.draw`."""
    return views.draw(graph, html=path, title=title, **view_options)
