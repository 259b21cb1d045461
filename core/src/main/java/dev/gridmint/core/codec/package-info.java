/**
 * The canonical binary encoding that transactions and states are hashed and signed in. Readers are
 * strict: bounded lengths, no trailing bytes, one encoding per value.
 */
package dev.gridmint.core.codec;
