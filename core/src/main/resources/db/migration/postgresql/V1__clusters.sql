-- knm store, PostgreSQL dialect. The unique LIVE name is a partial unique index.
CREATE TABLE clusters (
  id UUID PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  description VARCHAR(4096),
  server VARCHAR(4096),
  context_name VARCHAR(1024),
  sealed_kubeconfig BYTEA,
  key_id VARCHAR(64),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  deleted_at TIMESTAMPTZ
);

CREATE UNIQUE INDEX clusters_live_name_uq ON clusters (name) WHERE deleted_at IS NULL;
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
  last_heartbeat TIMESTAMPTZ,
  last_error VARCHAR(1024),
  checked_at TIMESTAMPTZ,
  timeout_count BIGINT NOT NULL DEFAULT 0
);
