package dev.gridmint.cli;

import dev.gridmint.cli.ParamOverrides.Param;
import dev.gridmint.cli.ParamOverrides.Setting;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.sim.config.EconomyParams;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a genesis parameter file, as {@code gridmint sim tune} writes it: {@code name=value} lines under the names
 * {@code gridmint params propose --set} takes, in the same units; blank lines and lines starting with {@code #} are
 * skipped. Strict: an unknown name, a name given twice, a line without {@code =}, a value that does not parse or one
 * the ledger's parameter records refuse is a {@link UserError} naming the file and the line.
 */
public final class GenesisParamsFile {

    private static final long MAX_BYTES = 64 * 1024;

    private GenesisParamsFile() {}

    /** {@code base} with the file's settings applied. */
    static NetworkParams apply(NetworkParams base, Path file) {
        return ParamOverrides.applyAll(base, read(file));
    }

    /**
     * The simulator's economy with the file applied over the defaults, for {@code gridmint sim run --params}: the
     * same reading and checks as a genesis, with a placeholder council (the simulator has none).
     */
    public static EconomyParams economy(Path file) {
        NetworkParams base = EconomyParams.DEFAULTS.applyTo(
                NetworkParams.defaults(List.of(new Address(new byte[Address.LENGTH])), List.of()));
        return EconomyParams.of(apply(base, file));
    }

    /** The file's settings, in file order, each parsed but not yet applied. */
    static List<Setting> read(Path file) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no parameter file at " + file);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new UserError(file + " is too large for a parameter file (over " + MAX_BYTES + " bytes)");
            }
            lines = Files.readAllLines(file);
        } catch (CharacterCodingException e) {
            throw new UserError(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        List<Setting> settings = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            settings.add(setting(where, line, names));
        }
        return settings;
    }

    private static Setting setting(String where, String line, Set<String> names) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw new UserError(where + ": expected name=value, got: " + line);
        }
        String name = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        Param param = ParamOverrides.KNOWN.get(name);
        if (param == null) {
            throw new UserError(where + ": unknown parameter '" + name + "'; the known parameters are:\n"
                    + ParamOverrides.knownNames());
        }
        if (!names.add(name)) {
            throw new UserError(where + ": " + name + " is given twice");
        }
        try {
            return new Setting(where + " (" + name + ")", param, param.parse().apply(value));
        } catch (IllegalArgumentException e) {
            throw new UserError(where + " (" + name + "): " + e.getMessage());
        }
    }
}
