package dev.edgeplane.testbed.internal;

import java.util.List;

import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.LivingLabOptions;

/**
 * Picks the testbed's edge nodes from the simulator's living-lab city and derives each node
 * link's one-way delay from the city's round-trip estimate between the node and its uplink. A
 * client behind a link without delay then measures that estimate as the round-trip time to the node.
 */
public final class CityLinks {

    private CityLinks() {
    }

    /** Returns a living-lab city with at least {@code edgeNodes} edge nodes. */
    public static CityTopology city(long seed, int edgeNodes) {
        int accessPoints = Math.max(LivingLabOptions.DEFAULT_ACCESS_POINTS, edgeNodes);
        int aggregation = Math.max(LivingLabOptions.DEFAULT_AGGREGATION_NODES,
                (accessPoints + LivingLabOptions.ACCESS_POINTS_PER_AGGREGATION - 1)
                        / LivingLabOptions.ACCESS_POINTS_PER_AGGREGATION);
        return CityTopology.livingLab(new LivingLabOptions(seed, accessPoints, aggregation,
                LivingLabOptions.DEFAULT_CLOUD_NODES));
    }

    /** Returns the first {@code count} edge nodes of {@code city}, in topology order. */
    public static List<CityNode> edgeNodes(CityTopology city, int count) {
        List<CityNode> edge = city.nodes(CityNode.Tier.EDGE);
        if (edge.size() < count) {
            throw new IllegalArgumentException("The city has " + edge.size() + " edge nodes, fewer than the " + count
                    + " the testbed needs");
        }
        return edge.subList(0, count);
    }

    /** Returns the one-way delay of {@code node}'s link in microseconds: half its round trip to its uplink. */
    public static long delayMicros(CityTopology city, CityNode node) {
        CityNode uplink = city.uplink(node).orElse(city.controlNode());
        return city.roundTripMicros(node, uplink) / 2;
    }
}
