/**
 * The adversarial benchmark: a seeded population of honest providers (float noise, flaky
 * networks), lazy providers, GPU spoofers, a sybil farm and colluding checkers, run through the real
 * verification code of the other packages. Device speed and network delay are models drawn from
 * the seed, never wall time, so one seed always gives the same report.
 */
package dev.gridmint.verify.adversary;
