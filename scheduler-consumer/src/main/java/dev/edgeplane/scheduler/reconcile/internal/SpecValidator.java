package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.Dependency;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceSpec;
import dev.edgeplane.scheduler.api.v1alpha1.LoadBalancing;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.api.v1alpha1.RuntimeKind;
import dev.edgeplane.scheduler.api.v1alpha1.ServiceMetric;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a FogService spec against every rule the controller relies on. The CRD's OpenAPI schema and
 * CEL rules repeat some of these checks, but an API server without CEL support, or a resource stored
 * before the CRD gained a rule, lets such specs through, so the controller checks them again.
 *
 * <p>Each problem is one sentence naming the field, the value and the fix, ready for the message of
 * the {@code Invalid} condition. Stateless and thread-safe.
 */
public final class SpecValidator {

  private static final Pattern LABEL_VALUE = Pattern.compile(Placement.LOCATION_PATTERN);
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern RUNTIME_CLASS = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
  private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
  private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  /** Returns the problems of the spec in field order; an empty list means the spec is valid. */
  public List<String> validate(FogService fogService) {
    List<String> problems = new ArrayList<>();
    FogServiceSpec spec = fogService.getSpec();
    if (spec == null) {
      problems.add("spec is missing: give at least spec.template and spec.placements");
      return problems;
    }

    checkTemplate(spec, problems);
    checkPlacements(spec, problems);
    RequirementsValidator.check(spec, problems);
    RealtimeValidator.check(spec.getRealtime(), problems);
    checkRuntime(spec, problems);
    checkDependencies(fogService.getMetadata().getName(), spec.getDependencies(), problems);
    checkMetrics(spec.getMetrics(), problems);
    checkLoadBalancing(spec, problems);
    return problems;
  }

