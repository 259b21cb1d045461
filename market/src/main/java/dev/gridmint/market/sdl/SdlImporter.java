package dev.gridmint.market.sdl;

import dev.gridmint.core.state.GpuCatalog;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.market.offer.Hardware;
import dev.gridmint.market.offer.Interconnect;
import dev.gridmint.market.offer.PricePolicy;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.NodeMinimums;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.RegionRule;
import dev.gridmint.market.order.Term;
import dev.gridmint.market.order.Tier;
import dev.gridmint.market.sdl.SdlImport.Deployment;
import dev.gridmint.market.sdl.Workload.EnvVar;
import dev.gridmint.market.sdl.Workload.Expose;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Akash SDL and maps each deployment (a service on a placement group, {@code count}
 * instances of a compute profile) to one market {@link Order}: {@code count} nodes of
 * {@code gpu.units} GPUs each, all placed at once, reserved, open-ended. Every field is either
 * used, reported with a warning, or refused; unknown keys are errors. All errors are collected,
 * each with its path, before the import gives up.
 */
public final class SdlImporter {

    static final int MAX_SERVICES = 32;
    static final int MAX_PROFILES = 32;
    static final int MAX_PLACEMENTS = 32;
    static final int MAX_DEPLOYMENTS = 64;
    static final int MAX_LIST = 128;
    static final int MAX_IMAGE_CHARS = 512;
    static final long MAX_CPU_MILLIS = 512_000;
    static final long MAX_MEMORY_BYTES = 16L << 40;
    static final long MAX_STORAGE_BYTES = 1L << 50;
    static final int MAX_GPU_RAM_GB = 1024;

