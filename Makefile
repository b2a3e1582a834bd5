# Everything starts from `make run` or `make test`; both set up what is missing first and are quick when it is there.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8321
CONFIG ?= configs/default.yaml

# llama.cpp's native build crashes on some CPUs (in its AMX code); build for AVX2 instead, once, into a wheel cache.
LLAMA_CPP_PYTHON := llama-cpp-python==0.3.36
# PyTorch's CPU build, which these machines hold on disk: installed before the project, so that nothing that needs
# torch pulls a multi-GB CUDA build from PyPI.
TORCH := torch==2.13.0
LLAMA_CPP_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
WHEELS := $(HOME)/.cache/lls/wheels
# `make bench` compares the server with llama.cpp's own llama-server, built once from the llama.cpp vendored in the
# same llama-cpp-python sdist, with the same flags as the wheel; static, so the cached binary runs by itself, and
# with no web UI (which would be downloaded) and no HTTPS. Only `make bench` needs it.
LLAMA_SERVER := $(HOME)/.cache/lls/llama-server-0.3.36/llama-server
LLAMA_SERVER_CMAKE_ARGS := $(LLAMA_CPP_CMAKE_ARGS) -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
	-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_TOOLS=ON \
	-DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF
# Post-training exports fine-tuned weights with llama.cpp's own converters, from the same sdist: the scripts (whole
# models and LoRA adapters), the conversion/ package and the gguf-py they import, and the models/ files a few
# architectures read.
LLAMA_CONVERTER := $(HOME)/.cache/lls/llama.cpp-0.3.36-converters

# The API reference's renderer: Redoc's standalone bundle, from npm at a pinned version whose tarball must match
# this sha256. Fetched, never committed; the server serves it at /docs/vendor/. Delete docs/vendor after a bump.
REDOC_VERSION := 2.5.4
REDOC_SHA256 := 44922df4d0eb45c1b066c09ec251e6bd9bd7ded16bc69e87613337b9d911a56e
REDOC_BUNDLE := docs/vendor/redoc.standalone.js
# The browser tests drive Debian's Chromium through its chromedriver.
CHROMEDRIVER := /usr/bin/chromedriver
# The agents' code_interpreter tool runs the model's Python in a bubblewrap sandbox.
BWRAP := /usr/bin/bwrap

.PHONY: setup run test lint typecheck generate check-generated docs browser sandbox bench clean

setup: $(VENV)/.installed models/SmolLM2-135M-Instruct.Q4_1.gguf models/all-MiniLM-L6-v2/model.onnx \
	models/llama3-tiny-random.gguf $(REDOC_BUNDLE) $(LLAMA_CONVERTER)

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CPP_CMAKE_ARGS)" $(BIN)/python -m pip wheel --no-deps --wheel-dir $(WHEELS) "$(LLAMA_CPP_PYTHON)"
	$(BIN)/python -m pip install --quiet --find-links $(WHEELS) "$(LLAMA_CPP_PYTHON)"
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet --editable ".[dev,ray]"
	touch $@

models/SmolLM2-135M-Instruct.Q4_1.gguf models/all-MiniLM-L6-v2/model.onnx: scripts/fetch_models.py | $(VENV)/.installed
	$(BIN)/python scripts/fetch_models.py

# Random weights around Meta's Llama 3 tokenizer (from the llama-models package), for token-exact prompt tests.
models/llama3-tiny-random.gguf: scripts/make_llama3_test_model.py | $(VENV)/.installed
	$(BIN)/python scripts/make_llama3_test_model.py

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

$(BWRAP):
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q bubblewrap

sandbox: $(BWRAP)

# The server runs without bubblewrap too (agents then cannot list code_interpreter), so `run` only tries to install it.
run: setup
	@test -x $(BWRAP) || $(MAKE) sandbox || echo "bubblewrap is not installed (make sandbox, as root): no code_interpreter"
	$(BIN)/lls serve --config $(CONFIG) --port $(PORT)

test: setup browser sandbox check-generated lint typecheck
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

$(LLAMA_SERVER): | $(VENV)/.installed
	rm -rf $(@D)/src && mkdir -p $(@D)/src
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: --dest $(@D)/src "$(LLAMA_CPP_PYTHON)"
	tar -xzf $(@D)/src/llama_cpp_python-0.3.36.tar.gz -C $(@D)/src
	cmake -S $(@D)/src/llama_cpp_python-0.3.36/vendor/llama.cpp -B $(@D)/src/build $(LLAMA_SERVER_CMAKE_ARGS)
	cmake --build $(@D)/src/build --config Release -j2 --target llama-server
	cp $(@D)/src/build/bin/llama-server $@.tmp && mv $@.tmp $@
	rm -rf $(@D)/src

$(LLAMA_CONVERTER): | $(VENV)/.installed
	rm -rf $@.tmp && mkdir -p $@.tmp
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: --dest $@.tmp "$(LLAMA_CPP_PYTHON)"
	tar -xzf $@.tmp/llama_cpp_python-0.3.36.tar.gz -C $@.tmp --strip-components=3 \
		$(addprefix llama_cpp_python-0.3.36/vendor/llama.cpp/,convert_hf_to_gguf.py convert_lora_to_gguf.py conversion gguf-py \
		models/templates models/ggml-vocab-gpt-neox.gguf models/ggml-vocab-llama-spm.gguf)
	rm $@.tmp/llama_cpp_python-0.3.36.tar.gz
	mv $@.tmp $@

bench: setup $(LLAMA_SERVER)
	LLAMA_SERVER=$(LLAMA_SERVER) $(BIN)/python bench/inference.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/safety.py
	$(BIN)/python bench/agents.py
	$(BIN)/python bench/evaluations.py
	$(BIN)/python bench/post_training.py
	$(BIN)/python bench/metrics.py

clean:
	rm -rf $(VENV) data test-artifacts docs/vendor .mypy_cache .pytest_cache .ruff_cache .hypothesis
