package dev.gridmint.node.api;

/** The body of every error response: a stable code for programs and a message for people. */
public record ApiError(String code, String message) {}
