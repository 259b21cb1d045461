/**
 * An in-process acceptance-test DSL for Gridmint: {@link dev.gridmint.node.acceptance.dsl.TestNetwork}
 * starts a real coordinator (SQLite, REST, SSE, agent WebSocket on a free port) under a temporary
 * directory, and hands out named providers (real agents running real child-process workloads),
 * tenants and jobs. No mocks; waits are {@link dev.gridmint.node.acceptance.dsl.Eventually polls with
 * a deadline}, never timing assertions. The economy is set up in one place: the coordinator is the
 * oracle and reports a fixed price, providers get their stake from the treasury and bond it, tenants
 * buy credits before they submit, and the coordinator's clock can be frozen and moved by hand.
 *
 * <pre>{@code
 * try (var network = TestNetwork.start(tempDir)) {
 *     var p1 = network.provider("p1").start(1 * TestNetwork.CC);     // funded, staked, online
 *     var job = network.tenant("alice").submitsTraining(200);         // buys the credits, then submits
 *     job.awaitStatus("SETTLED", Duration.ofSeconds(60));
 *     assertThat(p1.earned()).isEqualTo(job.providerGrid(p1));        // GRID at the oracle price
 * }
 * }</pre>
 *
 * <p>It ships in the node module's test jar, so other modules' tests (the CLI's) can drive a network too.
 * Raw access for misbehaving clients: {@link dev.gridmint.node.acceptance.dsl.RawHttp},
 * {@link dev.gridmint.node.acceptance.dsl.AgentSocket} and {@link dev.gridmint.node.acceptance.dsl.EventTap}.
 */
package dev.gridmint.node.acceptance.dsl;
