"""The keyboard focus ring keeps 3:1 contrast (WCAG 1.4.11) against every surface of the public
site it is drawn on, read from the stylesheet itself: its custom properties and each surface's
background. The ring sits 2 px outside a control (outline-offset), so what it must stand out
from is the surface around the control, not the control's own fill."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"

#: Every surface of the public pages a focusable element sits on (selector in site.css).
SURFACES = [
    ":root",  # the page (white)
    ".main-nav",  # the blue navigation bar
    ".account-menu ul",  # the account drop-down, white inside the blue bar
    ".site-footer",  # the dark footer
    ".alert-banner",
    ".alert-warning",
    ".alert-danger",
    ".card",
    ".message-error",
]
#: Background fills shared by many surfaces, not written in site.css with a selector of its own.
KNOWN = {"--tint": "the tinted boxes (messages, info box, quiz notices)"}


def rules(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            name.strip(): value.strip()
            for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)
        }
        for selector in selectors.split(","):
            found.setdefault(selector.strip(), {}).update(declarations)
    return found


def resolve(value, variables):
    for _ in range(5):
        match = re.search(r"var\((--[\w-]+)(?:,\s*([^)]+))?\)", value)
        if not match:
            break
        value = value.replace(match.group(0), variables.get(match.group(1), match.group(2) or ""))
    return value.strip()


def luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#0b4f9c", "#fff") == pytest.approx(8.1, abs=0.1)  # as the CSS says


@pytest.fixture(scope="module")
def css():
    return rules(CSS.read_text())


def test_the_ring_uses_the_focus_colour(css):
    assert css[":focus-visible"]["outline"] == "3px solid var(--focus-colour)"


@pytest.mark.parametrize("surface", SURFACES)
def test_focus_ring_has_three_to_one_on_every_surface(css, surface):
    variables = {k: v for k, v in css[":root"].items() if k.startswith("--")}
    own = css[surface]
    scoped = {**variables, **{k: v for k, v in own.items() if k.startswith("--")}}
    background = resolve(own.get("background", own.get("background-color", "")), scoped)
    if surface == ":root":
        background = resolve("var(--paper)", scoped)
    ring = resolve("var(--focus-colour)", scoped)
    assert re.fullmatch(r"#[0-9a-fA-F]{3,6}", background), (surface, background)
    ratio = contrast(ring, background)
    assert ratio >= 3, f"focus ring {ring} on {surface} ({background}): {ratio:.2f}:1"


@pytest.mark.parametrize("name", KNOWN)
def test_focus_ring_has_three_to_one_on_shared_fills(css, name):
    variables = {k: v for k, v in css[":root"].items() if k.startswith("--")}
    assert contrast(resolve("var(--focus-colour)", variables), variables[name]) >= 3


def test_every_dark_surface_switches_to_the_light_ring(css):
    """Any rule with a dark background in site.css sets --focus-colour (or is a control the ring
    is drawn around, not on)."""
    variables = {k: v for k, v in css[":root"].items() if k.startswith("--")}
    controls = ("button", "submit", ".skip-link", ".badge", ".language-button", ".menu-toggle")
    for selector, declarations in css.items():
        fill = declarations.get("background", declarations.get("background-color"))
        if not fill or any(part in selector for part in controls):
            continue
        colour = resolve(fill, {**variables, **declarations})
        if not re.fullmatch(r"#[0-9a-fA-F]{3,6}", colour) or luminance(colour) > 0.2:
            continue
        ring = resolve("var(--focus-colour)", {**variables, **declarations})
        assert contrast(ring, colour) >= 3, f"{selector}: ring {ring} on {colour}"
