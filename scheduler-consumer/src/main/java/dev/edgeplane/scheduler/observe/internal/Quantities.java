package dev.edgeplane.scheduler.observe.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;

/** Reads Kubernetes resource quantities as plain numbers. */
final class Quantities {

  private Quantities() {
  }

  /** Returns the amount of the resource in its base unit (cores, bytes, count), or 0 when absent. */
  static BigDecimal amount(Map<String, Quantity> resources, String resource) {
    if (resources == null || resources.get(resource) == null) {
      return BigDecimal.ZERO;
    }
    return Quantity.getAmountInBytes(resources.get(resource));
  }
}
