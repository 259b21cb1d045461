package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;

/** The refusals several rules share, worded once. */
final class Refusals {

    private Refusals() {}

    static ApplyResult insufficientFunds(long held, long needed, String what) {
        return reject(TxError.INSUFFICIENT_FUNDS, what + " " + held + " is less than " + needed);
    }

    static ApplyResult notPositive(String what) {
        return reject(TxError.INVALID_AMOUNT, what + " must be positive");
    }

    static ApplyResult coordinatorOnly(String action) {
        return reject(TxError.UNAUTHORIZED, "only the coordinator " + action);
    }

    static ApplyResult unknownJob(Hash id) {
        return reject(TxError.UNKNOWN_JOB, "no job " + id);
    }

    static ApplyResult wrongState(Job job, String action) {
        return reject(TxError.INVALID_JOB_STATE, "job " + job.id().shortHex() + " is " + job.status() + " and cannot be " + action);
    }

    static ApplyResult notLeaseHolder(Job job) {
        return reject(TxError.NOT_LEASE_HOLDER, "the signer does not hold the current lease of job " + job.id().shortHex());
    }

    static ApplyResult noPrice() {
        return reject(TxError.PRICE_UNAVAILABLE, "no fresh oracle price: too few recent, agreeing reports");
    }
}
