/**
 * Signals that several provider identities are one machine: a shared GPU UUID (hard evidence:
 * one physical GPU cannot serve two providers), a shared hardware fingerprint, a shared network
 * origin, and response times that rise and fall together when the identities are challenged in the
 * same slots (one GPU shared between them slows all of them at once). Honest neighbours in one
 * datacenter share a /24 and nothing else, so a soft signal flags only together with a second,
 * independent one.
 */
package dev.gridmint.verify.sybil;
