package dev.gridmint.sim.tune;

import java.util.List;

/**
 * A genesis parameter file: {@code name=value} lines under the names {@code gridmint params propose --set} takes,
 * values in the same units (bps whole, GRID with up to six decimals), {@code #} comments and blank lines ignored.
 * {@code gridmint genesis --params FILE} reads it, and the ledger's parameter records check every value.
 */
public final class ParamsFile {

    private ParamsFile() {}

    /** The file's text: the comment lines (each prefixed with {@code # }), then one line per parameter. */
    public static String render(SearchSpace space, List<Long> values, List<String> comments) {
        if (values.size() != space.dimensions()) {
            throw new IllegalArgumentException("expected " + space.dimensions() + " values, got " + values.size());
        }
        var out = new StringBuilder();
        comments.forEach(line -> out.append("# ").append(line).append('\n'));
        for (int i = 0; i < values.size(); i++) {
            TunedParam param = space.params().get(i);
            out.append(param.name()).append('=').append(param.fileValue(values.get(i))).append('\n');
        }
        return out.toString();
    }
}
