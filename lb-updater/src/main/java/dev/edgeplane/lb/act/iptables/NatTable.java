package dev.edgeplane.lb.act.iptables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nat table parsed from iptables-save or iptables-restore text: declared chains and their
 * rules in order. Immutable.
 */
public final class NatTable {

    private final Map<String, List<NatRule>> rulesByChain;

    private NatTable(Map<String, List<NatRule>> rulesByChain) {
        this.rulesByChain = rulesByChain;
    }

    /**
     * Parses the {@code *nat} section of iptables-save output, or iptables-restore input that
     * declares chains, appends rules ({@code -A}) and inserts them ({@code -I CHAIN [position]}).
     * Other tables, comments and counters are skipped.
     *
     * @throws IllegalArgumentException if a line of the nat section cannot be parsed; the message
     *     gives the line number and text
     */
    public static NatTable parse(String text) {
        Map<String, List<NatRule>> chains = new LinkedHashMap<>();
        boolean inNat = false;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.startsWith("*")) {
                inNat = line.equals("*nat");
                continue;
            }
            if (!inNat || line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) {
                continue;
            }
            try {
                parseLine(line, chains);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid nat table line " + (n + 1) + ": '" + line + "': "
                        + e.getMessage(), e);
            }
        }
        Map<String, List<NatRule>> frozen = new LinkedHashMap<>();
        chains.forEach((chain, rules) -> frozen.put(chain, List.copyOf(rules)));
        return new NatTable(Collections.unmodifiableMap(frozen));
    }

    private static void parseLine(String line, Map<String, List<NatRule>> chains) {
        if (line.startsWith(":")) {
            int space = line.indexOf(' ');
            chains.putIfAbsent(space < 0 ? line.substring(1) : line.substring(1, space), new ArrayList<>());
            return;
        }
        List<String> words = split(line);
        if (words.size() < 2 || !(words.get(0).equals("-A") || words.get(0).equals("-I"))) {
            throw new IllegalArgumentException("expected a chain declaration, -A CHAIN or -I CHAIN");
        }
        String chain = words.get(1);
        List<NatRule> rules = chains.computeIfAbsent(chain, name -> new ArrayList<>());
        int skip = 2;
        int position = rules.size();
        if (words.get(0).equals("-I")) {
            position = 0;
            if (words.size() > 2 && words.get(2).matches("\\d+")) {
                position = Math.min(rules.size(), Integer.parseInt(words.get(2)) - 1);
                skip = 3;
            }
        }
        String spec = specAfter(line, skip);
        rules.add(position, new NatRule(chain, spec, words.subList(skip, words.size())));
    }

    /** Returns the text after the first {@code words} words of a line. */
    private static String specAfter(String line, int words) {
        int at = 0;
        for (int w = 0; w < words; w++) {
            at = line.indexOf(' ', at);
            if (at < 0) {
                return "";
            }
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
        }
        return line.substring(at);
    }

    /** Splits a rule into arguments the way iptables-restore does: on spaces, outside double quotes. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Returns the declared or used chains in order of appearance. */
    public List<String> chains() {
        return List.copyOf(rulesByChain.keySet());
    }

    /** Returns whether the chain is declared or has rules. */
    public boolean hasChain(String chain) {
        return rulesByChain.containsKey(chain);
    }

    /** Returns a chain's rules in order, empty if the chain is unknown. */
    public List<NatRule> rules(String chain) {
        return rulesByChain.getOrDefault(chain, List.of());
    }

    /**
     * Walks a chain of DNAT rules as the kernel does, top to bottom, and returns the share of
     * connections each DNAT target receives. Rules with other targets are skipped, since the walk
     * is meant for Edgeplane chains, which hold DNAT rules only. Connections that reach the end of
     * the chain are not counted, so the shares then sum to less than 1.
     */
    public Map<String, Double> walkShares(String chain) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double remaining = 1.0;
        for (NatRule rule : rules(chain)) {
            if (!"DNAT".equals(rule.target())) {
                continue;
            }
            double share = remaining * rule.probability();
            shares.merge(rule.toDestination(), share, Double::sum);
            remaining -= share;
        }
        return shares;
    }
}
