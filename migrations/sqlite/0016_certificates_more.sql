-- A version per status list, raised in the transaction that revokes a certificate on it. Every
-- instance keeps the signed status list in memory with the version it was built from, and one
-- read of this row tells it whether a revocation (on any instance) made its copy stale.
CREATE TABLE status_list_versions (
    list INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
