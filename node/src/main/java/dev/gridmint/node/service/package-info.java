/**
 * HTTP services as the agent hosts them: a {@link dev.gridmint.node.service.LocalService} answers a
 * {@link dev.gridmint.node.service.ServiceCall}, whether the call came in over a loopback socket
 * ({@link dev.gridmint.node.service.HttpExchangeCall}) or through the port tunnel without one.
 */
package dev.gridmint.node.service;
