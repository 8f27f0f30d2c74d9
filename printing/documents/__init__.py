"""One module per family of documents: notices, certificates, receipts, tickets."""
