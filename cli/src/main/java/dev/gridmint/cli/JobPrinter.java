package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.MemberView;

/** A job for people. */
final class JobPrinter {

    private JobPrinter() {}

    /** Who runs the job: its provider, a gang's members' providers (a vacant seat as -), or - when none. */
    static String providers(JobView job) {
        if (job.nodes() > 1) {
            return String.join(",", job.members().stream()
                    .map(member -> member.lease() == null || member.state().equals("VACANT") ? "-" : member.lease().provider())
                    .toList());
        }
        return job.lease() == null ? "-" : job.lease().provider();
    }

    static void print(JobView job) {
        System.out.println("Job        " + job.id());
        System.out.println("Status     " + job.status() + " (attempts: " + job.attempts() + ")");
        System.out.println("Workload   " + job.workload() + " " + String.join(" ", job.args()));
        System.out.println("Escrow     " + Amounts.credits(job.escrow()) + " left of " + Amounts.credits(job.deposited())
                + ", " + Amounts.credits(job.charged()) + " billed");
        if (job.lease() != null) {
            System.out.println("Provider   " + job.lease().provider() + " at " + Amounts.credits(job.lease().pricePerDeviceHour()) + " per device-hour");
        }
        if (job.nodes() > 1) {
            System.out.println("Gang       " + job.nodes() + " nodes of " + job.devices() + " device(s) each");
            for (MemberView member : job.members()) {
                var lease = member.lease();
                System.out.printf("  member %-3d %-8s %s%n", member.index(), member.state(), lease == null ? "waiting for a provider"
                        : lease.provider() + " (attempt " + lease.attempt() + ", " + Amounts.credits(lease.pricePerDeviceHour())
                                + " per device-hour, " + Amounts.credits(lease.billed()) + " billed)");
            }
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
