package dev.edgeplane.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of a {@link RestSchemaRegistryClient}. Keys follow those of Confluent's serializers
 * where they have one ({@code schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.*},
 * {@code max.retries}), so a serde can pass its own configuration map. Keys this class does not
 * define are ignored.
 */
public final class RestSchemaRegistryClientConfig extends AbstractConfig {

    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Comma-separated base URLs of the registry (http or https). "
            + "A request that cannot connect or gets a 5xx response is tried at the next URL.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP basic credentials come from: USER_INFO takes them "
            + "from basic.auth.user.info, URL from the user info part of each URL (https://user:password@host).";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "HTTP basic credentials as user:password; empty sends none.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    private static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store file for https URLs; empty uses the JVM's default trust store.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    private static final String SSL_KEYSTORE_LOCATION_DOC = "Key store file with the client certificate for registries that require one; empty sends none.";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";
    private static final String SSL_KEY_PASSWORD_DOC = "Password of the private key in the key store; empty means the key store password.";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "Maximum time in milliseconds to open a connection to one URL.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Maximum time in milliseconds for one HTTP request, from sending it to the end of the response.";

    public static final String MAX_RETRIES_CONFIG = "max.retries";
    private static final String MAX_RETRIES_DOC = "How many more rounds over all URLs a request gets after a round in which every URL "
            + "failed to connect or returned 5xx. A 4xx response is never retried.";

    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    private static final String RETRIES_WAIT_MS_DOC = "Wait in milliseconds before the first retry round; it doubles before each later round.";

    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";
    private static final String RETRIES_MAX_WAIT_MS_DOC = "Upper bound in milliseconds of the wait between retry rounds.";

    public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";
    private static final String CACHE_CAPACITY_DOC = "Maximum entries in each of the client's caches (id to schema, subject and schema to id); "
            + "the least recently used entry is evicted first.";

    /** Credentials source values of {@value #BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG}. */
    public enum CredentialsSource { USER_INFO, URL }

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, URL_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CredentialsSource.USER_INFO.name(),
                    ConfigDef.CaseInsensitiveValidString.in("USER_INFO", "URL"), Importance.MEDIUM, BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, "Password of the trust store.")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW, "Format of the trust store: PKCS12 or JKS.")
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, SSL_KEYSTORE_LOCATION_DOC)
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, "Password of the key store.")
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW, "Format of the key store: PKCS12 or JKS.")
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, SSL_KEY_PASSWORD_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW, CONNECT_TIMEOUT_MS_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, 3, Range.atLeast(0), Importance.LOW, MAX_RETRIES_DOC)
            .define(RETRIES_WAIT_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW, RETRIES_WAIT_MS_DOC)
            .define(RETRIES_MAX_WAIT_MS_CONFIG, Type.LONG, 20_000L, Range.atLeast(0), Importance.LOW, RETRIES_MAX_WAIT_MS_DOC)
            .define(CACHE_CAPACITY_CONFIG, Type.INT, 1_000, Range.atLeast(1), Importance.LOW, CACHE_CAPACITY_DOC);

    private final List<URI> urls;

    /**
     * Parses and checks {@code originals}.
     *
     * @throws ConfigException naming the key and value that are missing or invalid
     */
    public RestSchemaRegistryClientConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
        this.urls = parseUrls(getList(URL_CONFIG));
        if (credentialsSource() == CredentialsSource.URL && urls.stream().anyMatch(url -> url.getRawUserInfo() == null)) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL",
                    "Every URL in " + URL_CONFIG + " needs user info (https://user:password@host) when credentials come from the URL.");
        }
        if (!userInfo().isEmpty() && !userInfo().contains(":")) {
            throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG + " must be user:password; the value has no ':'.");
        }
    }

    /** Returns the definitions of every key, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Returns the base URLs in the configured order, without a trailing slash; they may carry user info. */
    public List<URI> urls() {
        return urls;
    }

    public CredentialsSource credentialsSource() {
        return CredentialsSource.valueOf(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG).toUpperCase(Locale.ROOT));
    }

    /** Returns {@code user:password} from {@value #BASIC_AUTH_USER_INFO_CONFIG}, or an empty string. */
    public String userInfo() {
        return getPassword(BASIC_AUTH_USER_INFO_CONFIG).value();
    }

    /** Returns the trust store, if one is configured. */
    public Optional<StoreFile> trustStore() {
        return storeFile(SSL_TRUSTSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_TYPE_CONFIG, SSL_TRUSTSTORE_PASSWORD_CONFIG, null);
    }

    /** Returns the key store, if one is configured. */
    public Optional<StoreFile> keyStore() {
        return storeFile(SSL_KEYSTORE_LOCATION_CONFIG, SSL_KEYSTORE_TYPE_CONFIG, SSL_KEYSTORE_PASSWORD_CONFIG, SSL_KEY_PASSWORD_CONFIG);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS_CONFIG));
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public Duration retryWait() {
        return Duration.ofMillis(getLong(RETRIES_WAIT_MS_CONFIG));
    }

    public Duration retryMaxWait() {
        return Duration.ofMillis(getLong(RETRIES_MAX_WAIT_MS_CONFIG));
    }

    public int cacheCapacity() {
        return getInt(CACHE_CAPACITY_CONFIG);
    }

    /**
     * A key or trust store file.
     *
     * @param keyPassword the private key's password; equals {@code password} unless set apart
     */
    public record StoreFile(String location, String type, char[] password, char[] keyPassword) {
    }

    private Optional<StoreFile> storeFile(String locationKey, String typeKey, String passwordKey, String keyPasswordKey) {
        String location = getString(locationKey);
        if (location.isBlank()) {
            return Optional.empty();
        }
        char[] password = getPassword(passwordKey).value().toCharArray();
        Password keyPassword = keyPasswordKey == null ? null : getPassword(keyPasswordKey);
        char[] keyChars = keyPassword == null || keyPassword.value().isEmpty() ? password : keyPassword.value().toCharArray();
        return Optional.of(new StoreFile(location, getString(typeKey), password, keyChars));
    }

    private static List<URI> parseUrls(List<String> values) {
        if (values.isEmpty()) {
            throw new ConfigException(URL_CONFIG, "", "Set at least one registry URL, such as http://127.0.0.1:8081.");
        }
        List<URI> parsed = new ArrayList<>();
        for (String value : values) {
            String trimmed = value.trim();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(URL_CONFIG, value, "Invalid URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(URL_CONFIG, value, "Registry URLs must be http:// or https:// URLs with a host, such as http://127.0.0.1:8081.");
            }
            parsed.add(uri);
        }
        return List.copyOf(parsed);
    }
}
