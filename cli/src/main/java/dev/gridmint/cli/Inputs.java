package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;

/** Parses what a user typed into exact values, turning every mistake into a {@link UserError} that names the option. */
final class Inputs {

    private Inputs() {}

    /** A positive amount of GRID in micro-GRID, such as "12.5". */
    static long positiveGrid(String text, String option) {
        long micro = grid(text, option);
        if (micro == 0) {
            throw new UserError(option + " must be more than 0 GRID");
        }
        return micro;
    }

    /** An amount of GRID (zero allowed) in micro-GRID. */
    static long grid(String text, String option) {
        try {
            return Amounts.parseGrid(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }

    /** A positive amount of compute credits in micro-CC, such as "25" (1 CC = 1 USD). */
    static long positiveCredits(String text, String option) {
        long micro;
        try {
            micro = Amounts.parseCredits(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        if (micro == 0) {
            throw new UserError(option + " must be more than 0 CC");
        }
        return micro;
    }

    /** A positive price in USD per GRID with at most six decimals, as micro-USD. */
    static long positiveUsd(String text, String option) {
        long micro;
        try {
            micro = Amounts.parseCredits(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": not a price in USD with at most 6 decimals: " + text);
        }
        if (micro == 0) {
            throw new UserError(option + " must be more than $0");
        }
        return micro;
    }

    /** A base58 address. */
    static Address address(String text, String what) {
        try {
            return Address.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new UserError(what + " is not an address (" + e.getMessage() + "): " + text);
        }
    }

    /** A 64-character hex hash such as a transaction, unbonding or proposal id. */
    static Hash hash(String text, String what) {
        try {
            return Hash.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new UserError(what + " is 64 hex characters, got: " + text);
        }
    }

    static Hash jobId(String text) {
        return hash(text, "a job id");
    }
}
