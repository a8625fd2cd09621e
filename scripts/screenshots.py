#!/usr/bin/env python3
"""Screenshots of the example reports for the README: examples/<name>.html -> examples/<name>.png.

Each report is opened in Debian's headless Chromium at a laptop's window size (1366 x 768),
scrolled so that the tool bar and the side-by-side columns fill the window, and the first
substantive divergences are stepped through with the ``n`` key, so that the picture shows one
divergence's details as a reader sees them. Run by ``make screenshots`` after ``make examples``.

    python scripts/screenshots.py                      # every examples/*.html
    python scripts/screenshots.py examples/kropotkin.html --steps 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import console_errors, missing, start_chromium


def shoot(driver, page: Path, out: Path, steps: int) -> None:
    """Open ``page``, bring the columns into view, step to a substantive divergence, capture."""
    from selenium.webdriver.common.action_chains import ActionChains

    driver.get(page.resolve().as_uri())
    driver.execute_script("window.scrollTo(0, document.getElementById('bar').offsetTop)")
    for _ in range(steps):
        ActionChains(driver).send_keys("n").perform()
    errors = console_errors(driver)
    if errors:
        raise SystemExit(f"Error: {page} logged errors in the browser: {errors}")
    driver.save_screenshot(str(out))
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="reports to capture (default: examples/*.html)")
    parser.add_argument("--steps", type=int, default=2, help="how many substantive divergences to step through")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args(argv)
    pages = args.pages or sorted((ROOT / "examples").glob("*.html"))
    if not pages:
        raise SystemExit("Error: no reports to capture; run make examples first")
    reason = missing()
    if reason:
        raise SystemExit(f"Error: {reason}")
    with tempfile.TemporaryDirectory(prefix="collate-screenshots-") as profile:
        driver = start_chromium(Path(profile), args.width, args.height)
        try:
            for page in pages:
                shoot(driver, page, page.with_suffix(".png"), args.steps)
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
