package dev.edgeplane.schemas.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.schemas.registry.internal.LruCache;
import dev.edgeplane.schemas.registry.internal.RegistryTransport;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (v1, Avro), with the
 * settings of {@link RestSchemaRegistryClientConfig}: several base URLs, basic authentication,
 * TLS, timeouts and bounded retries.
 *
 * <p>Ids are immutable in a registry, so the client caches id to schema, and (subject, schema) to
 * id, each up to {@code schema.registry.cache.capacity} entries; a cached call sends no request.
 * Everything else is asked of the registry every time.
 *
 * <p>Every method blocks until the registry responds or the retries are spent, and throws
 * {@link SchemaRegistryException} on failure. Instances are thread-safe and hold no resources that
 * need closing: the JDK HTTP client frees its connections when it is no longer referenced.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RegistryTransport transport;
    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<SubjectSchema, Integer> idsBySubjectSchema;

    /** A schema in a subject, by its canonical text, as the key of the id cache. */
    private record SubjectSchema(String subject, String schema) {
    }

    /**
     * Creates a client from serde-style settings; keys it does not know are ignored.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or invalid key
     */
    public RestSchemaRegistryClient(Map<String, ?> configs) {
        this(new RestSchemaRegistryClientConfig(configs));
    }

    public RestSchemaRegistryClient(RestSchemaRegistryClientConfig config) {
        this.transport = new RegistryTransport(config, mapper);
        this.schemasById = new LruCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new LruCache<>(config.cacheCapacity());
    }

    /** Creates a client for one base URL with default settings. */
    public static RestSchemaRegistryClient forUrl(String url) {
        return new RestSchemaRegistryClient(Map.of(RestSchemaRegistryClientConfig.URL_CONFIG, url));
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Optional<Integer> cached = idsBySubjectSchema.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        JsonNode response = transport.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requireInt(response, "id");
        remember(key, id, schema);
        return id;
    }

    @Override
    public int getId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Optional<Integer> cached = idsBySubjectSchema.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        JsonNode response = transport.send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requireInt(response, "id");
        remember(key, id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Optional<Schema> cached = schemasById.get(id);
        if (cached.isPresent()) {
            return cached.get();
        }
        JsonNode response = transport.send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(requireText(response, "schema"), "schema id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    /** Returns the subjects that have at least one live version. */
    public List<String> getSubjects() {
        List<String> subjects = new ArrayList<>();
        transport.send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    /** Returns the live version numbers of {@code subject}, oldest first. */
    public List<Integer> getVersions(String subject) {
        List<Integer> versions = new ArrayList<>();
        transport.send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(node -> versions.add(node.asInt()));
        return List.copyOf(versions);
    }

    /** Returns version {@code version} of {@code subject}. */
    public SubjectVersion getVersion(String subject, int version) {
        return subjectVersion(transport.send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    /** Returns the latest live version of {@code subject}. */
    public SubjectVersion getLatestVersion(String subject) {
        return subjectVersion(transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    /** Tests {@code schema} against the versions of {@code subject} that registering it would check. */
    public CompatibilityCheck testCompatibility(String subject, Schema schema) {
        return compatibility("/compatibility/subjects/" + encode(subject) + "/versions?verbose=true", schema);
    }

    /** Tests {@code schema} against version {@code version} of {@code subject} only. */
    public CompatibilityCheck testCompatibility(String subject, int version, Schema schema) {
        return compatibility("/compatibility/subjects/" + encode(subject) + "/versions/" + version + "?verbose=true", schema);
    }

    /** Returns the registry's global compatibility level. */
    public CompatibilityMode getGlobalCompatibility() {
        return level(transport.send("GET", "/config", null), "compatibilityLevel");
    }

    /** Sets the registry's global compatibility level. */
    public void setGlobalCompatibility(CompatibilityMode level) {
        transport.send("PUT", "/config", levelBody(level));
    }

    /** Returns the level set for {@code subject}, or empty if the subject follows the global level. */
    public Optional<CompatibilityMode> getSubjectCompatibility(String subject) {
        try {
            return Optional.of(level(transport.send("GET", "/config/" + encode(subject), null), "compatibilityLevel"));
        } catch (SchemaRegistryException e) {
            // 40408 means no subject-level setting; registries before Confluent 7 report 40401.
            if (e.status() == 404 && (e.errorCode() == 40408 || e.errorCode() == 40401)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the compatibility level of {@code subject}. */
    public void setSubjectCompatibility(String subject, CompatibilityMode level) {
        transport.send("PUT", "/config/" + encode(subject), levelBody(level));
    }

    private CompatibilityCheck compatibility(String path, Schema schema) {
        JsonNode response = transport.send("POST", path, schemaBody(schema));
        JsonNode compatible = response.get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw malformed("is_compatible", response);
        }
        List<String> messages = new ArrayList<>();
        response.path("messages").forEach(node -> messages.add(node.asText()));
        return new CompatibilityCheck(compatible.asBoolean(), messages);
    }

    private void remember(SubjectSchema key, int id, Schema schema) {
        idsBySubjectSchema.put(key, id);
        schemasById.put(id, schema);
    }

    private SubjectVersion subjectVersion(JsonNode response) {
        int id = requireInt(response, "id");
        Schema schema = parse(requireText(response, "schema"), "schema id " + id);
        schemasById.put(id, schema);
        return new SubjectVersion(requireText(response, "subject"), requireInt(response, "version"), id, schema);
    }

    private String schemaBody(Schema schema) {
        return mapper.createObjectNode().put("schema", schema.toString()).toString();
    }

    private String levelBody(CompatibilityMode level) {
        return mapper.createObjectNode().put("compatibility", level.name()).toString();
    }

    private static CompatibilityMode level(JsonNode response, String field) {
        String name = requireText(response, field);
        try {
            return CompatibilityMode.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("The registry returned an unknown compatibility level '" + name + "'.", 200, 0, e);
        }
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("The registry returned an invalid Avro schema for " + what + ": " + e.getMessage(), 200, 0, e);
        }
    }

    private static int requireInt(JsonNode response, String field) {
        JsonNode value = response.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(field, response);
        }
        return value.asInt();
    }

    private static String requireText(JsonNode response, String field) {
        JsonNode value = response.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field, response);
        }
        return value.asText();
    }

    private static SchemaRegistryException malformed(String field, JsonNode response) {
        return new SchemaRegistryException("The registry's response has no valid '" + field + "' field: " + response, 200, 0);
    }

    /** Percent-encodes a subject as one path segment; unlike form encoding, a space becomes %20. */
    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
