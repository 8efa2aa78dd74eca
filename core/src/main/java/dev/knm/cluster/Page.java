package dev.knm.cluster;

import java.util.List;

/** One page of a longer list: items on this page, 1-based page number, page size, total count. */
public record Page<T>(List<T> items, int page, int limit, long total) {
  public Page {
    items = List.copyOf(items);
  }
}
