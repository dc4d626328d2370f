package workshop.proof;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the small part of YAML that the project's workflow files use: block mappings and
 * block lists by indentation, plain or quoted one-line scalars, and comment lines. Anything else
 * (flow collections, multi-line scalars, anchors, tabs) is an error rather than a guess.
 */
final class MiniYaml {

    private final List<String> lines = new ArrayList<>();
    private int at;

    private MiniYaml(String text) {
        for (String line : text.split("\n", -1)) {
            String stripped = line.stripTrailing();
            if (stripped.isBlank() || stripped.strip().startsWith("#")) {
                continue;
            }
            if (line.contains("\t")) {
                throw new IllegalArgumentException("Tabs are not YAML indentation: " + line);
            }
            lines.add(stripped);
        }
    }

    static Object parse(String text) {
        MiniYaml reader = new MiniYaml(text);
        if (reader.lines.isEmpty()) {
            return null;
        }
        Object node = reader.block(indent(reader.lines.get(0)));
        if (reader.at != reader.lines.size()) {
            throw new IllegalArgumentException("Unexpected indentation: " + reader.lines.get(reader.at));
        }
        return node;
    }

    private Object block(int indent) {
        return lines.get(at).substring(indent).startsWith("- ") ? list(indent) : map(indent);
    }

    private List<Object> list(int indent) {
        List<Object> list = new ArrayList<>();
        while (at < lines.size() && indent(lines.get(at)) == indent && lines.get(at).substring(indent).startsWith("- ")) {
            String item = lines.get(at).substring(indent + 2);
            if (isKeyValue(item)) {
                // "- key: value" starts a mapping whose keys line up two columns further in.
                lines.set(at, " ".repeat(indent + 2) + item);
                list.add(map(indent + 2));
            } else {
                list.add(scalar(item));
                at++;
            }
        }
        return list;
    }

    private Map<String, Object> map(int indent) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (at < lines.size() && indent(lines.get(at)) == indent) {
            String line = lines.get(at).substring(indent);
            if (!isKeyValue(line)) {
                throw new IllegalArgumentException("Expected key: value, got: " + lines.get(at));
            }
            int colon = line.endsWith(":") && !line.contains(": ") ? line.length() - 1 : line.indexOf(": ");
            String key = line.substring(0, colon).strip();
            String rest = line.substring(colon + 1).strip();
            at++;
            Object value;
            if (!rest.isEmpty()) {
                value = scalar(rest);
            } else if (at < lines.size() && indent(lines.get(at)) > indent) {
                value = block(indent(lines.get(at)));
            } else {
                value = null;
            }
            if (map.put(key, value) != null) {
                throw new IllegalArgumentException("Key twice: " + key);
            }
        }
        return map;
    }

    private static boolean isKeyValue(String text) {
        return !text.startsWith("\"") && !text.startsWith("'") && (text.contains(": ") || text.endsWith(":"));
    }

    private static String scalar(String text) {
        if (text.startsWith("{") || text.startsWith("[") || text.startsWith("&") || text.startsWith("*") || text.startsWith("|") || text.startsWith(">")) {
            throw new IllegalArgumentException("Not supported here: " + text);
        }
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return text;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
