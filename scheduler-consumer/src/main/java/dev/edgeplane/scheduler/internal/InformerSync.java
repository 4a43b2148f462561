package dev.edgeplane.scheduler.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** Starts informers and waits for their first list, for the controller and the inventory publisher. */
public final class InformerSync {

  private InformerSync() {
  }

  /**
   * Starts {@code informer} and blocks until its first list is in its cache.
   *
   * @param resource   resource name for messages, such as {@code pod}
   * @param timeout    longest wait for the first list
   * @param timeoutKey configuration key that sets {@code timeout}, named in the error
   * @param masterUrl  API server address, named in the error
   * @throws IllegalStateException if the list did not arrive in time or the wait was interrupted
   */
  public static void startAndAwait(SharedIndexInformer<?> informer, String resource, Duration timeout, String timeoutKey,
      Object masterUrl) {
    try {
      informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the " + resource + " informer to sync", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The " + resource + " informer did not list within " + timeout.toMillis()
          + " ms (" + timeoutKey + "): check that the API server at " + masterUrl + " is reachable and that the "
          + "service account may list and watch it", e);
    }
  }
}
