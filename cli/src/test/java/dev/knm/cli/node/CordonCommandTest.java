package dev.knm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm cordon` and `knm uncordon` against a sandbox. */
class CordonCommandTest {
  @TempDir static Path home;
  static Sandbox sb;
  static CliRunner cli;
  static String store;

  @BeforeAll
  static void start() {
    sb = Sandbox.start(SandboxOptions.builder().nodes(6).pods(0).build());
    store = "jdbc:h2:file:" + home.resolve("store");
    cli = new CliRunner(home).env("KNM_STORE", store);
    Result r =
        cli.run("import", "sb", "--kubeconfig", sb.writeKubeconfig(home.resolve("kc")).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @AfterEach
  void clearFaults() {
    sb.faults().reset();
  }

  static String n(int i) {
    return Scenario.nodeName(i);
  }

  static boolean cordoned(int i) {
    return sb.node(n(i)).node().path("spec").path("unschedulable").asBoolean();
  }

  @Test
  void cordons_says_already_and_uncordons_one_line_per_node() {
    Result first = cli.run("cordon", n(1), n(2), "-c", "sb");
    Result again = cli.run("cordon", n(1), "-c", "sb");
    Result dry = cli.run("uncordon", n(1), n(2), "-c", "sb", "--dry-run");
    boolean stillCordoned = cordoned(1) && cordoned(2);
    Result back = cli.run("uncordon", n(1), n(2), "-c", "sb");

    assertThat(first.out()).isEqualTo("node/" + n(1) + " cordoned\nnode/" + n(2) + " cordoned\n");
    assertThat(first.exitCode()).isZero();
    assertThat(again.out()).isEqualTo("node/" + n(1) + " already cordoned\n");
    assertThat(dry.out())
        .isEqualTo(
            "node/" + n(1) + " uncordoned (dry run)\nnode/" + n(2) + " uncordoned (dry run)\n");
    assertThat(stillCordoned).isTrue();
    assertThat(back.out())
        .isEqualTo("node/" + n(1) + " uncordoned\nnode/" + n(2) + " uncordoned\n");
    assertThat(cordoned(1) || cordoned(2)).isFalse();
    assertThat(cli.run("audit", "-c", "sb", "--no-headers").out().lines())
        .filteredOn(l -> l.contains("node/" + n(1)))
        .hasSize(3)
        .allMatch(l -> l.matches(".* (cordon|uncordon) +sb +node/.* ok +0"));
  }

  @Test
  void a_label_selector_picks_the_nodes() {
    // nodes 1 and 4 are in zone-b (zones go a, b, c)
    Result r = cli.run("cordon", "-c", "sb", "-l", "topology.kubernetes.io/zone=zone-b");
    cli.run("uncordon", "-c", "sb", "-l", "topology.kubernetes.io/zone=zone-b");

    assertThat(r.out()).isEqualTo("node/" + n(1) + " cordoned\nnode/" + n(4) + " cordoned\n");
  }

  @Test
  void a_closed_stdout_still_cordons_every_node() {
    // when: `knm cordon N5 N0 | head -1`
    Result r = cli.runPipedTo(1, "cordon", n(5), n(0), "-c", "sb");
    boolean both = cordoned(5) && cordoned(0);
    String audit = cli.run("audit", "-c", "sb", "-o", "wide").out();
    cli.run("uncordon", n(5), n(0), "-c", "sb");

    // then: head read one line; both nodes were cordoned and knm ended quietly with 0
    assertThat(r).isEqualTo(new Result(0, "node/" + n(5) + " cordoned\n", ""));
    assertThat(both).isTrue();
    assertThat(audit).containsPattern("cordon +sb +node/" + n(5).replace(".", "\\.") + ", node/");
    // and a reading command stops at its reader, quietly, as list does
    Result headOfAudit = cli.runPipedTo(1, "audit", "-c", "sb");
    assertThat(headOfAudit.exitCode()).isZero();
    assertThat(headOfAudit.out()).startsWith("TIME ").hasLineCount(1);
    assertThat(headOfAudit.err()).isEmpty();
  }

  @Test
  void a_cordon_the_server_refuses_is_audited_as_failed() {
    // given: the API server answers 403 for nodes
    sb.faults().forbid("nodes");

    // when
    Result r = cli.run("cordon", n(4), "-c", "sb");
    sb.faults().reset();

    // then: exit 7 (credentials rejected), and the attempt is in the audit log as failed
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(cordoned(4)).isFalse();
    assertThat(cli.run("audit", "-c", "sb", "--no-headers").out().lines())
        .filteredOn(l -> l.contains("node/" + n(4)))
        .singleElement()
        .matches(l -> l.matches(".* cordon +sb +node/" + n(4).replace(".", "\\.") + " +failed +7"));
  }

  @Test
  void some_nodes_failing_and_others_not_is_exit_code_3() {
    sb.faults().refuseWrites("/api/v1/nodes/" + n(3), 500);

    Result r = cli.run("cordon", n(2), n(3), "-c", "sb");
    cli.run("uncordon", n(2), "-c", "sb");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("node/" + n(2) + " cordoned\n");
    assertThat(r.err())
        .isEqualTo(
            "error: cluster sb: PUT /api/v1/nodes/"
                + n(3)
                + " failed (500 Internal error occurred: refused by the sandbox (fault knob))\n"
                + "error: could not cordon 1 of 2 nodes: "
                + n(3)
                + "\n");
    assertThat(cordoned(3)).isFalse();
  }

  @Test
  void bad_input_is_one_line_with_its_exit_code_and_changes_nothing() {
    List<String> before = StoreRows.dump(store);
    sb.requestLog().clear();

    assertThat(cli.run("cordon", n(5), "no-such-node", "-c", "sb"))
        .isEqualTo(new Result(1, "", "error: cluster sb: no node named no-such-node\n"));
    assertThat(cli.run("cordon", "-c", "sb", "-l", "pool=none"))
        .isEqualTo(
            new Result(1, "", "error: cluster sb: no nodes match the selector \"pool=none\"\n"));
    assertThat(cli.run("cordon", n(5), "-c", "sb", "-l", "pool=a"))
        .isEqualTo(
            new Result(2, "", "error: cannot specify both a node name and a --selector option\n"));
    assertThat(cli.run("uncordon", "-c", "sb"))
        .isEqualTo(new Result(2, "", "error: give one or more NODE names, or -l/--selector\n"));
    assertThat(cli.run("cordon", n(5), "-c", "nope"))
        .isEqualTo(new Result(1, "", "error: cluster 'nope' not found\n"));

    assertThat(sb.requestLog().count(e -> !e.method().equals("GET"))).isZero();
    assertThat(cordoned(5)).isFalse();
    assertThat(StoreRows.dump(store)).isEqualTo(before);
  }
}
