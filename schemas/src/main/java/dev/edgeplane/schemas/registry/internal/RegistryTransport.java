package dev.edgeplane.schemas.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON requests to the registry over {@link HttpClient} with its base URLs, credentials,
 * TLS settings, timeouts and retries.
 *
 * <p>Retry model: a request is tried at each base URL in turn, starting with the last one that
 * worked. A connection failure, a timeout or a 5xx response moves on to the next URL; when every
 * URL has failed, the round is over, and the next round starts after a wait of
 * {@code retries.wait.ms × 2^(round − 1)}, capped at {@code retries.max.wait.ms}. There are at most
 * {@code 1 + max.retries} rounds. A 4xx response or a TLS failure ends the request at once, because
 * sending it again or elsewhere gives the same result. Thread-safe.
 */
public final class RegistryTransport {

    private static final Logger log = LoggerFactory.getLogger(RegistryTransport.class);
    private static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = V1_JSON + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final int MAX_BODY_IN_MESSAGE = 300;

    /** A base URL without user info, and the Authorization header value to send to it, if any. */
    private record Target(String baseUrl, Optional<String> authorization) {
    }

    private final ObjectMapper mapper;
    private final List<Target> targets;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryWait;
    private final Duration retryMaxWait;
    private volatile int preferred;

    public RegistryTransport(RestSchemaRegistryClientConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.targets = config.urls().stream().map(url -> target(url, config)).toList();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1);
        if (config.trustStore().isPresent() || config.keyStore().isPresent()) {
            builder.sslContext(SslContexts.create(config.trustStore(), config.keyStore()));
        }
        this.client = builder.build();
        this.requestTimeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.retryWait = config.retryWait();
        this.retryMaxWait = config.retryMaxWait();
    }

    /**
     * Sends a request and returns the parsed JSON response. Blocks through every retry.
     *
     * @param pathAndQuery an already percent-encoded path such as {@code /subjects/a%2Fb/versions}
     * @param jsonBody     the request body, or null for none
     * @throws SchemaRegistryException with the last status and error code when the request fails
     */
    public JsonNode send(String method, String pathAndQuery, String jsonBody) {
        List<String> failures = new ArrayList<>();
        SchemaRegistryException last = null;
        for (int round = 0; round <= maxRetries; round++) {
            if (round > 0) {
                sleep(backoff(round), method, pathAndQuery);
            }
            int start = preferred;
            for (int offset = 0; offset < targets.size(); offset++) {
                int index = (start + offset) % targets.size();
                try {
                    JsonNode response = attempt(targets.get(index), method, pathAndQuery, jsonBody);
                    preferred = index;
                    return response;
                } catch (RetriableException e) {
                    log.debug("{} {}{} failed in round {}: {}", method, targets.get(index).baseUrl(), pathAndQuery, round + 1, e.getMessage());
                    failures.add(e.getMessage());
                    last = e.failure;
                }
            }
        }
        throw new SchemaRegistryException(method + " " + pathAndQuery + " failed at every registry URL in " + (maxRetries + 1)
                + " rounds; last failures: " + failures.subList(Math.max(0, failures.size() - targets.size()), failures.size()),
                last.status(), last.errorCode(), last);
    }

    private JsonNode attempt(Target target, String method, String pathAndQuery, String jsonBody) {
        String url = target.baseUrl() + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).header("Accept", ACCEPT)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", V1_JSON);
        }
        target.authorization().ifPresent(value -> request.header("Authorization", value));

        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLException e) {
            throw new SchemaRegistryException(method + " " + url + " failed in the TLS handshake: " + e.getMessage()
                    + ". Check " + RestSchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG + " and "
                    + RestSchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION_CONFIG + ".", 0, 0, e);
        } catch (IOException e) {
            throw new RetriableException(new SchemaRegistryException(method + " " + url + " failed: " + e, 0, 0, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted during " + method + " " + url + ".", 0, 0, e);
        }
        return readResponse(method, url, response);
    }

    private JsonNode readResponse(String method, String url, HttpResponse<String> response) {
        int status = response.statusCode();
        Optional<JsonNode> json = parse(response.body());
        if (status >= 200 && status < 300) {
            return json.orElseThrow(() -> new SchemaRegistryException(method + " " + url + " returned HTTP " + status
                    + " with a body that is not JSON: " + abbreviate(response.body()), status, 0));
        }
        int errorCode = json.map(node -> node.path("error_code").asInt(status)).orElse(status);
        String detail = json.map(node -> node.path("message").asText("")).filter(text -> !text.isEmpty())
                .orElseGet(() -> abbreviate(response.body()));
        SchemaRegistryException failure = new SchemaRegistryException(method + " " + url + " failed with HTTP " + status
                + " and error code " + errorCode + ": " + detail + hint(status), status, errorCode);
        if (status >= 500) {
            throw new RetriableException(failure);
        }
        throw failure;
    }

    private static String hint(int status) {
        if (status == 401) {
            return ". The registry rejected the credentials: check " + RestSchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG + ".";
        }
        if (status == 403) {
            return ". The credentials are not allowed to do this.";
        }
        return "";
    }

    private Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Duration backoff(int round) {
        long max = retryMaxWait.toMillis();
        long millis = Math.min(retryWait.toMillis(), max);
        for (int doubling = 1; doubling < round && millis < max; doubling++) {
            millis = Math.min(millis * 2, max);
        }
        return Duration.ofMillis(millis);
    }

    private static void sleep(Duration wait, String method, String path) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while waiting to retry " + method + " " + path + ".", 0, 0, e);
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static Target target(URI url, RestSchemaRegistryClientConfig config) {
        String userInfo = url.getRawUserInfo();
        String withoutUserInfo = url.toString();
        if (userInfo != null) {
            withoutUserInfo = withoutUserInfo.replaceFirst("://" + Pattern.quote(userInfo) + "@", "://");
        }
        String credentials = switch (config.credentialsSource()) {
            case URL -> userInfo == null ? "" : URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
            case USER_INFO -> config.userInfo();
        };
        Optional<String> authorization = credentials.isEmpty() ? Optional.empty()
                : Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        return new Target(withoutUserInfo, authorization);
    }

    /** A failed attempt that another URL or round may get past. */
    private static final class RetriableException extends RuntimeException {
        private final SchemaRegistryException failure;

        RetriableException(SchemaRegistryException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
