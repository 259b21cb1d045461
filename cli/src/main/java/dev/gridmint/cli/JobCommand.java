package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.client.CoordinatorClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "job", mixinStandardHelpOptions = true, description = "Submits and follows jobs.",
        subcommands = {JobCommand.Submit.class, JobCommand.Status.class, JobCommand.ListJobs.class, JobImportCommand.class,
                JobArtifactsCommand.ListArtifacts.class, JobArtifactsCommand.Download.class, JobLogsCommand.class,
                JobUrlCommand.class})
final class JobCommand extends CommandGroup {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Orders a job and locks its escrow of compute credits (buy them with 'gridmint credits buy')."
                    + " Example: gridmint job submit --key me.json train-names -- --steps 1500")
    static final class Submit implements Callable<Integer> {

        @Mixin
        KeyOptions key;

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(index = "0", paramLabel = "WORKLOAD", description = "Built-in workload, such as train-names.")
        String workload;

        @Parameters(index = "1..*", paramLabel = "ARG", description = "Workload arguments, after --.")
        List<String> args = new ArrayList<>();

        @Option(names = "--devices", defaultValue = "1", description = "Devices on one node (default ${DEFAULT-VALUE}).")
        int devices;

        @Option(names = "--max-seconds", defaultValue = "600", description = "Longest billable run (default ${DEFAULT-VALUE}).")
        long maxSeconds;

        @Option(names = "--max-price", defaultValue = "2.0", paramLabel = "CC",
                description = "Most you pay per device-hour, in compute credits (default ${DEFAULT-VALUE}).")
        String maxPrice;

        @Option(names = "--wait", description = "Follow the job until it is settled.")
        boolean await;

        // Requirements on the machine (models, VRAM, regions, spot): see RequirementOptions.
        @Mixin
        RequirementOptions requirements;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            JobSpec jobSpec;
            try {
                jobSpec = new JobSpec(workload, args, devices, maxSeconds, Amounts.parseCredits(maxPrice),
                        requirements.toRequirements());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            CoordinatorClient client = coordinator.client();
            Hash jobId = order(client, key, jobSpec);
            if (!json) {
                System.out.println("Job " + jobId.hex() + " submitted; escrow " + Amounts.credits(jobSpec.worstCaseCost()));
            }
            JobView job = !await ? client.job(jobId)
                    : json ? JobFollower.untilFinished(client, jobId, Duration.ofSeconds(maxSeconds + 120), view -> { })
                    : JobFollower.withProgressBar(client, jobId, Duration.ofSeconds(maxSeconds + 120));
            if (json) {
                JsonOut.print(System.out, job);
            } else if (await) {
                JobPrinter.print(job);
            }
            return 0;
        }
    }

    /** Signs and submits {@code jobSpec} with its worst-case escrow, after checking that the wallet's credits cover it. */
    static Hash order(CoordinatorClient client, KeyOptions key, JobSpec jobSpec) {
        var tenant = key.load();
        long escrow = jobSpec.worstCaseCost();
        long credits = client.account(tenant.address()).credits();
        if (credits < escrow) {
            throw new UserError("the escrow needs " + Amounts.credits(escrow) + " and the wallet holds "
                    + Amounts.credits(credits) + "; buy credits first: gridmint credits buy --key " + key.keyFile
                    + " --amount " + Amounts.credits(escrow - credits).replace(" CC", ""));
        }
        return Hash.parse(client.signAndSubmit(tenant, new SubmitJob(jobSpec, escrow)).txHash());
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows one job.")
    static final class Status implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(paramLabel = "JOB_ID")
        String id;

        @Option(names = "--json", description = "Print the job as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JobView job = coordinator.client().job(Inputs.jobId(id));
            if (json) {
                JsonOut.print(System.out, job);
            } else {
                JobPrinter.print(job);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every job.")
    static final class ListJobs implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print the jobs as JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<JobView> jobs = coordinator.client().jobs();
            if (json) {
                JsonOut.print(System.out, Map.of("jobs", jobs));
                return 0;
            }
            System.out.printf("%-14s %-10s %-12s %-10s %s%n", "JOB", "STATUS", "WORKLOAD", "ATTEMPTS", "PROVIDER");
            for (JobView job : jobs) {
                System.out.printf("%-14s %-10s %-12s %-10d %s%n", job.id().substring(0, 12), job.status(), job.workload(),
                        job.attempts(), job.lease() == null ? "-" : job.lease().provider());
            }
            return 0;
        }
    }
}
