package dev.knm.cli.options;

/** The -o values, named as kubectl names them. */
public enum OutputFormat {
  table,
  wide,
  json,
  yaml,
  name,
  ndjson
}
