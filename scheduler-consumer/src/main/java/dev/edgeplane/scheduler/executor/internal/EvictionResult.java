package dev.edgeplane.scheduler.executor.internal;

/**
 * The response of the Eviction API to one request.
 *
 * @param status what happened
 * @param httpCode the HTTP status code, or 0 when no response arrived
 * @param message the API's message, or the client error
 */
public record EvictionResult(Status status, int httpCode, String message) {

  /** Outcome of an eviction request. */
  public enum Status {
    /** The pod is being deleted. */
    EVICTED,
    /** A PodDisruptionBudget forbids the disruption now (HTTP 429); retry later. */
    REJECTED_BY_BUDGET,
    /** The pod with this uid does not exist any more (HTTP 404 or 409 on the uid precondition). */
    NOT_FOUND,
    /** A failure a retry may cure: no response, or HTTP 5xx. */
    RETRIABLE_FAILURE,
    /** A failure no retry cures, such as HTTP 403. */
    FAILED
  }

  public static EvictionResult evicted() {
    return new EvictionResult(Status.EVICTED, 201, "evicted");
  }

  public static EvictionResult rejectedByBudget(String message) {
    return new EvictionResult(Status.REJECTED_BY_BUDGET, 429, message);
  }

  public static EvictionResult notFound(int httpCode, String message) {
    return new EvictionResult(Status.NOT_FOUND, httpCode, message);
  }

  /** Classifies an API error by its HTTP status code, 0 when no response arrived. */
  public static EvictionResult failure(int httpCode, String message) {
    if (httpCode == 429) {
      return rejectedByBudget(message);
    }
    if (httpCode == 404 || httpCode == 409) {
      return notFound(httpCode, message);
    }
    boolean retriable = httpCode == 0 || httpCode >= 500;
    return new EvictionResult(retriable ? Status.RETRIABLE_FAILURE : Status.FAILED, httpCode, message);
  }
}
