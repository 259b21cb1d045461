package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.Formats;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.EpochSummary;
import dev.gridmint.node.api.Views.LogEntryView;
import dev.gridmint.node.api.Views.ParamsView;
import dev.gridmint.node.api.Views.SupplyView;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code gridmint ledger} subcommands for the token economics: supply, epochs, accounts, transactions, parameters. */
final class LedgerEconomics {

    /** Log entries fetched per page when searching for a transaction: the API's most. */
    static final int PAGE = 1000;

    private LedgerEconomics() {}

    @Command(name = "supply", mixinStandardHelpOptions = true,
            description = {"Shows the GRID supply breakdown, the credits issued and the vault's state.",
                "outstanding = minted - burned = circulating + staked + vault + reward pool + vesting locked.",
                "Example: gridmint ledger supply --json"})
    static final class Supply implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print as JSON (micro-GRID and micro-CC integers).")
        boolean json;

        @Override
        public Integer call() {
            SupplyView supply = coordinator.client().supply();
            if (json) {
                JsonOut.print(System.out, supply);
                return 0;
            }
            row("Max supply", Amounts.grid(supply.maxSupply()));
            row("Minted", Amounts.grid(supply.minted()));
            row("Burned", Amounts.grid(supply.burned()));
            row("Outstanding", Amounts.grid(supply.outstanding()));
            row("  Circulating", Amounts.grid(supply.circulating()));
            row("  Staked", Amounts.grid(supply.staked()));
            row("  Vault", Amounts.grid(supply.vault()));
            row("  Reward pool", Amounts.grid(supply.rewardPool()));
            row("  Vesting locked", Amounts.grid(supply.vestingLocked()));
            row("Credits outstanding", Amounts.credits(supply.creditsOutstanding()));
            row("Credits escrowed", Amounts.credits(supply.creditsEscrowed()));
            row("Oracle price", Formats.price(supply.price()));
            row("Collateral ratio", Formats.collateralRatio(supply.collateralRatioBps()));
            row("Breaker", supply.breaker() + CreditsCommand.breakerNote(supply.breaker()));
            return 0;
        }

