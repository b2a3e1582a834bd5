"""Create a memory bank from two documents, search it, then drop it."""

import os

from lls_client import Client
from lls_client.api.memory_banks import create_memory_bank, drop_memory_bank, query_documents
from lls_client.models import MemoryBankDocument, QueryDocumentsRequest

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    documents = [
        MemoryBankDocument(document_id="llamas", content="Llamas are camelids from the Andes, kept for wool."),
        MemoryBankDocument(document_id="tea", content="Green tea is steeped at about 80 degrees Celsius."),
    ]
    bank = create_memory_bank.call(client=client, bank_id="docs-example", bank_name="Example", body=documents)

    found = query_documents.call(
        client=client, bank_id=bank.memory_bank_id, body=QueryDocumentsRequest(query="Where do llamas live?", top_k=1)
    )
    for chunk, score in zip(found.chunks, found.scores, strict=True):
        print(f"{score:.3f} {chunk.document_id}: {chunk.content}")

    print("dropped", drop_memory_bank.call(client=client, bank_id=bank.memory_bank_id))
