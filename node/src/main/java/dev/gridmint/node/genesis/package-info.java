/**
 * Genesis files: the signed first transaction of a network.
 */
package dev.gridmint.node.genesis;
