"""Splitting a text into chunks of at most N tokens, consecutive chunks sharing M tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

TokenOffsets = Callable[[str], list[tuple[int, int]]]
"""A tokenizer, as the character span of each token of a text."""


@dataclass(frozen=True)
class TextChunk:
    index: int
    start_char: int
    end_char: int
    token_count: int
    text: str


def chunk_text(text: str, token_offsets: TokenOffsets, *, size: int, overlap: int) -> list[TextChunk]:
    """Windows of `size` tokens, each starting `size - overlap` tokens after the one before.

    A chunk's text is the document's own text from its first token's start to its last token's end,
    so `text[chunk.start_char:chunk.end_char] == chunk.text`. A text without tokens has no chunks.

    >>> letters = lambda text: [(i, i + 1) for i in range(0, len(text), 2)]
    >>> [c.text for c in chunk_text("a b c d e", letters, size=2, overlap=1)]
    ['a b', 'b c', 'c d', 'd e']
    """
    if not 0 <= overlap < size:
        raise ValueError(f"overlap {overlap} must be at least 0 and less than the chunk size {size}")
    offsets = token_offsets(text)
    chunks: list[TextChunk] = []
    step = size - overlap
    for first in range(0, len(offsets), step):
        last = min(first + size, len(offsets)) - 1
        start, end = offsets[first][0], offsets[last][1]
        chunks.append(TextChunk(len(chunks), start, end, last - first + 1, text[start:end]))
        if last == len(offsets) - 1:
            break
    return chunks
