"""The page's HTML, read as text and parsed (the browser tests check what it does)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from freelance_kg.graph import identity
from freelance_kg.viz import page, view as views


class Elements(HTMLParser):
    """Every start tag with its attributes; the text of each <script>."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in_script = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def page_data(html: str, variable: str):
    """The JSON a ``var NAME = ...;`` line of the page carries, decoded."""
    match = re.search(rf"^\s*var {variable} = (.*);$", html, re.MULTILINE)
    assert match, f"{variable} not found in the page"
    return json.loads(match.group(1))


@pytest.fixture
def small_html(small_graph):
    return page.build_page(views.prepare_view(small_graph), title="Test <page>")


def test_hostile_text_never_appears_as_markup(small_html, hostile):
    assert hostile["name"] not in small_html
    assert "</script><script>alert(2)" not in small_html
    elements = Elements(small_html)
    assert [t for t, _ in elements.tags if t in ("img", "iframe", "object", "embed", "link")] == []
    # exactly our four scripts: utils.js, vis-network, tom-select, the page's own
    assert len(elements.scripts) == 4
    assert "Test &lt;page&gt;" in small_html


def test_names_and_sentences_round_trip_exactly(small_graph, small_html, hostile):
    nodes = page_data(small_html, "FKG_NODES")
    assert {n["id"]: n["label"] for n in nodes} == {n: d["name"] for n, d in small_graph.nodes(data=True)}
    edge_info = page_data(small_html, "FKG_EDGE_INFO")
    sentences = {ev["sentence"] for info in edge_info.values() for ev in info["evidence"]}
    assert hostile["sentence"] in sentences
    node_info = page_data(small_html, "FKG_NODE_INFO")
    ada = node_info[identity.entity_id("Ada Byron", "Person")]
    assert ada["aliases"] == ["Byron", "Countess Ada"]
    assert [row[0] for row in ada["scores"]] == ["pagerank", "neighbours", "community"]


def test_select_menu_lists_every_entity_escaped(small_graph, small_html):
    options = [attrs for tag, attrs in Elements(small_html).tags if tag == "option" and attrs.get("value")]
    ids = [o["value"] for o in options if o["value"] not in ("node", "edge")]
    assert sorted(ids) == sorted(small_graph.nodes)
    assert "&lt;img src=x onerror=alert(1)&gt; (Person)" in small_html


def test_source_links_are_only_web_or_file(small_html):
    edge_info = page_data(small_html, "FKG_EDGE_INFO")
    hrefs = {ev["label"]: ev["href"] for info in edge_info.values() for ev in info["evidence"]}
    assert hrefs["Freelance <b>news</b>"] == "https://news.example.org/story?id=1&x=2"
    assert hrefs["/data/articles/notes.txt"] == "file:///data/articles/notes.txt"
    assert hrefs["Evil source"] is None          # javascript: is never a link


@pytest.mark.parametrize("source, expected", [
    ("https://a.org/x", "https://a.org/x"),
    ("http://a.org", "http://a.org"),
    ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("relative/path.txt", None),
    ("", None),
])
def test_source_link(source, expected):
    assert page.source_link(source) == expected


def test_page_loads_nothing_from_the_network(small_html):
    for tag, attrs in Elements(small_html).tags:
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            assert not re.match(r"\s*(https?:)?//", value), f"<{tag} {attr}={value!r}>"
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", small_html)
    assert "@import" not in small_html
    assert "cdn.jsdelivr" not in small_html and "cdnjs" not in small_html


def test_edges_are_labelled_and_coloured_by_predicate(small_graph, small_html):
    edges = page_data(small_html, "FKG_EDGES")
    assert sorted(e["label"] for e in edges) == sorted(d["predicate"] for _, _, d in small_graph.edges(data=True))
    for e in edges:
        assert e["color"]["color"] == views.PREDICATE_COLORS[e["predicate"]]
        assert e["arrows"]["to"]["enabled"] == (e["predicate"] not in ("PARTNERS_WITH", "AFFILIATED_WITH"))
    # Ada -> Gigly has two predicates: the second one curves away from the first
    ada, gig = identity.entity_id("Ada Byron", "Person"), identity.entity_id("Gigly", "Platform")
    pair = [e for e in edges if e["from"] == ada and e["to"] == gig]
    assert len(pair) == 2 and sum("smooth" in e for e in pair) == 1


def test_precomputed_page_has_positions_and_no_physics(cluster_graph):
    view = views.prepare_view(cluster_graph)
    html = page.build_page(view)
    nodes = page_data(html, "FKG_NODES")
    assert {n["id"]: (n["x"], n["y"]) for n in nodes} == {n: tuple(p) for n, p in view.positions.items()}
    assert page_data(html, "FKG_OPTIONS")["physics"]["enabled"] is False
    assert page_data(html, "FKG_PRECOMPUTED") is True


def test_write_page_writes_the_file(small_graph, tmp_path):
    target = tmp_path / "graph.html"
    summary = page.write_page(small_graph, str(target), types="Person")
    assert summary["nodes"] == 3 and summary["html"] == str(target)
    html = target.read_text(encoding="utf-8")
    assert len(page_data(html, "FKG_NODES")) == 3
