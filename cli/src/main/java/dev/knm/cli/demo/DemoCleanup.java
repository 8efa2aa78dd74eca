package dev.knm.cli.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the demo made (the sandbox, the workspace), closed once in reverse order: at the end of the
 * demo, or by a shutdown hook should the JVM be stopped first (a second Ctrl-C, SIGTERM during a
 * step that gives the JVM's default handling back, System.exit).
 */
final class DemoCleanup implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Thread hook = new Thread(this::closeAll, "knm-demo-cleanup");
  private boolean closed;

  DemoCleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  synchronized <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public void close() {
    closeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran: closeAll already happened
    }
  }

  private synchronized void closeAll() {
    if (closed) {
      return;
    }
    closed = true;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // the others are still closed
      }
    }
  }
}
