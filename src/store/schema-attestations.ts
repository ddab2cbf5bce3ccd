/** The attestations table (attestations.ts): append-only rows, each pointing at its record blob. */
export const SCHEMA_ATTESTATIONS = `
CREATE TABLE attestations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL,
  day TEXT NOT NULL,
  control TEXT NOT NULL,
  attested_by TEXT NOT NULL,
  record_hash TEXT NOT NULL REFERENCES blobs(hash)
);
CREATE INDEX attestations_by_control ON attestations (control, recorded_at);
`;
