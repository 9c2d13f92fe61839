"""Fixtures for the viz tests: small hand-built graphs and one headless Chromium per session."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.projection import to_multidigraph

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "viz"

XSS_NAME = "<img src=x onerror=alert(1)>"
SCRIPT_SENTENCE = "Ada Byron founded Gigly in 2019 </script><script>alert(2)</script> in Porto."


def _ev(doc, sentence, confidence=0.8):
    return [Evidence(doc.id, sentence, 0, len(sentence), "test.v1", confidence)]


def small_parts_list():
    """(documents, entities, relations) of :func:`build_small`, for tests that fill a store."""
    return _small()


def build_small():
    """The small graph as the store projects it."""
    documents, entities, relations = _small()
    return to_multidigraph(entities, relations, documents)


def _small():
    """Eight entities of all six types, a hostile name, a hostile sentence, a javascript: source,
    two predicates between one pair, and a relation to an entity the store lacks."""
    web = Document.from_text("web article", source="https://news.example.org/story?id=1&x=2",
                             title="Freelance <b>news</b>")
    local = Document.from_text("local file", source="/data/articles/notes.txt", title="")
    evil = Document.from_text("evil source", source="javascript:alert(3)", title="Evil source")
    ada = Entity.make("Ada Byron", schema.PERSON, ["Byron", "Countess Ada"])
    bad = Entity.make(XSS_NAME, schema.PERSON)
    gig = Entity.make("Gigly", schema.PLATFORM)
    org = Entity.make("Freelancers Union of Porto", schema.ORGANIZATION, ["FUP"])
    fund = Entity.make("Harbour Ventures", schema.FUNDER)
    porto = Entity.make("Porto", schema.PLACE)
    summit = Entity.make("Indie Work Summit", schema.EVENT)
    bob = Entity.make("Bob Stone", schema.PERSON)
    relations = [
        Relation(ada.id, "FOUNDED", gig.id, evidence=_ev(web, SCRIPT_SENTENCE)),
        Relation(ada.id, "LEADS", gig.id, role="CEO", evidence=_ev(local, "Ada Byron is the CEO of Gigly.")),
        Relation(bad.id, "WORKS_FOR", gig.id, evidence=_ev(evil, "The odd one works at Gigly.")),
        Relation(fund.id, "FUNDS", gig.id, evidence=_ev(web, "Harbour Ventures backed Gigly.", 0.9)),
        Relation(gig.id, "LOCATED_IN", porto.id, evidence=_ev(web, "Gigly is based in Porto.")),
        Relation(gig.id, "PARTNERS_WITH", org.id, evidence=_ev(web, "Gigly partnered with the FUP.")),
        Relation(bob.id, "MEMBER_OF", org.id, evidence=_ev(local, "Bob Stone joined the FUP.")),
        Relation(bob.id, "PARTICIPATED_IN", summit.id, evidence=_ev(local, "Bob Stone spoke at the summit.")),
        Relation(org.id, "FOUNDED", summit.id, evidence=_ev(web, "The FUP organises the summit.")),
    ]
    return [web, local, evil], [ada, bad, gig, org, fund, porto, summit, bob], relations


def build_clusters(clusters=6, size=60):
    """``clusters`` dense groups of ``size`` entities joined by a few bridges: 360 nodes by
    default, enough for the precomputed layout (above 300) and for obvious communities."""
    doc = Document.from_text(f"clusters {clusters} {size}", source="https://example.org/c",
                             title="Clusters")
    entities, relations = [], {}
    for c in range(clusters):
        hub = Entity.make(f"Hub {c}", schema.ORGANIZATION)
        members = [Entity.make(f"Member {c}-{i}", schema.PERSON) for i in range(size - 1)]
        entities += [hub, *members]
        for i, m in enumerate(members):
            rel = Relation(m.id, "MEMBER_OF", hub.id, evidence=_ev(doc, f"{m.name} joined {hub.name}."))
            relations[rel.key] = rel
            if i % 3 == 0:    # a second predicate between the same pair
                rel = Relation(m.id, "WORKS_FOR", hub.id, evidence=_ev(doc, f"{m.name} works at {hub.name}."))
                relations[rel.key] = rel
    for c in range(clusters):
        a, b = f"organization/hub-{c}", f"organization/hub-{(c + 1) % clusters}"
        rel = Relation(a, "PARTNERS_WITH", b, evidence=_ev(doc, f"Hub {c} partnered with the next hub."))
        relations[rel.key] = rel
    return to_multidigraph(entities, relations.values(), [doc])


@pytest.fixture
def hostile():
    """The hostile entity name and evidence sentence the small graph carries."""
    return {"name": XSS_NAME, "sentence": SCRIPT_SENTENCE}


@pytest.fixture
def small_parts():
    """(documents, entities, relations) of the small graph, to fill a real store."""
    return small_parts_list()


@pytest.fixture
def small_graph():
    return build_small()


@pytest.fixture(scope="session")
def cluster_graph():
    return build_clusters()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session, with performance (CDP Network) logging."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip(f"browser tests need {CHROMIUM} and {CHROMEDRIVER} "
                    "(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="fkg-viz-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # leave alert() dialogs open so a test can see them (the default dismisses them silently)
    options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield Browser(driver)
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Browser:
    """Small helpers over the selenium driver: open a file, wait for the page, list requests."""

    def __init__(self, driver):
        self.driver = driver

    def open(self, path: Path, wait_ready: bool = True, timeout: float = 60.0):
        """Navigate to ``path`` (file://) and return the network requests the page made."""
        self.driver.get("about:blank")
        self.driver.get_log("performance")          # drain: only this page's events from here on
        self.driver.get(Path(path).resolve().as_uri())
        if wait_ready:
            deadline = time.monotonic() + timeout
            while not self.driver.execute_script("return !!window.fkgReady;"):
                if time.monotonic() > deadline:
                    raise AssertionError(f"{path} never set window.fkgReady; console: "
                                         f"{self.driver.get_log('browser')}")
                time.sleep(0.05)
        return self.requests()

    def requests(self) -> list[str]:
        """URLs of every request the page started (CDP Network.requestWillBeSent)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def alert_text(self):
        """The text of an open alert(), or None."""
        from selenium.common.exceptions import NoAlertPresentException
        try:
            alert = self.driver.switch_to.alert
            text = alert.text
            alert.dismiss()
            return text
        except NoAlertPresentException:
            return None
