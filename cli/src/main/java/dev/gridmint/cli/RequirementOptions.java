package dev.gridmint.cli;

import dev.gridmint.core.state.JobRequirements;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a job may ask of the machine besides devices and price: {@code gridmint job submit}'s
 * requirement options, mapped into the job's order on the market. All optional.
 */
final class RequirementOptions {

    @Option(names = "--gpu-model", split = ",", paramLabel = "MODEL",
            description = "Accepted GPU models, as the market names them (H100-80GB, A100-40GB, ...; see gridmint market offers)."
                    + " Repeat or separate with commas. Default: any device, CPUs included.")
    List<String> gpuModels = new ArrayList<>();

    @Option(names = "--min-vram", paramLabel = "GB", defaultValue = "0",
            description = "Least memory per GPU in GB; leaves CPU machines out. Not with --gpu-model.")
    int minVramGb;

    @Option(names = "--min-tflops", paramLabel = "TFLOPS", defaultValue = "0",
            description = "Least dense FP16/BF16 TFLOPS per GPU, as the market's catalog rates each model (H100 989, A100 312,"
                    + " RTX 4090 165, ...); leaves CPU machines and unrated GPUs out. Not with --gpu-model.")
    int minTflops;

    @Option(names = "--min-reputation", paramLabel = "N", defaultValue = "0",
            description = "Least ledger reputation (0..1000; new providers start at 500) the provider must hold;"
                    + " the checkers' verdicts move it at each epoch close.")
    int minReputation;

    @Option(names = "--region", split = ",", paramLabel = "REGION",
            description = "Regions the job may run in. Repeat or separate with commas. Default: anywhere.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--deny-region", split = ",", paramLabel = "REGION", description = "Regions the job must not run in.")
    List<String> deniedRegions = new ArrayList<>();

    @Option(names = "--spot", description = "Take interruptible (spot) capacity rather than reserved.")
    boolean spot;

    @Option(names = "--auction", paramLabel = "SECONDS", defaultValue = "0",
            description = "Put the job to a reverse auction open this long (1..3600 s): providers bid, you pick one with"
                    + " 'gridmint market accept', or the best is taken when it closes. Default: instant matching.")
    int auctionSeconds;

    /** The requirements, refused with a clear message when they do not make sense together. */
    JobRequirements toRequirements() {
        try {
            return new JobRequirements(gpuModels, minVramGb, regions, deniedRegions, spot, auctionSeconds, minTflops, minReputation);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
