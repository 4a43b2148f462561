package dev.edgeplane.scheduler.schedule.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** Reads CPU in millicores and memory in bytes from Kubernetes quantities, rounding up. */
final class Resources {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private Resources() {
  }

  static long cpuMillis(Quantity quantity) {
    if (quantity == null) {
      return 0;
    }
    return Quantity.getAmountInBytes(quantity).multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  static long bytes(Quantity quantity) {
    if (quantity == null) {
      return 0;
    }
    return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /**
   * Returns what the pod requests of a resource as the API server counts it: the larger of the sum
   * over its containers and the largest init container request.
   */
  static long podRequest(PodSpec spec, String resource, boolean cpu) {
    long sum = 0;
    for (Container container : spec.getContainers() == null ? List.<Container>of() : spec.getContainers()) {
      sum += request(container, resource, cpu);
    }
    long init = 0;
    for (Container container : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
      init = Math.max(init, request(container, resource, cpu));
    }
    return Math.max(sum, init);
  }

  private static long request(Container container, String resource, boolean cpu) {
    if (container.getResources() == null) {
      return 0;
    }
    Map<String, Quantity> requests = container.getResources().getRequests();
    if (requests == null) {
      return 0;
    }
    return cpu ? cpuMillis(requests.get(resource)) : bytes(requests.get(resource));
  }
}
