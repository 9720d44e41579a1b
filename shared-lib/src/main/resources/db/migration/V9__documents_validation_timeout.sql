-- Retention gives up a validation that has not concluded a day after the upload arrived (the blob trigger's poison
-- path, a malware verdict that never came): such a document turns INVALID with VALIDATION_TIMED_OUT, then its blobs
-- are deleted and blobs_removed_at set, as for a deleted document. Both sets are small; these keep finding them from
-- scanning seven years of documents every day.
CREATE INDEX documents_validating ON documents (uploaded_at) WHERE status = 'VALIDATING';
CREATE INDEX documents_timed_out_blobs ON documents (id) WHERE invalid_reason = 'VALIDATION_TIMED_OUT' AND blobs_removed_at IS NULL;
COMMENT ON COLUMN documents.blobs_removed_at IS
    'When the blobs of a deleted document, or of one whose validation timed out, were removed; NULL while retention still has to.';
