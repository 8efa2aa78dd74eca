package dev.knm.kube.paging;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Decodes one item of a list page straight off the parser (jackson-core only): called on the item's
 * START_OBJECT, it must leave the parser on the matching END_OBJECT, skipping what it does not need
 * with {@link JsonParser#skipChildren()}.
 */
@FunctionalInterface
public interface ItemDecoder<T> {
  /**
   * @param page the bytes the parser reads, for decoders that keep an item's exact JSON
   */
  T decode(JsonParser p, byte[] page) throws IOException;
}