    /** Provider attributes we map to the order's region allow list. */
    static final Set<String> REGION_KEYS = Set.of("region", "location-region");
    /** Attributes that restrict where data may live; an order cannot express them, so dropping one would be unsafe. */
    static final Set<String> UNENFORCEABLE_KEYS = Set.of("country", "location-country", "city", "location-city", "jurisdiction");

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_-]{0,62}";
    private static final String REGION = "[a-z0-9][a-z0-9-]{0,63}";
    private static final Pattern GPU_RAM = Pattern.compile("(\\d{1,4})\\s?(Gi|G|GB)");

    private final ImportOptions options;
    private final List<SdlIssue> errors = new ArrayList<>();
    private final List<SdlIssue> warnings = new ArrayList<>();
    /** Names as written, so that a reference to a profile that failed to parse is not also reported as undefined. */
    private final Set<String> serviceNames = new TreeSet<>();
    private final Set<String> profileNames = new TreeSet<>();
    private final Set<String> groupNames = new TreeSet<>();

    private SdlImporter(ImportOptions options) {
        this.options = options;
    }

    /** Imports the text of a {@code deploy.yaml}. Never throws on bad input: errors are in the result. */
    public static SdlImport importSdl(String text, ImportOptions options) {
        YamlNode root;
        try {
            root = YamlReader.read(text);
        } catch (SdlFailure failure) {
            return new SdlImport.Rejected(List.of(failure.issue), List.of());
        }
        return new SdlImporter(options).translate(root);
    }

    // ---- the parsed SDL, only what we keep ----

    private record Service(String name, String image, List<String> command, List<String> args, List<EnvVar> env,
                           List<Expose> expose) {}

    private record Profile(String name, long cpuMillis, long memoryBytes, long storageBytes, int gpus,
                           GpuRequirement gpu, Interconnect interconnect) {}

    private record Price(String denom, BigDecimal amount, String path) {}

    private record Group(String name, RegionRule regions, Map<String, Price> pricing) {}

    private record Entry(String service, String group, String profile, int count, String path) {}

    private SdlImport translate(YamlNode root) {
        Map<String, YamlNode> top = mapping(root);
        if (top == null) {
            return rejected();
        }
        keys(root, top, Set.of("version", "services", "profiles", "deployment"), Map.of(
                "endpoints", "IP endpoints are not supported: services get no leased IP address",
                "reclamation", "reclamation windows are not supported: the orders are reserved and are never reclaimed"));
        version(top.get("version"), "version");
        Map<String, Service> services = services(require(top, "services", ""));
        Map<String, Profile> compute = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        profiles(require(top, "profiles", ""), compute, groups);
        exposeTargets(services);
        List<Entry> entries = deployment(require(top, "deployment", ""));
        if (!errors.isEmpty()) {
            return rejected();
        }
        List<Deployment> deployments = build(entries, services, compute, groups);
        return errors.isEmpty() ? new SdlImport.Imported(deployments, warnings, options.prices().describe()) : rejected();
    }

    private SdlImport rejected() {
        return new SdlImport.Rejected(errors, warnings);
    }

    // ---- sections ----

    private void version(YamlNode node, String path) {
        if (node == null) {
            error(SdlCode.SDL_MISSING_FIELD, path, "'version' is required: \"2.0\" or \"2.1\"");
            return;
        }
        String v = text(node);
        if (v != null && !v.equals("2.0") && !v.equals("2.1")) {
            error(SdlCode.SDL_UNSUPPORTED_VERSION, path, "SDL version " + v + " is not supported; use \"2.0\" or \"2.1\"");
        }
    }

    private Map<String, Service> services(YamlNode node) {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, YamlNode> entries = named(node, MAX_SERVICES, "services");
        serviceNames.addAll(entries.keySet());
        for (var e : entries.entrySet()) {
            Service service = service(e.getKey(), e.getValue());
            if (service != null) {
                services.put(e.getKey(), service);
            }
        }
        return services;
    }

    private Service service(String name, YamlNode node) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return null;
        }
        keys(node, fields, Set.of("image", "command", "args", "env", "expose"), Map.of(
                "credentials", "registry credentials are not kept: a private image cannot be pulled",
                "dependencies", "start-order dependencies are not supported: services start independently",
                "params", "service params (volume mounts) are not supported: no volume is mounted"));
        String image = text(require(fields, "image", node.path()));
        if (image != null && (image.isBlank() || image.length() > MAX_IMAGE_CHARS || image.chars().anyMatch(Character::isWhitespace))) {
            error(SdlCode.SDL_BAD_VALUE, node.path() + ".image", "an image is 1.." + MAX_IMAGE_CHARS + " characters without spaces");
        }
        List<String> command = strings(fields.get("command"));
        List<String> args = strings(fields.get("args"));
        List<EnvVar> env = env(fields.get("env"));
        List<Expose> expose = new ArrayList<>();
        for (YamlNode item : list(fields.get("expose"))) {
            Expose port = expose(item);
            if (port != null) {
                expose.add(port);
            }
        }
        return new Service(name, image, command, args, env, expose);
    }

    private List<EnvVar> env(YamlNode node) {
        List<EnvVar> env = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (YamlNode item : list(node)) {
            String line = text(item);
            if (line == null) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            if (eq < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
                error(SdlCode.SDL_BAD_VALUE, item.path(), "an env entry is NAME=value with NAME of letters, digits and _");
            } else if (!seen.add(name)) {
                error(SdlCode.SDL_DUPLICATE_KEY, item.path(), "the variable " + name + " is set twice");
            } else {
                env.add(new EnvVar(name, line.substring(eq + 1)));
            }
        }
        return env;
    }

    private Expose expose(YamlNode node) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return null;
        }
        keys(node, fields, Set.of("port", "as", "proto", "to"), Map.of(
                "accept", "custom hostnames are not supported: the port is reachable only at the provider's address",
                "http_options", "HTTP proxy options are not supported: the provider's defaults apply"));
        Integer port = port(require(fields, "port", node.path()));
        Integer as = fields.containsKey("as") ? port(fields.get("as")) : port;
        String proto = "tcp";
        if (fields.containsKey("proto")) {
            String p = text(fields.get("proto"));
            if (p != null && !p.equalsIgnoreCase("tcp") && !p.equalsIgnoreCase("udp")) {
                error(SdlCode.SDL_BAD_VALUE, node.path() + ".proto", "proto is tcp or udp, got " + p);
            } else if (p != null) {
                proto = p.toLowerCase(Locale.ROOT);
            }
        }
        boolean global = false;
        List<String> targets = new ArrayList<>();
        for (YamlNode to : list(fields.get("to"))) {
            Map<String, YamlNode> target = mapping(to);
            if (target == null) {
                continue;
            }
            keys(to, target, Set.of("global", "service"), Map.of(
                    "ip", "IP leases are not supported: the port is exposed without a dedicated IP address"));
            if (target.containsKey("global")) {
                global |= bool(target.get("global"));
            }
            if (target.containsKey("service")) {
                String service = text(target.get("service"));
                if (service != null) {
                    targets.add(service);
                }
            }
        }
        return port == null || as == null ? null : new Expose(port, as, proto, global, targets);
    }

    /** A {@code to: - service: x} must name a service of the file; checked once every service is read. */
    private void exposeTargets(Map<String, Service> services) {
        for (Service service : services.values()) {
            for (int i = 0; i < service.expose().size(); i++) {
                for (String target : service.expose().get(i).services()) {
                    if (!serviceNames.contains(target)) {
                        error(SdlCode.SDL_UNDEFINED_REFERENCE, "services." + service.name() + ".expose[" + i + "].to",
                                "no service named '" + target + "'");
                    }
                }
            }
        }
    }

    private void profiles(YamlNode node, Map<String, Profile> compute, Map<String, Group> groups) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return;
        }
        keys(node, fields, Set.of("compute", "placement"), Map.of());
        Map<String, YamlNode> profiles = named(require(fields, "compute", node.path()), MAX_PROFILES, "compute profiles");
        profileNames.addAll(profiles.keySet());
        Map<String, YamlNode> placements = named(require(fields, "placement", node.path()), MAX_PLACEMENTS, "placement groups");
        groupNames.addAll(placements.keySet());
        for (var e : profiles.entrySet()) {
            Profile profile = profile(e.getKey(), e.getValue());
            if (profile != null) {
                compute.put(e.getKey(), profile);
            }
        }
        for (var e : placements.entrySet()) {
            Group group = group(e.getKey(), e.getValue());
            if (group != null) {
                groups.put(e.getKey(), group);
            }
        }
    }

    private Profile profile(String name, YamlNode node) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return null;
        }
        keys(node, fields, Set.of("resources"), Map.of());
        YamlNode resources = require(fields, "resources", node.path());
        Map<String, YamlNode> r = mapping(resources);
        if (r == null) {
            return null;
        }
        keys(resources, r, Set.of("cpu", "memory", "storage", "gpu"), Map.of());
        Long cpu = sized(require(r, "cpu", resources.path()), "units", "CPU units such as 0.5, 500m or 2, at most 512",
                Quantities::cpuMillis, 1, MAX_CPU_MILLIS);
        Long memory = sized(require(r, "memory", resources.path()), "size", "a size such as 512Mi, 1Gi or 8GB, at most 16Ti",
                Quantities::bytes, 1, MAX_MEMORY_BYTES);
        Long storage = storage(require(r, "storage", resources.path()));
        int gpus = 0;
        GpuRequirement gpu = null;
        Interconnect interconnect = Interconnect.PCIE;
        if (r.containsKey("gpu")) {
            YamlNode gpuNode = r.get("gpu");
            Map<String, YamlNode> g = mapping(gpuNode);
            if (g == null) {
                return null;
            }
            keys(gpuNode, g, Set.of("units", "attributes"), Map.of());
            YamlNode unitsNode = require(g, "units", gpuNode.path());
            String units = text(unitsNode);
            Optional<Integer> parsed = units == null ? Optional.empty() : Quantities.integer(units, 0, Hardware.MAX_GPUS);
            if (units != null && parsed.isEmpty()) {
                error(SdlCode.SDL_BAD_QUANTITY, unitsNode.path(), "GPU units are a whole number 0.." + Hardware.MAX_GPUS + ", got " + units);
            }
            gpus = parsed.orElse(0);
            if (gpus > 0) {
                var resolved = gpuModels(g.get("attributes"), gpuNode.path() + ".attributes");
                if (resolved == null) {
                    return null;
                }
                gpu = resolved.requirement();
                interconnect = resolved.interconnect();
            } else if (g.containsKey("attributes")) {
                warn(gpuNode.path() + ".attributes", "GPU attributes with 0 units ask for nothing and are ignored");
            }
        }
        if (cpu == null || memory == null || storage == null) {
            return null;
        }
        return new Profile(name, cpu, memory, storage, gpus, gpu, interconnect);
    }

    /** A {@code {units|size: q, attributes: ...}} block; attributes (such as a CPU architecture) are reported, not used. */
    private Long sized(YamlNode node, String key, String what, Function<String, Optional<Long>> parse,
                       long min, long max) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return null;
        }
        keys(node, fields, Set.of(key), Map.of("attributes", "resource attributes are not supported and are ignored"));
        YamlNode q = require(fields, key, node.path());
        String text = text(q);
        if (text == null) {
            return null;
        }
        Optional<Long> value = parse.apply(text).filter(v -> v >= min && v <= max);
        if (value.isEmpty()) {
            error(SdlCode.SDL_BAD_QUANTITY, q.path(), "expected " + what + ", got '" + text + "'");
            return null;
        }
        return value.get();
    }

    /** One volume or a list; their sizes add up to the disk the node must have. */
    private Long storage(YamlNode node) {
        if (node == null) {
            return null;
        }
        List<YamlNode> volumes = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        if (volumes.isEmpty() || volumes.size() > 16) {
            error(SdlCode.SDL_LIMIT_EXCEEDED, node.path(), "storage lists 1..16 volumes");
            return null;
        }
        int before = errors.size();
        long total = 0;
        for (YamlNode volume : volumes) {
            Map<String, YamlNode> fields = mapping(volume);
            if (fields == null) {
                return null;
            }
            keys(volume, fields, Set.of("size", "name", "attributes"), Map.of());
            if (fields.containsKey("name")) {
                text(fields.get("name"));
            }
            YamlNode sizeNode = require(fields, "size", volume.path());
            String text = text(sizeNode);
            Optional<Long> size = text == null ? Optional.empty() : Quantities.bytes(text).filter(b -> b <= MAX_STORAGE_BYTES);
            if (text != null && size.isEmpty()) {
                error(SdlCode.SDL_BAD_QUANTITY, sizeNode.path(), "expected a size such as 10Gi or 100GB, at most 1Pi, got '" + text + "'");
            }
            total = Math.min(MAX_STORAGE_BYTES, total + size.orElse(0L));
            volumeAttributes(fields.get("attributes"));
        }
        return errors.size() == before ? total : null;
    }

    private void volumeAttributes(YamlNode node) {
        Map<String, YamlNode> fields = node == null ? Map.of() : mapping(node);
        if (fields == null) {
            return;
        }
        keys(node, fields, Set.of("persistent"), Map.of(
                "class", "storage classes (such as ram or beta3) are not supported: the volume is plain node disk"));
        if (fields.containsKey("persistent") && bool(fields.get("persistent"))) {
            warn(fields.get("persistent").path(),
                    "persistent volumes are not supported: the size counts as scratch disk and the data does not outlive the lease");
        }
    }

    private record Gpus(GpuRequirement requirement, Interconnect interconnect) {}

    /**
     * {@code attributes.vendor.nvidia: [{model, ram, interface}]}. Named models become the market's
     * models of those families (with that memory, when given); entries with no model or {@code *}
     * and a {@code ram} size become "at least that much VRAM". No entries means any NVIDIA GPU.
     */
    private Gpus gpuModels(YamlNode node, String path) {
        if (node == null) {
            return new Gpus(new GpuRequirement.AtLeast(0, 0), Interconnect.PCIE);
        }
        Map<String, YamlNode> attributes = mapping(node);
        if (attributes == null) {
            return null;
        }
        keys(node, attributes, Set.of("vendor"), Map.of());
        YamlNode vendorNode = require(attributes, "vendor", path);
        Map<String, YamlNode> vendors = mapping(vendorNode);
        if (vendors == null) {
            return null;
        }
        for (String vendor : vendors.keySet()) {
            if (!vendor.equals("nvidia")) {
                error(SdlCode.SDL_UNSUPPORTED_FEATURE, vendorNode.path() + "." + vendor, "only NVIDIA GPUs are traded on the market");
            }
        }
        YamlNode nvidia = vendors.get("nvidia");
        List<YamlNode> choices = nvidia == null || nvidia instanceof YamlNode.Scalar s && s.isNull() ? List.of() : list(nvidia);
        int before = errors.size();
        Set<String> named = new TreeSet<>();
        int wildcards = 0;
        int minRam = Integer.MAX_VALUE;
        boolean allSxm = !choices.isEmpty();
        for (YamlNode choice : choices) {
            Map<String, YamlNode> c = mapping(choice);
            if (c == null) {
                return null;
            }
            keys(choice, c, Set.of("model", "ram", "interface"), Map.of());
            String model = c.containsKey("model") ? text(c.get("model")) : "*";
            Integer ram = c.containsKey("ram") ? gpuRam(c.get("ram")) : null;
            String iface = c.containsKey("interface") ? text(c.get("interface")) : null;
            if (iface != null && !iface.equals("pcie") && !iface.equals("sxm")) {
                error(SdlCode.SDL_BAD_VALUE, choice.path() + ".interface", "interface is pcie or sxm, got " + iface);
            }
            allSxm &= "sxm".equals(iface);
            if (model == null) {
                return null;
            } else if (model.equals("*")) {
                wildcards++;
                minRam = Math.min(minRam, ram == null ? 0 : ram);
            } else {
                named.addAll(variants(model, ram, choice.path() + ".model"));
            }
        }
        if (wildcards > 0 && wildcards < choices.size()) {
            error(SdlCode.SDL_UNSUPPORTED_FEATURE, nvidia.path(), "name GPU models, or use model '*' with a ram size, not both in one profile");
        }
        if (errors.size() > before) {
            return null;
        }
        GpuRequirement requirement = named.isEmpty()
                ? new GpuRequirement.AtLeast(minRam == Integer.MAX_VALUE ? 0 : minRam, 0)
                : new GpuRequirement.AnyOf(named);
        // SXM boards are NVLinked; a list that also accepts PCIe asks for nothing more than PCIe.
        return new Gpus(requirement, allSxm ? Interconnect.NVLINK : Interconnect.PCIE);
    }

    /** GPU memory as GB: "80Gi", "80G" and "80GB" all mean the 80 GB the card is sold as. */
    private Integer gpuRam(YamlNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        Matcher m = GPU_RAM.matcher(text.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > MAX_GPU_RAM_GB) {
            error(SdlCode.SDL_BAD_QUANTITY, node.path(), "GPU ram is a whole number of Gi, G or GB such as 80Gi, got '" + text + "'");
            return null;
        }
        return Integer.parseInt(m.group(1));
    }

    private List<String> variants(String family, Integer ram, String path) {
        List<GpuModel> models = GpuCatalog.family(family).stream()
                .filter(model -> ram == null || model.vramGb() == ram)
                .toList();
        if (models.isEmpty()) {
            List<GpuModel> all = GpuCatalog.family(family);
            error(SdlCode.SDL_UNKNOWN_GPU_MODEL, path, all.isEmpty()
                    ? "the market knows no GPU model '" + family + "'; known: " + String.join(", ", GpuCatalog.families())
                    : "no " + family + " with " + ram + " GB; known: " + String.join(", ", all.stream().map(GpuModel::name).toList()));
        }
        return models.stream().map(GpuModel::name).toList();
    }

    private Group group(String name, YamlNode node) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return null;
        }
        keys(node, fields, Set.of("attributes", "pricing"), Map.of(
                "signedBy", "auditor signatures are not supported: any provider that meets the order may serve it"));
        Set<String> regions = new TreeSet<>();
        YamlNode attributesNode = fields.get("attributes");
        Map<String, YamlNode> attributes = attributesNode == null ? Map.of() : mapping(attributesNode);
        if (attributes == null) {
            return null;
        }
        if (attributes.keySet().containsAll(REGION_KEYS)) {
            error(SdlCode.SDL_UNSUPPORTED_FEATURE, attributesNode.path(), "give the regions in one attribute, region or location-region, not both");
        }
        for (var e : attributes.entrySet()) {
            String key = e.getKey();
            if (REGION_KEYS.contains(key)) {
                YamlNode value = e.getValue();
                if (value instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
                    // An empty allow list would read as "anywhere", the opposite of what a region attribute is for.
                    error(SdlCode.SDL_BAD_VALUE, value.path(), "name at least one region");
                }
                for (YamlNode item : value instanceof YamlNode.Sequence ? list(value) : List.of(value)) {
                    String region = text(item);
                    if (region != null && !region.matches(REGION)) {
                        error(SdlCode.SDL_BAD_VALUE, item.path(), "a region is lower-case letters, digits and dashes, got '" + region + "'");
                    } else if (region != null) {
                        regions.add(region);
                    }
                }
            } else if (UNENFORCEABLE_KEYS.contains(key)) {
                error(SdlCode.SDL_UNSUPPORTED_FEATURE, e.getValue().path(), "orders can be restricted to regions only, not by "
                        + key + "; use the region attribute instead, so the placement is not silently widened");
            } else {
                warn(e.getValue().path(), "the provider attribute '" + key + "' is not supported: any provider may serve the order");
            }
        }
        Map<String, Price> pricing = new LinkedHashMap<>();
        YamlNode pricingNode = require(fields, "pricing", node.path());
        for (var e : named(pricingNode, MAX_PROFILES, "prices").entrySet()) {
            if (!profileNames.contains(e.getKey())) {
                error(SdlCode.SDL_UNDEFINED_REFERENCE, e.getValue().path(), "no compute profile named '" + e.getKey() + "'");
            }
            Price price = price(e.getValue());
            if (price != null) {
                pricing.put(e.getKey(), price);
            }
        }
        return new Group(name, new RegionRule(regions, Set.of(), Optional.empty()), pricing);
    }

    private Price price(YamlNode node) {
        Map<String, YamlNode> fields = mapping(node);
        if (fields == null) {
            return null;
        }
        keys(node, fields, Set.of("denom", "amount"), Map.of());
        YamlNode denomNode = require(fields, "denom", node.path());
        YamlNode amountNode = require(fields, "amount", node.path());
        String denom = text(denomNode);
        String amount = text(amountNode);
        if (denom != null && !denom.matches("[a-z][a-z0-9]{1,15}|ibc/[0-9A-Fa-f]{64}")) {
            error(SdlCode.SDL_BAD_VALUE, denomNode.path(), "not a denom: '" + denom + "'");
            return null;
        }
        Optional<BigDecimal> value = amount == null ? Optional.empty() : Quantities.decimal(amount).filter(v -> v.signum() > 0);
        if (amount != null && value.isEmpty()) {
            error(SdlCode.SDL_BAD_QUANTITY, amountNode.path(), "a price amount is a positive decimal, got '" + amount + "'");
        }
        return denom == null || value.isEmpty() ? null : new Price(denom, value.get(), node.path());
    }

    private List<Entry> deployment(YamlNode node) {
        List<Entry> entries = new ArrayList<>();
        for (var s : named(node, MAX_SERVICES, "deployed services").entrySet()) {
            if (!serviceNames.contains(s.getKey())) {
                error(SdlCode.SDL_UNDEFINED_REFERENCE, s.getValue().path(), "no service named '" + s.getKey() + "'");
            }
            for (var g : named(s.getValue(), MAX_PLACEMENTS, "placements").entrySet()) {
                YamlNode at = g.getValue();
                if (!groupNames.contains(g.getKey())) {
                    error(SdlCode.SDL_UNDEFINED_REFERENCE, at.path(), "no placement group named '" + g.getKey() + "'");
                }
                Map<String, YamlNode> fields = mapping(at);
                if (fields == null) {
                    continue;
                }
                keys(at, fields, Set.of("profile", "count"), Map.of());
                YamlNode profileNode = require(fields, "profile", at.path());
                String profile = text(profileNode);
                if (profile != null && !profileNames.contains(profile)) {
                    error(SdlCode.SDL_UNDEFINED_REFERENCE, profileNode.path(), "no compute profile named '" + profile + "'");
                }
                YamlNode countNode = require(fields, "count", at.path());
                String count = text(countNode);
                Optional<Integer> n = count == null ? Optional.empty() : Quantities.integer(count, 1, Order.MAX_NODES);
                if (count != null && n.isEmpty()) {
                    error(SdlCode.SDL_BAD_COUNT, countNode.path(), "count is a whole number 1.." + Order.MAX_NODES + ", got " + count);
                }
                if (profile != null && n.isPresent()) {
                    entries.add(new Entry(s.getKey(), g.getKey(), profile, n.get(), at.path()));
                }
            }
        }
        if (entries.size() > MAX_DEPLOYMENTS) {
            error(SdlCode.SDL_LIMIT_EXCEEDED, node.path(), "more than " + MAX_DEPLOYMENTS + " deployments");
        }
        Set<String> deployed = new TreeSet<>(entries.stream().map(Entry::service).toList());
        for (String service : serviceNames) {
            if (!deployed.contains(service)) {
                warnings.add(new SdlIssue(SdlCode.SDL_UNUSED_SERVICE, "services." + service,
                        "the service is not deployed anywhere, so it gets no order"));
            }
        }
        return entries;
    }

    // ---- orders ----

    private List<Deployment> build(List<Entry> entries, Map<String, Service> services, Map<String, Profile> compute,
                                   Map<String, Group> groups) {
        List<Deployment> deployments = new ArrayList<>();
        long nextId = options.firstOrderId();
        for (Entry entry : entries) {
            Service service = services.get(entry.service());
            Profile profile = compute.get(entry.profile());
            Group group = groups.get(entry.group());
            Workload workload = new Workload(service.name(), group.name(), profile.name(), entry.count(), service.image(),
                    service.command(), service.args(), service.env(), service.expose(), profile.cpuMillis(),
                    profile.memoryBytes(), profile.storageBytes());
            Price price = group.pricing().get(profile.name());
            if (price == null) {
                error(SdlCode.SDL_MISSING_FIELD, "profiles.placement." + group.name() + ".pricing." + profile.name(),
                        "the placement group has no price for the profile '" + profile.name() + "'");
                continue;
            }
            String asked = price.amount().toPlainString() + " " + price.denom() + "/block";
            if (profile.gpus() == 0) {
                checkDenom(price, false);
                warnings.add(new SdlIssue(SdlCode.SDL_NO_GPU, entry.path(), "the profile '" + profile.name()
                        + "' asks for no GPU and the market trades GPU nodes only, so this deployment gets no order; its workload is kept"));
                deployments.add(new Deployment(workload, Optional.empty(), asked));
                continue;
            }
            Long perGpuHour = perGpuHour(price, profile.gpus());
            if (perGpuHour == null) {
                continue;
            }
            var minimums = new NodeMinimums(profile.interconnect(), (int) ((profile.cpuMillis() + 999) / 1000),
                    Quantities.gibCeil(profile.memoryBytes()), Quantities.gibCeil(profile.storageBytes()), 0);
            Order order = new Order(nextId++, options.tenant(), profile.gpu(), profile.gpus(), entry.count(), minimums,
                    group.regions(), 0, perGpuHour, new Term.OpenEnded(), Tier.RESERVED, false);
            deployments.add(new Deployment(workload, Optional.of(order), asked));
        }
        return deployments;
    }

    /** Whether the denom is one we can convert; an AKT price is needed only when the amount is converted. */
    private boolean checkDenom(Price price, boolean converted) {
        PriceRule rule = options.prices();
        if (rule.isUsd(price.denom())) {
            return true;
        }
        if (price.denom().equals(PriceRule.AKT_DENOM)) {
            if (converted && rule.aktUsd().isEmpty()) {
                error(SdlCode.SDL_AKT_PRICE_REQUIRED, price.path() + ".denom",
                        "the price is in uakt; give the AKT price in USD (gridmint job import --akt-usd PRICE) to convert it to CC");
                return false;
            }
            return true;
        }
        error(SdlCode.SDL_UNSUPPORTED_DENOM, price.path() + ".denom", "the denom '" + price.denom() + "' cannot be converted to CC;"
                + " use uusdc, uact or uakt, or name a USDC IBC denom (gridmint job import --usdc-denom)");
        return false;
    }

    private Long perGpuHour(Price price, int gpus) {
        if (!checkDenom(price, true)) {
            return null;
        }
        BigDecimal exact = options.prices().exactPerGpuHour(price.amount(), price.denom(), gpus);
        if (exact.compareTo(BigDecimal.ONE) < 0 || exact.compareTo(BigDecimal.valueOf(PricePolicy.MAX_PRICE)) > 0) {
            error(SdlCode.SDL_PRICE_OUT_OF_RANGE, price.path() + ".amount", "the price comes to " + exact.toPlainString()
                    + " micro-CC per GPU-hour; the market takes 1.." + PricePolicy.MAX_PRICE);
            return null;
        }
        return options.prices().perGpuHour(price.amount(), price.denom(), gpus);
    }

    // ---- reading helpers: each reports what is wrong and returns null ----

    /** A mapping's entries; null when absent (already reported as missing) or not a mapping. */
    private Map<String, YamlNode> mapping(YamlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Mapping m) {
            return m.entries();
        }
        error(SdlCode.SDL_BAD_TYPE, node.path(), "expected a mapping, found a " + node.kind());
        return null;
    }

    /** A mapping whose keys are names (services, profiles, groups), at most {@code max} of them. */
    private Map<String, YamlNode> named(YamlNode node, int max, String what) {
        Map<String, YamlNode> entries = mapping(node);
        if (entries == null) {
            return Map.of();
        }
        if (entries.size() > max) {
            error(SdlCode.SDL_LIMIT_EXCEEDED, node.path(), "more than " + max + " " + what);
            return Map.of();
        }
        for (var e : entries.entrySet()) {
            if (!e.getKey().matches(NAME)) {
                error(SdlCode.SDL_BAD_VALUE, e.getValue().path(), "a name is 1..63 letters, digits, _ and -, starting with a letter or digit");
            }
        }
        return entries;
    }

    /** A list, or nothing when absent or null. */
    private List<YamlNode> list(YamlNode node) {
        if (node == null || node instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (node instanceof YamlNode.Sequence seq) {
            if (seq.items().size() > MAX_LIST) {
                error(SdlCode.SDL_LIMIT_EXCEEDED, node.path(), "more than " + MAX_LIST + " items");
                return List.of();
            }
            return seq.items();
        }
        error(SdlCode.SDL_BAD_TYPE, node.path(), "expected a list, found a " + node.kind());
        return List.of();
    }

    private List<String> strings(YamlNode node) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : list(node)) {
            String s = text(item);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** A value's text; null when absent (already reported as missing) or not a value. */
    private String text(YamlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        error(SdlCode.SDL_BAD_TYPE, node.path(), "expected a value, found " + (node instanceof YamlNode.Scalar ? "nothing" : "a " + node.kind()));
        return null;
    }

    private boolean bool(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.plain() && (s.text().equals("true") || s.text().equals("false"))) {
            return s.text().equals("true");
        }
        error(SdlCode.SDL_BAD_TYPE, node.path(), "expected true or false");
        return false;
    }

    private Integer port(YamlNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        Optional<Integer> port = Quantities.integer(text, 1, 65_535);
        if (port.isEmpty()) {
            error(SdlCode.SDL_BAD_VALUE, node.path(), "a port is 1..65535, got " + text);
            return null;
        }
        return port.get();
    }

    private YamlNode require(Map<String, YamlNode> fields, String key, String parentPath) {
        YamlNode node = fields.get(key);
        if (node == null) {
            error(SdlCode.SDL_MISSING_FIELD, parentPath.isEmpty() ? key : parentPath + "." + key, "'" + key + "' is required");
        }
        return node;
    }

    /** Known keys pass, unsupported ones are warnings that say what is lost, anything else is an error. */
    private void keys(YamlNode node, Map<String, YamlNode> fields, Set<String> known, Map<String, String> unsupported) {
        for (var e : fields.entrySet()) {
            if (known.contains(e.getKey())) {
                continue;
            }
            String path = e.getValue().path();
            String lost = unsupported.get(e.getKey());
            if (lost != null) {
                warn(path, lost);
            } else {
                error(SdlCode.SDL_UNKNOWN_KEY, path, "unknown key '" + e.getKey() + "'" + (known.isEmpty() ? "" : "; expected one of "
                        + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    private void error(SdlCode code, String path, String message) {
        errors.add(new SdlIssue(code, path, message));
    }

    private void warn(String path, String message) {
        warnings.add(new SdlIssue(SdlCode.SDL_UNSUPPORTED_FIELD, path, message));
    }
}
