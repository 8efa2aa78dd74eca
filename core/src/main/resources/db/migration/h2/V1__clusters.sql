-- knm store, H2 dialect. The unique LIVE name is a unique constraint on a generated column that is
-- NULL for soft-deleted rows (H2 unique constraints allow many NULLs).
CREATE TABLE clusters (
  id UUID PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  description VARCHAR(4096),
  server VARCHAR(4096),
  context_name VARCHAR(1024),
  sealed_kubeconfig BINARY VARYING(16777216),
  key_id VARCHAR(64),
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  deleted_at TIMESTAMP(6) WITH TIME ZONE,
  live_name VARCHAR(63) GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN name END),
  CONSTRAINT clusters_live_name_uq UNIQUE (live_name)
);

CREATE INDEX clusters_name_ix ON clusters (name);

CREATE TABLE cluster_labels (
  cluster_id UUID NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
  label_key VARCHAR(317) NOT NULL,
  label_value VARCHAR(63) NOT NULL,
  PRIMARY KEY (cluster_id, label_key)
);

CREATE INDEX cluster_labels_kv_ix ON cluster_labels (label_key, label_value);

CREATE TABLE cluster_states (
  cluster_id UUID PRIMARY KEY REFERENCES clusters (id) ON DELETE CASCADE,
  status VARCHAR(16) NOT NULL,
  node_count INTEGER,
  ready_nodes INTEGER,
  cpu_millis BIGINT,
  memory_bytes BIGINT,
  gpus BIGINT,
  kubernetes_version VARCHAR(64),
  last_heartbeat TIMESTAMP(6) WITH TIME ZONE,
  last_error VARCHAR(1024),
  checked_at TIMESTAMP(6) WITH TIME ZONE,
  timeout_count BIGINT DEFAULT 0 NOT NULL
);
