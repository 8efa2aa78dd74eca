package dev.knm.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An API error rendered as a metav1.Status. */
public final class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final transient ObjectNode details;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null);
  }

  public ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public ObjectNode status() {
    return status(code, reason, getMessage(), details);
  }

  static ObjectNode status(int code, String reason, String message, ObjectNode details) {
    ObjectNode s = Json.obj();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", code < 400 ? "Success" : "Failure");
    s.put("message", message);
    if (reason != null) {
      s.put("reason", reason);
    }
    if (details != null) {
      s.set("details", details);
    }
    s.put("code", code);
    return s;
  }

  static ApiException notFound(ResourceType t, String name) {
    ObjectNode d = details(t, name);
    return new ApiException(404, "NotFound", qualified(t) + " \"" + name + "\" not found", d);
  }

  /** The Status details the real server gives for an object: name, group, kind (plural). */
  private static ObjectNode details(ResourceType t, String name) {
    ObjectNode d = Json.obj();
    d.put("name", name);
    if (!t.group().isEmpty()) {
      d.put("group", t.group());
    }
    d.put("kind", t.plural());
    return d;
  }

  static ApiException alreadyExists(ResourceType t, String name) {
    ObjectNode d = details(t, name);
    return new ApiException(
        409, "AlreadyExists", qualified(t) + " \"" + name + "\" already exists", d);
  }

  static ApiException conflict(ResourceType t, String name) {
    ObjectNode d = details(t, name);
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + qualified(t)
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        d);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  private static String qualified(ResourceType t) {
    return t.group().isEmpty() ? t.plural() : t.plural() + "." + t.group();
  }
}
