package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.api.Views.JobView;

/** A job for people. */
final class JobPrinter {

    private JobPrinter() {}

    static void print(JobView job) {
        System.out.println("Job        " + job.id());
        System.out.println("Status     " + job.status() + " (attempts: " + job.attempts() + ")");
        System.out.println("Workload   " + job.workload() + " " + String.join(" ", job.args()));
        System.out.println("Escrow     " + Amounts.credits(job.escrow()) + " left of " + Amounts.credits(job.deposited())
                + ", " + Amounts.credits(job.charged()) + " billed");
        if (job.lease() != null) {
            System.out.println("Provider   " + job.lease().provider() + " at " + Amounts.credits(job.lease().pricePerDeviceHour()) + " per device-hour");
        }
        if (job.resultHash() != null) {
            System.out.println("Result     " + job.resultHash() + " (" + job.usageMillis() + " ms billed)");
        }
        if (job.settlement() != null) {
            var s = job.settlement();
            System.out.println("Settled    charged " + Amounts.credits(s.charged()) + " = provider " + Amounts.credits(s.providerPaid())
                    + " + fee " + Amounts.credits(s.fee()) + "; refunded " + Amounts.credits(s.refunded())
                    + (s.unsettled() > 0 ? "; overdrawn by " + Amounts.credits(s.unsettled()) : ""));
        }
        if (job.telemetry() != null && job.telemetry().outcome() != null) {
            var outcome = job.telemetry().outcome();
            System.out.printf("Loss       train %.4f, validation %.4f%n", outcome.finalTrainLoss(), outcome.finalValLoss());
            System.out.println("Samples    " + String.join(", ", outcome.samples()));
        }
    }
}
