package dev.edgeplane.anomaly;

/**
 * Names of the application's state stores and repartition topics. Kafka Streams derives changelog
 * and repartition topic names from them ({@code <application.id>-<name>-changelog},
 * {@code <application.id>-<name>-repartition}), so renaming one abandons its state: treat them as
 * part of the deployed contract.
 */
public final class StoreNames {

    /** Highest node telemetry timestamp seen per task, for the lateness check before the node windows. */
    public static final String NODE_STREAM_TIME = "anomaly-node-stream-time-store";

    /** Highest replica telemetry timestamp seen per task, for the lateness check before the replica windows. */
    public static final String REPLICA_STREAM_TIME = "anomaly-replica-stream-time-store";

    /** Node telemetry records that arrived after their last window closed, per source id, a count. */
    public static final String NODE_LATE_RECORDS = "anomaly-node-late-records-store";

    /** Replica telemetry records that arrived after their last window closed, per source id, a count. */
    public static final String REPLICA_LATE_RECORDS = "anomaly-replica-late-records-store";

    /**
     * Open panes of node metrics and link latency, one entry per node and pane ({@code node/paneStart}),
     * each the pane's aggregate until the pane closes.
     */
    public static final String NODE_PANES = "anomaly-node-pane-store";

    /** Node health state machine memory, with the panes of the node's latest window, per node. */
    public static final String NODE_HEALTH = "anomaly-node-health-store";

    /** Global copy of the node inventory topic. */
    public static final String NODE_INVENTORY = "anomaly-node-inventory-store";

    /** Global copy of the FogService inventory topic, keyed by {@code namespace/name}. */
    public static final String FOGSERVICES = "anomaly-fogservices-store";

    /**
     * Open windows of replica metrics, one entry per pod and window ({@code namespace/pod/windowStart}),
     * each the window's aggregate until the window closes.
     */
    public static final String REPLICA_WINDOWS = "anomaly-replica-open-window-store";

    /** Latest placement per pod uid, to route a deleted or moved pod to its old location. */
    public static final String PLACEMENTS = "anomaly-placement-store";

    /**
     * Repartition topic name of node verdicts keyed by location, and of the progress markers of the
     * node-health tasks, which go to every partition.
     */
    public static final String VERDICTS_BY_LOCATION = "anomaly-node-verdicts-by-location";

    /** Repartition topic name of placements keyed by location. */
    public static final String PLACEMENTS_BY_LOCATION = "anomaly-placements-by-location";

    /** Pods per location, for placement advice. */
    public static final String LOCATION_PODS = "anomaly-location-pods-store";

    /**
     * Live FogService pods by {@code @replica/namespace/fogService/podUid}, in every placement advice
     * task, so that BetterNode finds the nodes of a pod's dependencies at any location.
     */
    public static final String FOGSERVICE_REPLICAS = "anomaly-fogservice-replicas-store";

    /**
     * Node verdicts per location for placement advice, one entry per node and window
     * ({@code location/node/windowEnd}): those of windows not resolved yet and each node's newest.
     */
    public static final String LOCATION_VERDICTS = "anomaly-location-verdicts-store";

    /** BetterNode runs per pair of nodes, and per pair and FogService for FogServices with dependencies. */
    public static final String BETTER_STREAKS = "anomaly-better-node-store";

    /**
     * Decisions already taken per pod and episode, so that one episode yields one decision, the
     * last window resolved per location, and the latest progress marker or idle announcement per node
     * telemetry partition.
     */
    public static final String DECIDED = "anomaly-decided-store";

    private StoreNames() {
    }
}
