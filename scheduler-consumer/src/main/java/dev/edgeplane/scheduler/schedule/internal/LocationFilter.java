package dev.edgeplane.scheduler.schedule.internal;

/** Passes only nodes whose location label equals the location the pod must run at. */
final class LocationFilter implements FilterPlugin {

  static final String NAME = "location";
  static final String REASON = "wrong location";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String filter(CycleContext context, NodeInfo node) {
    String location = context.pod.location();
    return location == null || location.equals(node.location) ? null : REASON;
  }
}
