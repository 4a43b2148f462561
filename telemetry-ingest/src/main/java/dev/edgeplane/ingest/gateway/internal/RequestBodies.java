package dev.edgeplane.ingest.gateway.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.sun.net.httpserver.HttpExchange;

/** Reads request bodies up to a size limit, so an oversized body is never held in memory whole. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Returns the body of {@code exchange}.
     *
     * @throws BatchTooLargeException if the declared or actual length exceeds {@code maxBytes}
     */
    static byte[] read(HttpExchange exchange, int maxBytes) throws IOException, BatchTooLargeException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > maxBytes) {
                throw tooLarge(length + " bytes", maxBytes);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (body.size() + read > maxBytes) {
                    throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
                }
                body.write(buffer, 0, read);
            }
        }
        return body.toByteArray();
    }

    private static BatchTooLargeException tooLarge(String size, int maxBytes) {
        return new BatchTooLargeException("The request body has " + size + ", more than ingest.max.body.bytes = "
                + maxBytes + "; send smaller batches.");
    }
}
