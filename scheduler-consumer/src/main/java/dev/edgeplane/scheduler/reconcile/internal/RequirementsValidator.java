package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogServiceSpec;
import dev.edgeplane.scheduler.api.v1alpha1.Requirements;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks {@code spec.requirements}: label syntax, that quantities parse, and that the per-replica
 * CPU and memory cover what the template's containers request, because the scheduler reserves the
 * requirement, not the container sum.
 */
final class RequirementsValidator {

  private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private RequirementsValidator() {
  }

  static void check(FogServiceSpec spec, List<String> problems) {
    Requirements requirements = spec.getRequirements();
    if (requirements == null) {
      return;
    }

    for (Map.Entry<String, String> label : requirements.getNodeLabels().entrySet()) {
      checkLabel(label.getKey(), label.getValue(), problems);
      String templateValue = templateNodeSelector(spec).get(label.getKey());
      if (templateValue != null && !templateValue.equals(label.getValue())) {
        problems.add("spec.requirements.nodeLabels[" + label.getKey() + "] is " + label.getValue()
            + " but spec.template.spec.nodeSelector sets " + templateValue + ": keep one value");
      }
    }
    for (String capability : requirements.getCapabilities()) {
      if (capability == null || capability.length() > 63 || !LABEL_NAME.matcher(capability).matches()) {
        problems.add("spec.requirements.capabilities entry '" + capability + "' is not a valid label "
            + "name: use at most 63 letters, digits, '-', '_' or '.'");
      }
    }

    checkQuantity(spec, "cpu", requirements.getCpu(), problems);
    checkQuantity(spec, "memory", requirements.getMemory(), problems);
  }

  private static void checkLabel(String key, String value, List<String> problems) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        problems.add("spec.requirements.nodeLabels key '" + key + "' has an invalid prefix: use a "
            + "DNS subdomain such as edgeplane.dev");
        return;
      }
    }
    if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
      problems.add("spec.requirements.nodeLabels key '" + key + "' is not a valid label key");
    }
    if (value == null || value.length() > 63 || (!value.isEmpty() && !LABEL_NAME.matcher(value).matches())) {
      problems.add("spec.requirements.nodeLabels[" + key + "] value '" + value
          + "' is not a valid label value");
    }
  }

  private static void checkQuantity(FogServiceSpec spec, String resource, Quantity required,
      List<String> problems) {
    if (required == null) {
      return;
    }
    BigDecimal amount = parse(required);
    if (amount == null || amount.signum() <= 0) {
      problems.add("spec.requirements." + resource + " '" + required + "' is not a positive quantity: "
          + "use a value such as " + ("cpu".equals(resource) ? "500m or 2" : "256Mi or 1Gi"));
      return;
    }

    BigDecimal requested = BigDecimal.ZERO;
    for (Container container : containers(spec)) {
      if (container.getResources() == null || container.getResources().getRequests() == null) {
        continue;
      }
      Quantity request = container.getResources().getRequests().get(resource);
      BigDecimal value = request == null ? null : parse(request);
      if (value != null) {
        requested = requested.add(value);
      }
    }
    if (requested.compareTo(amount) > 0) {
      problems.add("spec.requirements." + resource + " " + required + " is less than the "
          + requested.stripTrailingZeros().toPlainString() + " the template's containers request: "
          + "raise spec.requirements." + resource + " or lower the container requests");
    }
  }

  private static BigDecimal parse(Quantity quantity) {
    try {
      return Quantity.getAmountInBytes(quantity);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  private static List<Container> containers(FogServiceSpec spec) {
    if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null
        || spec.getTemplate().getSpec().getContainers() == null) {
      return List.of();
    }
    return spec.getTemplate().getSpec().getContainers();
  }

  private static Map<String, String> templateNodeSelector(FogServiceSpec spec) {
    if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null
        || spec.getTemplate().getSpec().getNodeSelector() == null) {
      return Map.of();
    }
    return spec.getTemplate().getSpec().getNodeSelector();
  }
}
