package dev.edgeplane.registry;

/** Avro schemas of a "User" record in the shapes the compatibility tests need. */
final class Schemas {

    /** A record with one string field, {@code name}. */
    static final String NAME_ONLY = record("{\"name\":\"name\",\"type\":\"string\"}");
    /** Adds {@code age} with a default, which every direction can resolve. */
    static final String AGE_WITH_DEFAULT = record("{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\",\"default\":0}");
    /** Adds {@code age} without a default, which an older reader ignores but a newer reader cannot fill. */
    static final String AGE_REQUIRED = record("{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\"}");
    /** Keeps {@code age} required and adds {@code email} with a default, which older readers ignore. */
    static final String AGE_REQUIRED_WITH_EMAIL = record("{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\"},"
            + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}");
    /** Changes {@code name} from string to int, which no direction can resolve. */
    static final String NAME_AS_INT = record("{\"name\":\"name\",\"type\":\"int\"}");

    private Schemas() {
    }

    static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"dev.edgeplane.test\",\"fields\":[" + fields + "]}";
    }
}