  private static void checkTemplate(FogServiceSpec spec, List<String> problems) {
    if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
      problems.add("spec.template.spec is missing: give the pod spec of a replica");
      return;
    }
    PodSpec podSpec = spec.getTemplate().getSpec();
    if (podSpec.getContainers() == null || podSpec.getContainers().isEmpty()) {
      problems.add("spec.template.spec.containers is empty: give at least one container");
    }
    if (podSpec.getNodeName() != null && !podSpec.getNodeName().isEmpty()) {
      problems.add("spec.template.spec.nodeName is set to " + podSpec.getNodeName()
          + ": remove it, because the edgeplane scheduler picks the node from the placements");
    }
    String schedulerName = podSpec.getSchedulerName();
    if (schedulerName != null && !schedulerName.isEmpty()
        && !PodMetadataKeys.SCHEDULER_NAME.equals(schedulerName)) {
      problems.add("spec.template.spec.schedulerName is set to " + schedulerName
          + ": remove it, because FogService pods are placed by the edgeplane scheduler");
    }
  }

  private static void checkPlacements(FogServiceSpec spec, List<String> problems) {
    List<Placement> placements = spec.getPlacements();
    if (placements.isEmpty()) {
      problems.add("spec.placements is empty: give at least one location and its replicas");
      return;
    }
    if (placements.size() > FogServiceSpec.MAX_PLACEMENTS) {
      problems.add("spec.placements has " + placements.size() + " entries, more than the maximum "
          + FogServiceSpec.MAX_PLACEMENTS + ": use locationSelector to cover many locations");
    }

    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < placements.size(); i++) {
      Placement placement = placements.get(i);
      String field = "spec.placements[" + i + "]";
      boolean hasLocation = placement.getLocation() != null;
      boolean hasSelector = placement.getLocationSelector() != null;
      if (hasLocation == hasSelector) {
        problems.add(field + " sets " + (hasLocation ? "both" : "neither")
            + " of location and locationSelector: set exactly one");
      }
      if (hasLocation) {
        checkLocation(field, placement.getLocation(), firstIndex, i, problems);
      }
      if (hasSelector) {
        checkSelector(field + ".locationSelector", placement, problems);
      }
      if (placement.getReplicas() < 0 || placement.getReplicas() > Placement.MAX_REPLICAS) {
        problems.add(field + ".replicas is " + placement.getReplicas() + ": give a value from 0 to "
            + Placement.MAX_REPLICAS);
      }
    }
  }

  private static void checkLocation(String field, String location, Map<String, Integer> firstIndex,
      int index, List<String> problems) {
    if (location.length() > 63 || !LABEL_VALUE.matcher(location).matches()) {
      problems.add(field + ".location '" + location + "' is not a valid label value: use at most 63 "
          + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    Integer earlier = firstIndex.putIfAbsent(location, index);
    if (earlier != null) {
      problems.add(field + ".location " + location + " repeats spec.placements[" + earlier
          + "]: merge the two into one placement");
    }
  }

  private static void checkSelector(String field, Placement placement, List<String> problems) {
    var selector = placement.getLocationSelector();
    boolean noLabels = selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty();
    boolean noExpressions = selector.getMatchExpressions() == null
        || selector.getMatchExpressions().isEmpty();
    if (noLabels && noExpressions) {
      problems.add(field + " is empty: give matchLabels or matchExpressions, or use location");
      return;
    }
    if (noExpressions) {
      return;
    }
    for (int j = 0; j < selector.getMatchExpressions().size(); j++) {
      var expression = selector.getMatchExpressions().get(j);
      String exprField = field + ".matchExpressions[" + j + "]";
      String operator = expression.getOperator();
      boolean hasValues = expression.getValues() != null && !expression.getValues().isEmpty();
      if (!SELECTOR_OPERATORS.contains(operator)) {
        problems.add(exprField + ".operator '" + operator
            + "' is not valid: use In, NotIn, Exists or DoesNotExist");
      } else if (("In".equals(operator) || "NotIn".equals(operator)) && !hasValues) {
        problems.add(exprField + " uses " + operator + " without values: give at least one value");
      } else if (("Exists".equals(operator) || "DoesNotExist".equals(operator)) && hasValues) {
        problems.add(exprField + " uses " + operator + " with values: remove the values");
      }
    }
  }

  private static void checkRuntime(FogServiceSpec spec, List<String> problems) {
    if (spec.getRuntime() == null) {
      return;
    }
    String runtimeClass = spec.getRuntime().getRuntimeClassName();
    if (spec.getRuntime().getKind() == RuntimeKind.LEGACY && (runtimeClass == null || runtimeClass.isEmpty())) {
      problems.add("spec.runtime.kind is legacy but runtimeClassName is missing: name the "
          + "RuntimeClass whose handler runs the host process");
    }
    if (runtimeClass != null && !runtimeClass.isEmpty() && !RUNTIME_CLASS.matcher(runtimeClass).matches()) {
      problems.add("spec.runtime.runtimeClassName '" + runtimeClass + "' is not a valid "
          + "RuntimeClass name: use lowercase letters, digits, '-' and '.'");
    }
    String templateClass = spec.getTemplate() == null || spec.getTemplate().getSpec() == null
        ? null : spec.getTemplate().getSpec().getRuntimeClassName();
    if (templateClass != null && runtimeClass != null && !templateClass.equals(runtimeClass)) {
      problems.add("spec.template.spec.runtimeClassName " + templateClass
          + " differs from spec.runtime.runtimeClassName " + runtimeClass + ": set it in one place");
    }
  }

  private static void checkDependencies(String self, List<Dependency> dependencies,
      List<String> problems) {
    if (dependencies.size() > FogServiceSpec.MAX_DEPENDENCIES) {
      problems.add("spec.dependencies has " + dependencies.size() + " entries, more than the maximum "
          + FogServiceSpec.MAX_DEPENDENCIES);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < dependencies.size(); i++) {
      Dependency dependency = dependencies.get(i);
      String field = "spec.dependencies[" + i + "]";
      String name = dependency.getFogService();
      if (name == null || !DNS_LABEL.matcher(name).matches()) {
        problems.add(field + ".fogService '" + name + "' is not a FogService name: use lowercase "
            + "letters, digits and '-'");
      } else if (name.equals(self)) {
        problems.add(field + ".fogService names this FogService itself: remove the entry");
      } else if (!seen.add(name)) {
        problems.add(field + ".fogService " + name + " is listed twice: keep one entry with the "
            + "tighter maxRoundTripMicros");
      }
      if (dependency.getMaxRoundTripMicros() < 1) {
        problems.add(field + ".maxRoundTripMicros is " + dependency.getMaxRoundTripMicros()
            + ": give a bound of at least 1 microsecond");
      }
    }
  }

  private static void checkMetrics(List<ServiceMetric> metrics, List<String> problems) {
    if (metrics.size() > FogServiceSpec.MAX_METRICS) {
      problems.add("spec.metrics has " + metrics.size() + " entries, more than the maximum "
          + FogServiceSpec.MAX_METRICS);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < metrics.size(); i++) {
      ServiceMetric metric = metrics.get(i);
      String field = "spec.metrics[" + i + "]";
      if (metric.getName() == null || !METRIC_NAME.matcher(metric.getName()).matches()) {
        problems.add(field + ".name '" + metric.getName() + "' is not a metric name: use letters, "
            + "digits and '_', not starting with a digit");
      } else if (!seen.add(metric.getName())) {
        problems.add(field + ".name " + metric.getName() + " is listed twice: keep one target");
      }
      if (!Double.isFinite(metric.getTarget())) {
        problems.add(field + ".target is " + metric.getTarget() + ": give a finite number");
      }
    }
  }

  private static void checkLoadBalancing(FogServiceSpec spec, List<String> problems) {
    LoadBalancing lb = spec.getLoadBalancing();
    if (lb == null) {
      return;
    }
    if (!(lb.getMinWeight() >= 0 && lb.getMinWeight() <= 1)) {
      problems.add("spec.loadBalancing.minWeight is " + lb.getMinWeight() + ": give a share from 0 to 1");
    }
    if (!(lb.getMaxChangePerUpdate() >= 0.001 && lb.getMaxChangePerUpdate() <= 1)) {
      problems.add("spec.loadBalancing.maxChangePerUpdate is " + lb.getMaxChangePerUpdate()
          + ": give a share from 0.001 to 1");
    }

    // Only placements with an explicit location have a known replica count before nodes are listed.
    int knownReplicas = spec.getPlacements().stream()
        .filter(p -> p.getLocation() != null)
        .mapToInt(Placement::getReplicas)
        .sum();
    if (knownReplicas > 0 && lb.getMinWeight() * knownReplicas > 1 + 1e-9) {
      problems.add("spec.loadBalancing.minWeight " + lb.getMinWeight() + " times " + knownReplicas
          + " replicas exceeds 1: lower minWeight to at most " + (1.0 / knownReplicas));
    }
  }
}
