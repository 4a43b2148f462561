package dev.edgeplane.schemas.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.common.config.ConfigException;

/**
 * The setting keys a component accepts: exact names plus prefixes whose keys pass through to a Kafka
 * client, such as {@code consumer.}. {@link #check(Map)} rejects any other key and names the nearest
 * known one, so a misspelled {@code --set} key fails at start instead of being ignored.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class KnownSettings {

    /** Edits (Levenshtein distance) a suggestion may be away from the unknown key, at least. */
    private static final int MIN_SUGGESTION_DISTANCE = 2;

    private final String component;
    private final Set<String> names;
    private final List<String> prefixes;

    private KnownSettings(String component, Set<String> names, List<String> prefixes) {
        this.component = component;
        this.names = names;
        this.prefixes = prefixes;
    }

    /**
     * Returns the known settings of {@code component}, the word error messages put before "setting",
     * such as {@code anomaly}.
     */
    public static KnownSettings of(String component, Collection<String> names) {
        return new KnownSettings(component, Set.copyOf(new TreeSet<>(names)), List.of());
    }

    /** Returns these settings plus {@code more} names. */
    public KnownSettings withNames(Collection<String> more) {
        TreeSet<String> all = new TreeSet<>(names);
        all.addAll(more);
        return new KnownSettings(component, Set.copyOf(all), prefixes);
    }

    /** Returns these settings plus every key that starts with one of {@code more}, such as {@code producer.}. */
    public KnownSettings withPrefixes(String... more) {
        List<String> all = new ArrayList<>(prefixes);
        all.addAll(List.of(more));
        return new KnownSettings(component, names, List.copyOf(all));
    }

    /** Returns whether {@code key} is a known name or starts with a known prefix. */
    public boolean isKnown(String key) {
        return names.contains(key) || prefixes.stream().anyMatch(key::startsWith);
    }

    /**
     * Returns the known name closest to {@code key} in edits, when it is close enough to be a likely
     * misspelling: at most a third of the key's length, and at least two edits. Ties go to the
     * alphabetically first name.
     */
    public Optional<String> nearest(String key) {
        int limit = Math.max(MIN_SUGGESTION_DISTANCE, key.length() / 3);
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : new TreeSet<>(names)) {
            int d = distance.apply(key, name);
            if (d >= 0 && d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Checks that every key of {@code settings} is known.
     *
     * @throws ConfigException naming the first unknown key, in sorted order, and the nearest known key when there is one
     */
    public void check(Map<?, ?> settings) {
        for (String key : new TreeSet<>(settings.keySet().stream().map(String::valueOf).toList())) {
            if (!isKnown(key)) {
                throw new ConfigException(unknownMessage(key));
            }
        }
    }

    /** Returns the error message for the unknown {@code key}. */
    public String unknownMessage(String key) {
        return nearest(key)
                .map(name -> "Unknown " + component + " setting '" + key + "'. Did you mean '" + name + "'?")
                .orElse("Unknown " + component + " setting '" + key + "': no " + component
                        + " setting has that name or a similar one. Check the key's spelling.");
    }
}
