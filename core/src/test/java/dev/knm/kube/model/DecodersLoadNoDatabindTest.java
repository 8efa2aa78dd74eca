package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.ClassLoadLog;
import dev.knm.kube.NodeReaderTest;
import dev.knm.kube.paging.ListPage;
import dev.knm.kube.paging.ListPager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list decoders stream on jackson-core alone: databind costs ~400 classes on a cold JVM. Run in
 * a fresh JVM with class loading logged, since this one has loaded databind long ago.
 */
class DecodersLoadNoDatabindTest {
  /** Decodes a page of pods (lean and full) and a page of nodes; prints what it read. */
  public static void main(String[] args) throws Exception {
    byte[] pods =
        ("{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"namespace\":\"a\",\"name\":\"p\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"1\"}}}]},\"status\":{\"phase\":\"Running\"}}],"
                + "\"metadata\":{\"continue\":\"t\"}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] nodes =
        NodeReaderTest.node("n1", "True", false, "", "").getBytes(StandardCharsets.UTF_8);
    nodes =
        ("{\"items\":[" + new String(nodes, StandardCharsets.UTF_8) + "]}")
            .getBytes(StandardCharsets.UTF_8);
    ListPage<Pod> lean = ListPage.decode(pods, ListPager.POD.decoder());
    ListPage<JsonItem> full = ListPage.decode(pods, ListPager.POD_JSON.decoder());
    ListPage<NodeDoc> docs = ListPage.decode(nodes, (p, page) -> NodeDocDecoder.node(p));
    System.out.println(
        "decoded "
            + lean.items().get(0).request("cpu", true)
            + " "
            + full.items().get(0).key()
            + " "
            + docs.items().get(0).toSummary().status());
  }

  @Test
  void decoding_pods_and_nodes_loads_no_databind_class() throws Exception {
    // when
    ClassLoadLog r = ClassLoadLog.run(DecodersLoadNoDatabindTest.class);

    // then
    assertThat(r.exit()).as(r.log()).isZero();
    assertThat(r.log()).contains("decoded 1000 a/p Ready\n");
    List<String> loads = r.loaded();
    assertThat(loads).anyMatch(l -> l.contains(" com.fasterxml.jackson.core.JsonParser "));
    assertThat(loads).noneMatch(l -> l.contains(" com.fasterxml.jackson.databind."));
  }
}
