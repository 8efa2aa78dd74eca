package dev.knm.watch;

/** The kinds of node change knm reports, with their stable wire names (ndjson {@code type}). */
public enum NodeEventType {
  ADDED("added"),
  REMOVED("removed"),
  CORDONED("cordoned"),
  UNCORDONED("uncordoned"),
  LABEL_ADDED("label-added"),
  LABEL_REMOVED("label-removed"),
  LABEL_CHANGED("label-changed"),
  TAINT_ADDED("taint-added"),
  TAINT_REMOVED("taint-removed"),
  TAINT_CHANGED("taint-changed"),
  /** A condition's status ({@code field} = its type) or reason ({@code field} = TYPE.reason). */
  CONDITION("condition"),
  CAPACITY("capacity"),
  ALLOCATABLE("allocatable"),
  KUBELET_VERSION("kubelet-version"),
  /** Ready changed more than the flap threshold within the window; {@code count} says how often. */
  FLAPPING("flapping"),
  /** A flapping node's Ready has been quiet for a window; {@code count}: changes while flapping. */
  SETTLED("settled");

  private final String wire;

  NodeEventType(String wire) {
    this.wire = wire;
  }

  /** The stable name in ndjson output and in the store. */
  public String wire() {
    return wire;
  }

  /**
   * @throws IllegalArgumentException for a name that is not one of ours
   */
  public static NodeEventType fromWire(String name) {
    for (NodeEventType t : values()) {
      if (t.wire.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown node event type: " + name);
  }
}
