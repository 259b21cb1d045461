/**
 * An in-process acceptance-test DSL for Gridmint: {@link dev.gridmint.node.acceptance.dsl.TestNetwork}
 * starts a real coordinator (SQLite, REST, SSE, agent WebSocket on a free port) under a temporary
 * directory, and hands out named providers (real agents running real child-process workloads),
 * tenants and jobs. No mocks; waits are {@link dev.gridmint.node.acceptance.dsl.Eventually polls with
 * a deadline}, never timing assertions.
 *
 * <pre>{@code
 * try (var network = TestNetwork.start(tempDir)) {
 *     network.provider("p1").start(1 * TestNetwork.GRID);
 *     var job = network.tenant("alice").submitsTraining(200);
 *     job.awaitStatus("SETTLED", Duration.ofSeconds(60));
 *     assertThat(network.balanceOf("p1")).isEqualTo(job.settlement().providerPaid());
 * }
 * }</pre>
 *
 * <p>It ships in the node module's test jar, so other modules' tests (the CLI's) can drive a network too.
 * Raw access for misbehaving clients: {@link dev.gridmint.node.acceptance.dsl.RawHttp},
 * {@link dev.gridmint.node.acceptance.dsl.AgentSocket} and {@link dev.gridmint.node.acceptance.dsl.EventTap}.
 */
package dev.gridmint.node.acceptance.dsl;
