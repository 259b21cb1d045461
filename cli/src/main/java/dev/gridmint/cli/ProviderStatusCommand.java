package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows this provider as the network sees it: its offer, whether it is online and busy, its stake,",
                "balance and reputation, and any sybil flag that names it."})
final class ProviderStatusCommand implements Callable<Integer> {

    @Mixin
    ProviderSettingsOptions settings;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Address address = KeyOptions.loadKey(settings.keyPath()).address();
        var client = new CoordinatorClient(settings.coordinatorUrl());
        Views.AccountView account = client.account(address);
        Optional<Views.ProviderView> provider = client.providers().stream().filter(p -> p.address().equals(address.toString())).findFirst();
        List<VerificationView.SybilEntry> flags = client.verification().sybils().stream()
                .filter(flag -> flag.identities().contains(address.toString())).toList();
        if (json) {
            JsonOut.print(System.out, status(account, provider, flags));
        } else {
            print(account, provider, flags);
        }
        return 0;
    }

    private static Map<String, Object> status(Views.AccountView account, Optional<Views.ProviderView> provider,
            List<VerificationView.SybilEntry> flags) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("address", account.address());
        status.put("registered", provider.isPresent());
        status.put("balance", account.balance());
        status.put("stake", account.providerStake());
        status.put("required_stake", account.requiredStake());
        status.put("active", account.providerActive());
        status.put("unclaimed_rewards", account.unclaimedRewards());
        provider.ifPresent(p -> {
            status.put("device_model", p.deviceModel());
            status.put("device_count", p.deviceCount());
            status.put("region", p.region());
            status.put("price_per_device_hour", p.pricePerDeviceHour());
            status.put("online", p.online());
            status.put("running_job", p.runningJob());
            status.put("reputation", p.reputation());
            status.put("down_mbps", p.downMbps());
            status.put("up_mbps", p.upMbps());
            status.put("disk_free_gb", p.diskFreeGb());
            status.put("disk_total_gb", p.diskTotalGb());
        });
        status.put("sybil_flags", flags);
        return status;
    }

    private static void print(Views.AccountView account, Optional<Views.ProviderView> provider, List<VerificationView.SybilEntry> flags) {
        System.out.println("Provider   " + account.address());
        if (provider.isEmpty()) {
            System.out.println("Not registered: start the agent ('gridmint provider --config FILE') and it registers this machine.");
        }
        provider.ifPresent(p -> {
            System.out.println("Offer      " + p.deviceCount() + " x " + p.deviceModel() + " in " + p.region() + " at "
                    + Amounts.credits(p.pricePerDeviceHour()) + " per device-hour");
            System.out.println("Online     " + (p.online() ? "yes" : "no") + (p.runningJob() == null ? ", idle" : ", running job " + p.runningJob()));
            System.out.println("Reputation " + p.reputation() + " / 1000");
            System.out.println("Measured   " + p.downMbps() + " Mbit/s down, " + p.upMbps() + " Mbit/s up to the coordinator; "
                    + p.diskFreeGb() + " of " + p.diskTotalGb() + " GB free for job data");
        });
        System.out.println("Stake      " + Amounts.grid(account.providerStake()) + " bonded, " + Amounts.grid(account.requiredStake())
                + " required" + (account.providerActive() ? "" : " (halted: bond more to take leases)"));
        System.out.println("Balance    " + Amounts.grid(account.balance()) + ", rewards to claim " + Amounts.grid(account.unclaimedRewards()));
        for (VerificationView.SybilEntry flag : flags) {
            System.out.println("Flagged    with " + (flag.identities().size() - 1) + " other key(s): "
                    + flag.evidence().stream().map(e -> e.kind() + " " + e.detail()).toList());
        }
    }
}
