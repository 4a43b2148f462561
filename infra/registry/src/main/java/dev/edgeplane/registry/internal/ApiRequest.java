package dev.edgeplane.registry.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * An HTTP request reduced to what the routes use: method, decoded path segments, query
 * parameters, body and media types. {@link #params()} contains the path segments that matched a
 * route's wildcards, in order.
 */
public record ApiRequest(String method, List<String> segments, Map<String, String> query, byte[] body, String contentType,
                         String accept, List<String> params) {

    /** Maximum bytes of a too large body that are read and dropped, so that a client cannot keep a request thread busy for long. */
    private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    /**
     * Reads the request line, headers and body of {@code exchange}.
     *
     * @throws ApiException with HTTP 413 if the body exceeds {@code maxBodyBytes}, or 400 if the
     *                      path contains an invalid percent-encoding
     */
    public static ApiRequest read(HttpExchange exchange, int maxBodyBytes) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(percentDecode(segment));
            }
        }
        return new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), List.copyOf(segments),
                parseQuery(exchange.getRequestURI().getRawQuery()), readBody(exchange.getRequestBody(), maxBodyBytes),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Accept"), List.of());
    }

    /** Returns this request with the path segments that matched a route's wildcards. */
    public ApiRequest withParams(List<String> matched) {
        return new ApiRequest(method, segments, query, body, contentType, accept, List.copyOf(matched));
    }

    public String param(int index) {
        return params.get(index);
    }

    /** Returns whether query parameter {@code name} is {@code true}, ignoring case. */
    public boolean flag(String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    public String path() {
        return "/" + String.join("/", segments);
    }

    private static byte[] readBody(InputStream in, int maxBodyBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > maxBodyBytes) {
                discard(in, buffer);
                throw new ApiException(413, 413, "The request body exceeds " + maxBodyBytes
                        + " bytes; raise http.max.request.bytes if schemas are that large.");
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops the rest of a rejected body, up to {@link #MAX_DISCARDED_BYTES}. The JDK
     * server closes a connection whose request body is left unread, and the client, still sending,
     * then gets a connection reset that can arrive before the 413 response and hide it.
     */
    private static void discard(InputStream in, byte[] buffer) throws IOException {
        long discarded = 0;
        int read;
        while (discarded < MAX_DISCARDED_BYTES && (read = in.read(buffer)) != -1) {
            discarded += read;
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(percentDecode(name.replace('+', ' ')), percentDecode(value.replace('+', ' ')));
        }
        return query;
    }

    /**
     * Decodes %XX escapes as UTF-8. Unlike {@link java.net.URLDecoder} it leaves '+' alone, because a
     * plus sign in a path is a literal plus.
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new ApiException(400, 400, "Invalid percent-encoding in '" + text + "'.");
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int start = i;
                while (i < text.length() && text.charAt(i) != '%') {
                    i++;
                }
                bytes.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
