package dev.edgeplane.registry.internal;

/**
 * A version path segment: a number from 1 to 2^31-1, or {@code latest} (also written -1).
 *
 * @param number the version, or -1 for the latest
 */
public record VersionId(int number) {

    private static final VersionId LATEST = new VersionId(-1);

    /**
     * Parses a path segment.
     *
     * @throws ApiException with error code 42202 for anything else
     */
    public static VersionId parse(String text) {
        if ("latest".equalsIgnoreCase(text)) {
            return LATEST;
        }
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiErrors.invalidVersion(text);
        }
        if (number == -1) {
            return LATEST;
        }
        if (number < 1) {
            throw ApiErrors.invalidVersion(text);
        }
        return new VersionId(number);
    }

    public boolean isLatest() {
        return number == -1;
    }
}
