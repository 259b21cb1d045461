/**
 * What the SQL backends share: the log and snapshot queries over JDBI, with each dialect and
 * connection model left to its backend.
 */
package dev.gridmint.store.sql;
