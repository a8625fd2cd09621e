"""Driving Debian's headless Chromium through Selenium, for the report's tests and screenshots.

Selenium talks to Debian's own chromedriver, which matches the installed chromium's version; both
paths are given explicitly, so Selenium Manager (which would download a driver) never runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

#: Flags for running as root in a container, with no network traffic of the browser's own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def missing() -> str | None:
    """Why the browser cannot be started here, or ``None`` if it can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (Path(path).is_file() or shutil.which(Path(path).name)):
            return f"{path} is missing: run scripts/setup-browser (Debian package {package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is missing: pip install -e '.[test]'"
    return None


def start_chromium(profile: Path, width: int = 1366, height: int = 768):
    """A headless Chromium with a fresh profile in ``profile``, a ``width`` x ``height`` window,
    and the console log kept, so a test can assert the page logged no error."""
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or CHROMEDRIVER)
    return webdriver.Chrome(service=service, options=options)


def console_errors(driver) -> list[str]:
    """The page's console errors (script errors, blocked requests) since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
