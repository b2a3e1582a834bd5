"""lls: an open implementation of the Llama Stack API, served from the generated stubs of spec/llama-stack.yaml."""

__version__ = "0.1.0"
