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

.PHONY: setup run test lint typecheck unit generate check-generated bench clean

setup: $(VENV)/.installed models/SmolLM2-135M-Instruct.Q4_1.gguf

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CPP_CMAKE_ARGS)" $(BIN)/python -m pip wheel --no-deps --wheel-dir $(WHEELS) "$(LLAMA_CPP_PYTHON)"
	$(BIN)/python -m pip install --quiet --find-links $(WHEELS) "$(LLAMA_CPP_PYTHON)"
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $@

models/SmolLM2-135M-Instruct.Q4_1.gguf: scripts/fetch_models.py | $(VENV)/.installed
	$(BIN)/python scripts/fetch_models.py

run: setup
	$(BIN)/lls serve --config $(CONFIG) --port $(PORT)

test: setup check-generated lint typecheck
	$(BIN)/pytest

generate: $(VENV)/.installed
	$(BIN)/python scripts/generate.py

check-generated: $(VENV)/.installed
	$(BIN)/python scripts/generate.py --check

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/inference.py

clean:
	rm -rf $(VENV) data test-artifacts .mypy_cache .pytest_cache .ruff_cache .hypothesis
