package dev.gridmint.node.training;

/** The service's answer to a worker's check-in (the worker parses it as its {@code Assignment}). */
public sealed interface Answer {

    record Wait() implements Answer {}

    record Work(long round, int shard, long cursor, String thetaHash) implements Answer {}

    record Done(String thetaHash) implements Answer {}
}
