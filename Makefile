# The two quick-start commands:
#   make examples   set up, then collate the bundled witnesses into examples/
#   make test       set up (Python packages, Debian's chromium and Hunspell dictionaries), then run the tests
#   make dictionaries  install Debian's Hunspell dictionaries (fr, de, el, he; optional) and prebuild their caches
#   make screenshots  regenerate examples/*.png from the example reports (needs chromium)
#   make properties   the property tests with at least 10,000 generated cases each (hypothesis profile "thorough")
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
COLLATE := $(BIN)/collate

.PHONY: setup examples test properties browser dictionaries clean screenshots

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(COLLATE) dictionaries en --build --quiet
	touch $@

examples: setup
	$(COLLATE) run witnesses/kropotkin --quiet \
	  --tei examples/kropotkin.xml --html examples/kropotkin.html --json examples/kropotkin.json
	$(COLLATE) run witnesses/medvedev --quiet \
	  --tei examples/medvedev.xml --html examples/medvedev.html --json examples/medvedev.json

browser:
	scripts/setup-browser

dictionaries: setup
	scripts/setup-dictionaries
	$(COLLATE) dictionaries --build

screenshots: examples browser
	$(BIN)/python scripts/screenshots.py examples/kropotkin.html examples/medvedev.html

test: setup browser
	scripts/setup-dictionaries
	$(BIN)/python -m pytest

properties: setup
	$(BIN)/python -m pytest tests/test_properties.py -p no:cacheprovider --hypothesis-profile thorough --hypothesis-show-statistics

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
