package dev.edgeplane.bench;

/** Thrown when a benchmark run fails, so that it has no valid figures. */
public class BenchmarkException extends RuntimeException {

    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
