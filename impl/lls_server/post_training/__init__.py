"""Post-training: fine-tuning registered models on datasets, exported to GGUF and served."""
