"""The page in a real headless Chromium (file://): counts, safety, offline, menus, tooltips.

One browser for the session (fixture ``browser`` in conftest.py); screenshots go to
``test-artifacts/viz/``.
"""

from __future__ import annotations

import time

import pytest

from freelance_kg.graph import identity
from freelance_kg.viz import page, view as views

pytestmark = pytest.mark.browser

def web_requests(urls):
    return [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:"))]


@pytest.fixture
def small_page(small_graph, tmp_path):
    path = tmp_path / "small.html"
    page.render_page(views.prepare_view(small_graph), str(path), title="Small graph")
    return path


def test_counts_match_the_graph_and_no_request_is_made(browser, small_graph, small_page, artifacts):
    requests = browser.open(small_page)
    assert web_requests(requests) == []
    counts = browser.js("return [network.body.data.nodes.length, network.body.data.edges.length];")
    assert counts == [small_graph.number_of_nodes(), small_graph.number_of_edges()]
    # physics was switched off once the browser's layout settled
    assert browser.js("return network.physics.options.enabled;") is False
    browser.driver.save_screenshot(str(artifacts / "small-page.png"))


def test_hostile_name_is_text_and_runs_nothing(browser, small_page, hostile, artifacts):
    browser.open(small_page)
    assert browser.alert_text() is None
    assert browser.js("return document.querySelectorAll('img, iframe').length;") == 0
    bad_id = identity.entity_id(hostile["name"], "Person")
    # the search menu shows the name as text
    options = browser.js("return Array.from(document.querySelectorAll('#select-node option'))"
                         ".map(o => o.textContent);")
    assert f"{hostile['name']} (Person)" in options
    # and so does the details panel, after selecting the entity the way the search menu does
    browser.js("fkgSelect(arguments[0]);", bad_id)
    assert browser.js("return network.getSelectedNodes();") == [bad_id]
    details = browser.js("return document.getElementById('fkg-details').innerText;")
    assert hostile["name"] in details
    assert browser.js("return document.querySelectorAll('#fkg-details *').length > 0 && "
                      "document.querySelectorAll('#fkg-details img').length === 0;")
    assert browser.alert_text() is None
    browser.driver.save_screenshot(str(artifacts / "small-page-hostile-selected.png"))


def test_edge_details_show_evidence_and_safe_links(browser, small_page, hostile):
    browser.open(small_page)
    ada, gig = identity.entity_id("Ada Byron", "Person"), identity.entity_id("Gigly", "Platform")
    edge_id = browser.js("return edges.get().find(e => e.from === arguments[0] && e.to === arguments[1]"
                         " && e.predicate === 'FOUNDED').id;", ada, gig)
    browser.js("fkgShowEdge(arguments[0]);", edge_id)
    text = browser.js("return document.getElementById('fkg-details').innerText;")
    assert hostile["sentence"] in text
    links = browser.js("return Array.from(document.querySelectorAll('#fkg-details a')).map(a => a.href);")
    assert links == ["https://news.example.org/story?id=1&x=2"]
    # the evidence from a javascript: source is shown without a link
    bad = identity.entity_id(hostile["name"], "Person")
    edge_id = browser.js("return edges.get().find(e => e.from === arguments[0]).id;", bad)
    browser.js("fkgShowEdge(arguments[0]);", edge_id)
    assert "Evil source" in browser.js("return document.getElementById('fkg-details').innerText;")
    assert browser.js("return document.querySelectorAll('#fkg-details a').length;") == 0
    assert browser.alert_text() is None


def test_hover_tooltip_is_built_from_text(browser, small_page, artifacts):
    from selenium.webdriver.common.action_chains import ActionChains
    browser.open(small_page)
    gig = identity.entity_id("Gigly", "Platform")
    x, y = browser.js("var p = network.canvasToDOM(network.getPositions([arguments[0]])[arguments[0]]);"
                      "return [Math.round(p.x), Math.round(p.y)];", gig)
    canvas = browser.driver.find_element("css selector", "#mynetwork canvas")
    width, height = canvas.size["width"], canvas.size["height"]
    ActionChains(browser.driver).move_to_element_with_offset(canvas, x - width // 2, y - height // 2).perform()
    text = ""
    for _ in range(40):
        text = browser.js("var t = document.querySelector('div.vis-tooltip');"
                          "return t && t.style.visibility !== 'hidden' ? t.innerText : '';")
        if "Gigly" in text:
            break
        time.sleep(0.05)
    assert "Gigly" in text and "Platform" in text and "pagerank" in text
    browser.driver.save_screenshot(str(artifacts / "small-page-tooltip.png"))


def test_filter_menu_hides_other_types(browser, small_graph, small_page):
    browser.open(small_page)
    hidden = browser.js("filter = {item: 'node', property: 'type', value: ['Person']};"
                        "highlightFilter(filter);"
                        "return nodes.get().filter(n => n.hidden).map(n => n.id).sort();")
    assert hidden == sorted(n for n, t in small_graph.nodes(data="type") if t != "Person")
    browser.js("clearFilter(true);")
    assert browser.js("return nodes.get().filter(n => n.hidden).length;") == 0


def test_large_page_uses_the_precomputed_layout(browser, cluster_graph, tmp_path, artifacts):
    view = views.prepare_view(cluster_graph, color="community")
    path = tmp_path / "clusters.html"
    page.render_page(view, str(path))
    requests = browser.open(path)
    assert web_requests(requests) == []
    ready = browser.js("return window.fkgReady;")
    assert ready["precomputed"] is True
    assert [ready["nodes"], ready["edges"]] == [cluster_graph.number_of_nodes(), cluster_graph.number_of_edges()]
    assert browser.js("return network.physics.options.enabled;") is False
    hub = "organization/hub-0"
    drawn = browser.js("return network.getPositions([arguments[0]])[arguments[0]];", hub)
    assert (drawn["x"], drawn["y"]) == pytest.approx(view.positions[hub], abs=1)   # vis rounds
    browser.driver.save_screenshot(str(artifacts / "clusters-page.png"))


# --- the detectors themselves: each must see what it is there to catch -----------------------------
def test_request_detector_sees_a_web_request(browser, tmp_path):
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/probe.png">'
                     '<script>window.fkgReady = {};</script></body></html>', encoding="utf-8")
    requests = browser.open(probe)
    assert "http://127.0.0.1:9/probe.png" in web_requests(requests)


def test_alert_detector_sees_an_alert(browser, tmp_path):
    probe = tmp_path / "alert.html"
    probe.write_text('<!DOCTYPE html><html><body><script>window.fkgReady = {};</script>'
                     '<img src=x onerror=alert(1)></body></html>', encoding="utf-8")
    browser.open(probe, wait_ready=False)
    text = None
    for _ in range(40):
        text = browser.alert_text()
        if text:
            break
        time.sleep(0.05)
    assert text == "1"


def test_clicking_a_node_lists_its_relations_with_evidence(browser, small_page, artifacts):
    browser.open(small_page)
    bob = identity.entity_id("Bob Stone", "Person")
    browser.js("fkgSelect(arguments[0]);", bob)
    items = browser.js("return Array.from(document.querySelectorAll('#fkg-details .fkg-relation'))"
                       ".map(r => r.innerText);")
    assert len(items) == 2
    assert any("Bob Stone \u2192 MEMBER_OF \u2192 Freelancers Union of Porto" in t
               and "Bob Stone joined the FUP." in t for t in items)
    assert any("PARTICIPATED_IN" in t and "Bob Stone spoke at the summit." in t for t in items)
    assert "2 relations in this picture" in browser.js(
        "return document.getElementById('fkg-details').innerText;")
    browser.driver.save_screenshot(str(artifacts / "small-page-node-relations.png"))
    # a relation in the list opens that relation's own card
    browser.js("document.querySelector('#fkg-details .fkg-relation').click();")
    assert "confidence" in browser.js("return document.getElementById('fkg-details').innerText;")


def test_labels_never_overlap_at_rest(browser, tmp_path, artifacts):
    from freelance_kg.graph.model import Entity, Relation
    from freelance_kg.graph.projection import to_multidigraph
    hub = Entity.make("Gigly", "Platform")
    people = [Entity.make(f"Freelancer With A Long Name {i:02d}", "Person") for i in range(40)]
    graph = to_multidigraph([hub, *people], [Relation(p.id, "WORKS_FOR", hub.id) for p in people])
    path = tmp_path / "crowded.html"
    page.render_page(views.prepare_view(graph), str(path), title="Crowded")
    browser.open(path)

    def drawn_label_boxes():
        """[(vis-network's box, the page's box)] in canvas units for every name left visible:
        what vis-network drew, and the box the page reserved for it."""
        browser.js("network.redraw();")
        return browser.js("return Object.keys(window.fkgLabelsShown).map(function (id) {"
                          " var s = network.body.nodes[id].labelModule.size, m = window.fkgLabelsShown[id];"
                          " return [[s.left, s.top, s.left + s.width, s.top + s.height],"
                          "         [m.left, m.top, m.right, m.bottom]]; });")

    def overlapping(boxes):
        return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]

    shown = browser.js("return Object.keys(window.fkgLabelsShown);")
    assert hub.id in shown and 1 < len(shown) < 41          # some names had to give way
    pairs = drawn_label_boxes()
    drawn, reserved = [v for v, _ in pairs], [m for _, m in pairs]
    assert all(b[2] > b[0] for b in drawn) and overlapping(drawn) == []
    # the page's boxes hold what vis-network draws, so they can stand in for it after a zoom
    # (vis-network keeps a name's old measure when only its font size changes)
    assert all(m[0] - 1 <= v[0] and v[2] <= m[2] + 1 and m[1] - 1 <= v[1] and v[3] <= m[3] + 1
               for v, m in pairs)
    # at the fitted zoom the names shown are readable: the hub's at least 11 screen pixels
    # high, every other at least 9
    heights = browser.js("var s = network.getScale(); return Object.keys(window.fkgLabelsShown)"
                         ".map(id => [id, nodes.get(id).font.size * s]);")
    assert min(h for _, h in heights) >= 9 and dict(heights)[hub.id] >= 11
    hidden = browser.js("return nodes.get().filter(n => n.font.color === 'rgba(0,0,0,0)').length;")
    assert hidden == 41 - len(shown)
    browser.driver.save_screenshot(str(artifacts / "crowded-page-labels.png"))
    # zoomed in, more names fit, and still none overlaps once the zoom comes to rest
    browser.js("network.moveTo({scale: network.getScale() * 2}); fkgDeclutter();")
    closer = browser.js("return Object.keys(window.fkgLabelsShown);")
    assert len(closer) > len(shown)
    assert overlapping([m for _, m in drawn_label_boxes()]) == []
    browser.driver.save_screenshot(str(artifacts / "crowded-page-labels-zoomed.png"))
