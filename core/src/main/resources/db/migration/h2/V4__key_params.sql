-- knm store, H2 dialect. A store sealed with a passphrase-derived key keeps the key's Argon2id
-- parameters here (one row; none for a store sealed with a key file), so that the passphrase
-- opens it on any machine. key_id is the id of the key the right passphrase gives.
CREATE TABLE key_params (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kdf VARCHAR(16) NOT NULL,
  salt BINARY VARYING(64) NOT NULL,
  memory_kib INTEGER NOT NULL,
  iterations INTEGER NOT NULL,
  parallelism INTEGER NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
