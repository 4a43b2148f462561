package dev.edgeplane.ingest.agent.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes batches in the gateway's JSON contract: a {@code source} object and an {@code events}
 * array whose items carry {@code type}, {@code id} and the Avro fields of the event under their
 * Avro names, without {@code receiveTime} and {@code source}, which the gateway sets. Timestamps
 * are milliseconds since the epoch, enums their symbol names, and null fields JSON null.
 * Thread-safe.
 */
public final class TelemetryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TelemetryJson() {
    }

    /** Returns the body of a batch from the agent {@code agentId}. */
    public static byte[] batch(String agentId, List<PendingEvent> events) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode source = body.putObject("source");
        source.put("kind", "EDGE_AGENT");
        source.put("id", agentId);
        ArrayNode items = body.putArray("events");
        for (PendingEvent event : events) {
            items.add(event(event));
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON batch of " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    /** Returns one event as a JSON object. */
    static ObjectNode event(PendingEvent event) {
        ObjectNode item = MAPPER.createObjectNode();
        item.put("type", event.type());
        item.put("id", event.id());
        SpecificRecord record = event.record();
        for (Schema.Field field : record.getSchema().getFields()) {
            if (field.name().equals("receiveTime") || field.name().equals("source")) {
                continue;
            }
            item.set(field.name(), value(record.get(field.pos())));
        }
        return item;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return MAPPER.nullNode();
        }
        if (value instanceof Instant instant) {
            return MAPPER.getNodeFactory().numberNode(instant.toEpochMilli());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = MAPPER.createObjectNode();
            map.forEach((key, entry) -> object.set(key.toString(), value(entry)));
            return object;
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return MAPPER.getNodeFactory().textNode(value.toString());
        }
        return MAPPER.valueToTree(value);
    }

    /** Returns the shared mapper, for reading the gateway's responses. */
    static ObjectMapper mapper() {
        return MAPPER;
    }
}
