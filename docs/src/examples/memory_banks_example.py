"""Create a memory bank from two documents, search it, then drop it."""

import os

from lls_client import Client
from lls_client.api.memory_banks import create_memory_bank, drop_memory_bank, query_documents
from lls_client.models import MemoryBank, MemoryBankDocument, QueryDocumentsRequest, QueryDocumentsResponse

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    documents = [
        MemoryBankDocument(document_id="llamas", content="Llamas are camelids from the Andes, kept for wool."),
        MemoryBankDocument(document_id="tea", content="Green tea is steeped at about 80 degrees Celsius."),
    ]
    bank = create_memory_bank.sync(client=client, bank_id="docs-example", bank_name="Example", body=documents)
    if not isinstance(bank, MemoryBank):
        raise SystemExit(f"create_memory_bank failed: {bank}")

    found = query_documents.sync(
        client=client, bank_id=bank.memory_bank_id, body=QueryDocumentsRequest(query="Where do llamas live?", top_k=1)
    )
    if not isinstance(found, QueryDocumentsResponse):
        raise SystemExit(f"query_documents failed: {found}")
    for chunk, score in zip(found.chunks, found.scores, strict=True):
        print(f"{score:.3f} {chunk.document_id}: {chunk.content}")

    dropped = drop_memory_bank.sync(client=client, bank_id=bank.memory_bank_id)
    if not isinstance(dropped, str):
        raise SystemExit(f"drop_memory_bank failed: {dropped}")
    print("dropped", dropped)
