/**
 * The agent link's messages and its challenge-response login.
 */
package dev.gridmint.node.protocol;
