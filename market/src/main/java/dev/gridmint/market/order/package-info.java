/** What tenants ask for: GPUs, nodes, where, how long, how much at most, and whether it may be interrupted. */
package dev.gridmint.market.order;
