package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kind of process a replica runs as on its node. */
public enum RuntimeKind {
  /** An ordinary container. */
  @JsonProperty("container")
  CONTAINER,
  /** A host process or systemd unit, started through a RuntimeClass whose handler runs it. */
  @JsonProperty("legacy")
  LEGACY
}
