package dev.edgeplane.testkit;

import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a script run by {@link NodeProject}.
 *
 * @param output standard output and standard error, interleaved
 */
public record ScriptRun(int exitCode, String output) {

    /**
     * Returns the values the script reported on lines of the form {@code FACT <key> <value>}, by key.
     * The value is the rest of the line; a key reported twice keeps its last value.
     */
    public Map<String, String> facts() {
        Map<String, String> facts = new TreeMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.strip().split(" ", 3);
            if (parts.length == 3 && parts[0].equals("FACT")) {
                facts.put(parts[1], parts[2]);
            }
        }
        return facts;
    }
}
