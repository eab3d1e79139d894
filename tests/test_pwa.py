"""The installable app: the manifest, its icons, and the service worker served at the root."""

import json
import re
from io import BytesIO

from PIL import Image

from planner.main import pwa


def fetched(client, path):
    with client.get(path) as response:
        return response.status_code, response.headers, response.data


def test_the_manifest_meets_chromiums_install_criteria(client):
    status, headers, body = fetched(client, "/manifest.webmanifest")
    assert status == 200
    assert headers["Content-Type"] == "application/manifest+json"
    manifest = json.loads(body)
    assert manifest["name"] and manifest["short_name"] == "Together"
    assert manifest["start_url"] == "/today" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any")} <= sizes
    assert {("192x192", "maskable"), ("512x512", "maskable")} <= sizes


def test_every_manifest_icon_is_a_png_of_its_stated_size(client):
    manifest = json.loads(fetched(client, "/manifest.webmanifest")[2])
    for icon in manifest["icons"]:
        status, _, body = fetched(client, icon["src"])
        assert status == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = (int(n) for n in icon["sizes"].split("x"))
            with Image.open(BytesIO(body)) as image:
                assert image.size == (width, height)
                assert image.format == "PNG"


def test_a_maskable_icon_fills_its_square(client):
    """The corners of a maskable icon are coloured (the launcher crops them), not transparent."""
    with Image.open(BytesIO(fetched(client, "/static/img/icon-maskable-512.png")[2])) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255


def test_every_page_links_the_manifest_and_loads_the_worker_script(client, auth):
    for page in (client.get("/").text, client.get("/login").text):
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert re.search(
            r'<script src="/static/js/offline\.js\?v=\w+" data-queue="/static/js/queue\.js\?v=\w+" defer>',
            page,
        )


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    status, headers, body = fetched(client, "/sw.js")
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    assert headers["Service-Worker-Allowed"] == "/"
    assert headers["Cache-Control"] == "no-cache"
    source = body.decode()
    assert source.startswith("const VERSION = ")
    for event in ("install", "activate", "fetch", "push", "notificationclick"):
        assert f'addEventListener("{event}"' in source


def test_the_worker_precaches_assets_that_exist(client):
    source = fetched(client, "/sw.js")[2].decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source)[1])
    assert "/offline" in precache
    assert any(url.startswith("/static/css/main.css?v=") for url in precache)
    for url in precache:
        assert fetched(client, url)[0] == 200, url


def test_a_changed_asset_list_makes_a_new_worker_version(client, monkeypatch):
    """The browser installs a new worker only when its bytes change: the asset list is in them."""
    first = fetched(client, "/sw.js")[2].decode().splitlines()[0]
    monkeypatch.setattr(pwa, "PRECACHE_STATIC", pwa.PRECACHE_STATIC[:-1])
    second = fetched(client, "/sw.js")[2].decode().splitlines()[0]
    assert first != second


def test_the_offline_page_works_without_a_login(client):
    status, _, body = fetched(client, "/offline")
    assert status == 200
    assert b"You're offline" in body or b"You&#39;re offline" in body