        private static void row(String name, String value) {
            System.out.printf("%-20s %28s%n", name, value);
        }
    }

    @Command(name = "epochs", mixinStandardHelpOptions = true,
            description = {"Lists closed epochs, newest first, with what each minted and burned.",
                "Columns: provider emission and its work and availability parts, checker emission, the burn into the vault,"
                + " the net emission re-minted, what was burned for good (amounts in GRID), and the oracle price at close.",
                "Example: gridmint ledger epochs --limit 7"})
    static final class Epochs implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--limit", defaultValue = "10", paramLabel = "N",
                description = "Epochs to show, 1 to 1000 (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print as JSON (micro-GRID integers).")
        boolean json;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 1000) {
                throw new UserError("--limit must be 1..1000, got " + limit);
            }
            List<EpochSummary> epochs = coordinator.client().epochs(limit);
            if (json) {
                JsonOut.print(System.out, Map.of("epochs", epochs));
                return 0;
            }
            if (epochs.isEmpty()) {
                System.out.println("No epoch has closed yet.");
                return 0;
            }
            System.out.printf("%6s %-20s %15s %15s %15s %15s %15s %15s %15s %12s%n", "EPOCH", "CLOSED", "PROVIDERS", "WORK",
                    "AVAILABILITY", "CHECKERS", "BURN", "NET EMISSION", "BURNED FOREVER", "PRICE USD");
            for (EpochSummary e : epochs) {
                System.out.printf("%6d %-20s %15s %15s %15s %15s %15s %15s %15s %12s%n", e.epoch(),
                        java.time.Instant.ofEpochSecond(e.closedAt()), micro(e.providerEmission()), micro(e.workRewards()),
                        micro(e.availabilityRewards()), micro(e.checkerEmission()), micro(e.burn()), micro(e.netEmission()),
                        micro(e.permanentlyBurned()), e.price() == 0 ? "-" : micro(e.price()));
            }
            return 0;
        }

        private static String micro(long micro) {
            return java.math.BigDecimal.valueOf(micro, 6).toPlainString();
        }
    }

    @Command(name = "account", mixinStandardHelpOptions = true,
            description = {"Shows an account: the same as 'gridmint account'.", "Example: gridmint ledger account <ADDRESS>"})
    static final class Account implements Callable<Integer> {

        @ArgGroup(multiplicity = "1")
        AccountCommand.Who who;

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print the account as JSON.")
        boolean json;

        @Override
        public Integer call() {
            AccountCommand.print(coordinator.client().account(who.resolve()), json);
            return 0;
        }
    }

    @Command(name = "tx", mixinStandardHelpOptions = true,
            description = {"Finds a transaction in the ledger's log by its hash: its height, type, signer, nonce and state root.",
                "Example: gridmint ledger tx 3f2a...e9 (the 64-character hash a command printed)"})
    static final class Tx implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(paramLabel = "HASH", description = "The transaction hash, 64 hex characters.")
        String hash;

        @Option(names = "--json", description = "Print the log entry as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Hash wanted = Inputs.hash(hash, "a transaction hash");
            CoordinatorClient client = coordinator.client();
            LogEntryView entry = find(client, wanted)
                    .orElseThrow(() -> new UserError("no transaction " + wanted.hex() + " in the log"));
            if (json) {
                JsonOut.print(System.out, entry);
            } else {
                System.out.println("Tx          " + entry.txHash());
                System.out.println("Height      " + entry.height());
                System.out.println("Type        " + entry.type());
                System.out.println("Signer      " + entry.signer());
                System.out.println("Nonce       " + entry.nonce());
                System.out.println("State root  " + entry.stateRoot());
            }
            return 0;
        }

        /** Pages through the whole log from height 1 for the entry with this hash. */
        static Optional<LogEntryView> find(CoordinatorClient client, Hash wanted) {
            long from = 1;
            while (true) {
                List<LogEntryView> page = client.log(from, PAGE);
                for (LogEntryView entry : page) {
                    if (entry.txHash() != null && entry.txHash().equalsIgnoreCase(wanted.hex())) {
                        return Optional.of(entry);
                    }
                }
                if (page.isEmpty()) {
                    return Optional.empty();
                }
                from = page.getLast().height() + 1;
            }
        }
    }

    @Command(name = "params", mixinStandardHelpOptions = true,
            description = {"Shows every network parameter in force, as set by genesis and council proposals.",
                "Example: gridmint ledger params --json"})
    static final class Params implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print the parameters as JSON (micro-GRID integers, addresses in base58).")
        boolean json;

        @Override
        public Integer call() {
            print(coordinator.client().params(), json);
            return 0;
        }

        static void print(ParamsView p, boolean json) {
            if (json) {
                JsonOut.print(System.out, p);
                return;
            }
            System.out.println("Jobs");
            row("maxJobAttempts", String.valueOf(p.maxJobAttempts()));
            System.out.println("Token");
            row("token.maxSupply", Amounts.grid(p.token().maxSupply()));
            row("token.providerRewardBps", bps(p.token().providerRewardBps()));
            row("token.checkerRewardBps", bps(p.token().checkerRewardBps()));
            System.out.println("Credits");
            row("credits.spreadBps", bps(p.credits().spreadBps()));
            row("credits.protocolFeeBps", bps(p.credits().protocolFeeBps()));
            row("credits.warnRatioBps", bps(p.credits().warnRatioBps()));
            row("credits.haltRatioBps", bps(p.credits().haltRatioBps()));
            row("credits.minRunwaySeconds", seconds(p.credits().minRunwaySeconds()));
            System.out.println("Oracle");
            row("oracle.reporters", p.oracle().reporters().isEmpty() ? "(none)" : String.join(", ", p.oracle().reporters()));
            row("oracle.minReports", String.valueOf(p.oracle().minReports()));
            row("oracle.maxAgeSeconds", seconds(p.oracle().maxAgeSeconds()));
            row("oracle.maxDeviationBps", bps(p.oracle().maxDeviationBps()));
            System.out.println("Emission");
            row("emission.epochSeconds", seconds(p.emission().epochSeconds()));
            row("emission.providerFirstYearBps", bps(p.emission().providerFirstYearBps()));
            row("emission.providerDecayBps", bps(p.emission().providerDecayBps()));
            row("emission.providerDecayPeriodYears", String.valueOf(p.emission().providerDecayPeriodYears()));
            row("emission.providerYears", String.valueOf(p.emission().providerYears()));
            row("emission.checkerYears", String.valueOf(p.emission().checkerYears()));
            row("emission.workShareBps", bps(p.emission().workShareBps()));
            row("emission.netEmissionCapBps", bps(p.emission().netEmissionCapBps()));
            System.out.println("Staking");
            row("staking.gpuStakeUnit", Amounts.grid(p.staking().gpuStakeUnit()) + " per GPU of the largest class");
            for (var gpuClass : p.staking().gpuClasses()) {
                row("  GPUs from " + gpuClass.minMemoryMb() / 1024 + " GB", Formats.percent(gpuClass.unitBps()) + " of the unit");
            }
            row("staking.cpuStakeUnit", Amounts.grid(p.staking().cpuStakeUnit()) + " per CPU node");
            row("staking.minCheckerStake", Amounts.grid(p.staking().minCheckerStake()));
            row("staking.delegationCommissionBps", bps(p.staking().delegationCommissionBps()));
            row("staking.unbondingSeconds", seconds(p.staking().unbondingSeconds()));
            System.out.println("Slashing");
            var s = p.slashing();
            row("slashing.declaredOutageMilliDays", String.valueOf(s.declaredOutageMilliDays()));
            row("slashing.undeclaredOutageMilliDays", String.valueOf(s.undeclaredOutageMilliDays()));
            row("slashing.downtimeStakeBps", bps(s.downtimeStakeBps()));
            row("slashing.fraudStakeBps", bps(s.fraudStakeBps()));
            row("slashing.earlyExitBaseDays", String.valueOf(s.earlyExitBaseDays()));
            row("slashing.earlyExitMaxAgeDays", String.valueOf(s.earlyExitMaxAgeDays()));
            row("slashing.reporterShareBps", bps(s.reporterShareBps()));
            System.out.println("Governance");
            row("governance.council", String.join(", ", p.governance().council()));
            row("governance.threshold", p.governance().threshold() + " of " + p.governance().council().size());
            row("governance.proposalTtlSeconds", seconds(p.governance().proposalTtlSeconds()));
            System.out.println("Verification");
            var v = p.verification();
            row("verification.kappaBps", bps(v.kappaBps()));
            row("verification.reputationAlphaBps", bps(v.reputationAlphaBps()));
            row("verification.fraudThreshold", String.valueOf(v.fraudThreshold()));
            row("verification.outvoteTolerance", String.valueOf(v.outvoteTolerance()));
            row("verification.lieThreshold", String.valueOf(v.lieThreshold()));
            row("verification.lieQuorum", String.valueOf(v.lieQuorum()));
            row("verification.lieSlashBps", bps(v.lieSlashBps()));
        }

        private static void row(String name, String value) {
            System.out.printf("  %-36s %s%n", name, value);
        }

        private static String bps(long bps) {
            return bps + " bps (" + Formats.percent(bps) + ")";
        }

        private static String seconds(long seconds) {
            return seconds + " s (" + Formats.duration(seconds) + ")";
        }
    }
}
