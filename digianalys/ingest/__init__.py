"""Export → dataset directory: read (reading, safety, spss), understand the headers (layouts),
remove personal data (pii), infer and apply types (infer, cleaning), write (pipeline,
ingest_report); the threads and caches that make it fast live in speed."""
