# Everything starts from `make run` or `make test`; both set up what is missing first and are quick when it is there.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8321
CONFIG ?= configs/default.yaml

# llama.cpp's native build crashes on some CPUs (in its AMX code); build for AVX2 instead, once, into a wheel cache.
LLAMA_CPP_PYTHON := llama-cpp-python==0.3.36
LLAMA_CPP_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
WHEELS := $(HOME)/.cache/lls/wheels

# The API reference's renderer: Redoc's standalone bundle, from npm at a pinned version whose tarball must match
# this sha256. Fetched, never committed; the server serves it at /docs/vendor/. Delete docs/vendor after a bump.
REDOC_VERSION := 2.5.4
REDOC_SHA256 := 44922df4d0eb45c1b066c09ec251e6bd9bd7ded16bc69e87613337b9d911a56e
REDOC_BUNDLE := docs/vendor/redoc.standalone.js
# The browser tests drive Debian's Chromium through its chromedriver.
CHROMEDRIVER := /usr/bin/chromedriver

.PHONY: setup run test lint typecheck generate check-generated docs browser bench clean

setup: $(VENV)/.installed models/SmolLM2-135M-Instruct.Q4_1.gguf models/all-MiniLM-L6-v2/model.onnx $(REDOC_BUNDLE)

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CPP_CMAKE_ARGS)" $(BIN)/python -m pip wheel --no-deps --wheel-dir $(WHEELS) "$(LLAMA_CPP_PYTHON)"
	$(BIN)/python -m pip install --quiet --find-links $(WHEELS) "$(LLAMA_CPP_PYTHON)"
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $@

models/SmolLM2-135M-Instruct.Q4_1.gguf models/all-MiniLM-L6-v2/model.onnx: scripts/fetch_models.py | $(VENV)/.installed
	$(BIN)/python scripts/fetch_models.py

$(REDOC_BUNDLE):
	rm -rf $(@D)/npm && mkdir -p $(@D)/npm
	cd $(@D)/npm && npm pack --silent redoc@$(REDOC_VERSION) >/dev/null
	echo "$(REDOC_SHA256)  $(@D)/npm/redoc-$(REDOC_VERSION).tgz" | sha256sum --check --quiet
	tar -xzf $(@D)/npm/redoc-$(REDOC_VERSION).tgz -C $(@D)/npm package/bundles/redoc.standalone.js
	mv $(@D)/npm/package/bundles/redoc.standalone.js $@
	rm -rf $(@D)/npm

$(CHROMEDRIVER):
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver

browser: $(CHROMEDRIVER)

run: setup
	$(BIN)/lls serve --config $(CONFIG) --port $(PORT)

test: setup browser check-generated lint typecheck
	$(BIN)/pytest

generate: $(VENV)/.installed
	$(BIN)/python scripts/generate.py

docs: $(VENV)/.installed $(REDOC_BUNDLE)
	$(BIN)/python scripts/build_docs.py

check-generated: $(VENV)/.installed
	$(BIN)/python scripts/generate.py --check

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/inference.py
	$(BIN)/python bench/memory.py

clean:
	rm -rf $(VENV) data test-artifacts docs/vendor .mypy_cache .pytest_cache .ruff_cache .hypothesis
