package dev.edgeplane.anomaly.internal;

import java.util.List;

import dev.edgeplane.anomaly.ServiceTargets;
import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.anomaly.internal.state.ReplicaWindow;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.state.ReplicaScore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Scores each closed replica window ({@link ClosedWindow} of a {@link ReplicaWindow}) against the
 * service-metric targets of its FogService: the targets configured for it, else those that its spec
 * declares on the FogService inventory topic. One instance per task, on its stream thread.
 */
public final class ReplicaScoreProcessor implements Processor<String, Object, String, ReplicaScore> {

    private final ReplicaScorer scorer;
    private final ServiceTargets configured;
    private ProcessorContext<String, ReplicaScore> context;
    private TimestampedKeyValueStore<String, FogServiceInventory> fogServices;

    public ReplicaScoreProcessor(ReplicaScorer scorer, ServiceTargets configured) {
        this.scorer = scorer;
        this.configured = configured;
    }

    @Override
    public void init(ProcessorContext<String, ReplicaScore> context) {
        this.context = context;
        this.fogServices = context.getStateStore(StoreNames.FOGSERVICES);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (!(record.value() instanceof ClosedWindow<?> closed)) {
            return;
        }
        ReplicaWindow window = (ReplicaWindow) closed.aggregate();
        List<ServiceTargets.Target> targets = targets(window.getNamespace(), window.getFogService());
        ReplicaScore score = scorer.score(window, closed.start(), closed.end(), targets);
        context.forward(record.withValue(score));
    }

    private List<ServiceTargets.Target> targets(String namespace, String fogService) {
        if (fogService == null) {
            return List.of();
        }
        List<ServiceTargets.Target> fromConfig = configured.of(namespace, fogService);
        if (!fromConfig.isEmpty()) {
            return fromConfig;
        }
        ValueAndTimestamp<FogServiceInventory> entry = fogServices.get(namespace + "/" + fogService);
        return entry == null ? List.of() : ServiceTargets.declaredBy(entry.value());
    }
}
