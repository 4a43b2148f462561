package dev.edgeplane.schemas.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The released versions of one event record, read from class path resources
 * {@code avro-history/<RecordName>/v1.avsc}, {@code v2.avsc} and so on.
 *
 * <p>Each file contains one released schema in full, with every named type it uses written inline, so
 * that a version stays readable after shared records change. Versions are numbered from 1 without
 * gaps; loading stops at the first missing number. Reading blocks on class path I/O.
 */
public final class SchemaHistory {

    /** Class path folder that contains one subfolder per record. */
    public static final String RESOURCE_ROOT = "avro-history";

    private final String recordName;
    private final List<Schema> versions;

    private SchemaHistory(String recordName, List<Schema> versions) {
        this.recordName = recordName;
        this.versions = List.copyOf(versions);
    }

    /** Loads the history of a record by its simple name, such as NodeMetrics, with this class's loader. */
    public static SchemaHistory load(String recordName) {
        return load(recordName, SchemaHistory.class.getClassLoader());
    }

    /**
     * Loads the history of a record by its simple name.
     *
     * @throws IllegalStateException when there is no v1, when a file does not parse, or when a file
     *     contains a record with another name
     */
    public static SchemaHistory load(String recordName, ClassLoader loader) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = resourcePath(recordName, version);
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                versions.add(parse(recordName, path, in));
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read schema history file " + path, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("No released version of " + recordName + ": expected "
                    + resourcePath(recordName, 1) + " on the class path; add the schema as its first version");
        }
        return new SchemaHistory(recordName, versions);
    }

    /** Returns the class path resource of one version, such as {@code avro-history/NodeMetrics/v2.avsc}. */
    public static String resourcePath(String recordName, int version) {
        return RESOURCE_ROOT + "/" + recordName + "/v" + version + ".avsc";
    }

    private static Schema parse(String recordName, String path, InputStream in) throws IOException {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(in);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("Invalid schema in history file " + path + ": " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD || !schema.getName().equals(recordName)) {
            throw new IllegalStateException("History file " + path + " contains " + schema.getFullName()
                    + ", expected a record named " + recordName);
        }
        return schema;
    }

    /** Simple name of the record. */
    public String recordName() {
        return recordName;
    }

    /** Released versions, oldest first: index {@code i} is version {@code i + 1}. */
    public List<Schema> versions() {
        return versions;
    }

    /** Number of the newest released version. */
    public int latestVersion() {
        return versions.size();
    }

    /** Newest released version. */
    public Schema latest() {
        return versions.get(versions.size() - 1);
    }
}
