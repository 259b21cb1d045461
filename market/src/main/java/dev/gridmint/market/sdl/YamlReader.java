package dev.gridmint.market.sdl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one YAML document into a {@link YamlNode} tree from the parser's events, not its object
 * loader. That way no anchor or alias is ever expanded (a "billion laughs" file fails on its first
 * anchor), no tag constructs anything, and a duplicate key is an error with its path rather than
 * the last value silently winning.
 */
final class YamlReader {

    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_DEPTH = 16;
    static final int MAX_NODES = 20_000;
    static final int MAX_KEY_CHARS = 128;
    static final int MAX_SCALAR_CHARS = 8192;

    private final Iterator<Event> events;
    private int nodes;

    private YamlReader(Iterator<Event> events) {
        this.events = events;
    }

    /** The document's root, or a {@link SdlFailure} naming the first problem. */
    static YamlNode read(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new SdlFailure(SdlCode.SDL_TOO_LARGE, "", "the file is over " + MAX_BYTES / 1024 + " KiB");
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel("sdl")
                .setUseMarks(true)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(0)
                .setCodePointLimit(MAX_BYTES)
                .build();
        try {
            return new YamlReader(new Parse(settings).parseString(text).iterator()).document();
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(mark -> " (line " + (mark.getLine() + 1) + ")").orElse("");
            throw new SdlFailure(SdlCode.SDL_YAML_SYNTAX, "", "not valid YAML: " + e.getProblem() + where);
        } catch (YamlEngineException e) {
            throw new SdlFailure(SdlCode.SDL_YAML_SYNTAX, "", "not valid YAML: " + e.getMessage());
        }
    }

    private YamlNode document() {
        expect(Event.ID.StreamStart);
        Event first = events.next();
        if (first.getEventId() == Event.ID.StreamEnd) {
            throw new SdlFailure(SdlCode.SDL_MISSING_FIELD, "", "the file is empty");
        }
        if (first.getEventId() != Event.ID.DocumentStart) {
            throw syntax(first, "expected a document");
        }
        YamlNode root = node(events.next(), "", 0);
        expect(Event.ID.DocumentEnd);
        Event end = events.next();
        if (end.getEventId() != Event.ID.StreamEnd) {
            throw syntax(end, "an SDL is one YAML document; found a second one");
        }
        return root;
    }

    private YamlNode node(Event event, String path, int depth) {
        if (event instanceof AliasEvent alias) {
            throw new SdlFailure(SdlCode.SDL_YAML_ALIAS, path, "YAML aliases (*" + alias.getAlias() + ") are not accepted; write the value out");
        }
        if (event instanceof NodeEvent withAnchor && withAnchor.getAnchor().isPresent()) {
            throw new SdlFailure(SdlCode.SDL_YAML_ALIAS, path, "YAML anchors (&" + withAnchor.getAnchor().get() + ") are not accepted; write the value out");
        }
        if (depth > MAX_DEPTH) {
            throw new SdlFailure(SdlCode.SDL_LIMIT_EXCEEDED, path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (++nodes > MAX_NODES) {
            throw new SdlFailure(SdlCode.SDL_LIMIT_EXCEEDED, path, "more than " + MAX_NODES + " values in the file");
        }
        return switch (event) {
            case ScalarEvent scalar -> scalar(scalar, path);
            case MappingStartEvent start -> mapping(start, path, depth);
            case SequenceStartEvent start -> sequence(start, path, depth);
            default -> throw syntax(event, "unexpected " + event.getEventId());
        };
    }

    private YamlNode.Scalar scalar(ScalarEvent scalar, String path) {
        if (scalar.getTag().isPresent()) {
            throw new SdlFailure(SdlCode.SDL_YAML_TAG, path, "YAML tags (" + scalar.getTag().get() + ") are not accepted");
        }
        if (scalar.getValue().length() > MAX_SCALAR_CHARS) {
            throw new SdlFailure(SdlCode.SDL_LIMIT_EXCEEDED, path, "a value is longer than " + MAX_SCALAR_CHARS + " characters");
        }
        return new YamlNode.Scalar(path, scalar.getValue(), scalar.isPlain());
    }

    private YamlNode.Mapping mapping(MappingStartEvent start, String path, int depth) {
        refuseTag(start, path);
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (Event event = events.next(); event.getEventId() != Event.ID.MappingEnd; event = events.next()) {
            if (event instanceof AliasEvent || event instanceof NodeEvent withAnchor && withAnchor.getAnchor().isPresent()) {
                throw new SdlFailure(SdlCode.SDL_YAML_ALIAS, path, "YAML anchors and aliases are not accepted" + line(event));
            }
            if (!(event instanceof ScalarEvent keyEvent) || keyEvent.getTag().isPresent()) {
                throw new SdlFailure(SdlCode.SDL_YAML_SYNTAX, path, "keys must be plain text" + line(event));
            }
            String key = keyEvent.getValue();
            if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
                throw new SdlFailure(SdlCode.SDL_LIMIT_EXCEEDED, path, "a key must have 1.." + MAX_KEY_CHARS + " characters" + line(event));
            }
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (entries.containsKey(key)) {
                throw new SdlFailure(SdlCode.SDL_DUPLICATE_KEY, childPath, "the key '" + key + "' appears twice" + line(event));
            }
            entries.put(key, node(events.next(), childPath, depth + 1));
        }
        return new YamlNode.Mapping(path, entries);
    }

    private YamlNode.Sequence sequence(SequenceStartEvent start, String path, int depth) {
        refuseTag(start, path);
        List<YamlNode> items = new ArrayList<>();
        for (Event event = events.next(); event.getEventId() != Event.ID.SequenceEnd; event = events.next()) {
            items.add(node(event, path + "[" + items.size() + "]", depth + 1));
        }
        return new YamlNode.Sequence(path, items);
    }

    private static void refuseTag(CollectionStartEvent start, String path) {
        if (start.getTag().isPresent()) {
            throw new SdlFailure(SdlCode.SDL_YAML_TAG, path, "YAML tags (" + start.getTag().get() + ") are not accepted");
        }
    }

    private void expect(Event.ID id) {
        Event event = events.next();
        if (event.getEventId() != id) {
            throw syntax(event, "expected " + id + ", found " + event.getEventId());
        }
    }

    private static SdlFailure syntax(Event event, String message) {
        return new SdlFailure(SdlCode.SDL_YAML_SYNTAX, "", message + line(event));
    }

    private static String line(Event event) {
        return event.getStartMark().map(Mark::getLine).map(line -> " (line " + (line + 1) + ")").orElse("");
    }
}
