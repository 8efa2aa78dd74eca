package dev.knm.fleet;

import com.fasterxml.jackson.core.JsonFactory;

/** The one jackson-core factory fleet mode writes its small JSON documents with. */
final class FleetJson {
  static final JsonFactory FACTORY = new JsonFactory();

  private FleetJson() {}
}
