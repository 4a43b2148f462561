package dev.edgeplane.ingest.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.edgeplane.event.telemetry.NodeMetrics;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

    private static Candidate event(String id) {
        return new Candidate(0, id, EventType.NODE_METRICS, new NodeMetrics());
    }

    @Test
    void reservedIdIsInProgressUntilConfirmed() {
        RecentEventIds ids = new RecentEventIds(60_000, 100);

        RecentEventIds.Reservation first = ids.reserve("a", 1_000);
        RecentEventIds.Reservation second = ids.reserve("a", 1_000);
        ids.confirm("a", 1_100);

        assertThat(first.status()).isEqualTo(RecentEventIds.Status.RESERVED);
        assertThat(second.status()).isEqualTo(RecentEventIds.Status.IN_PROGRESS);
        assertThat(second.outcome()).isCompletedWithValue(true);
        assertThat(ids.reserve("a", 1_200).status()).isEqualTo(RecentEventIds.Status.PRODUCED);
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void releasedIdCanBeReservedAgain() {
        RecentEventIds ids = new RecentEventIds(60_000, 100);

        ids.reserve("a", 1_000);
        RecentEventIds.Reservation waiting = ids.reserve("a", 1_000);
        ids.release("a");

        assertThat(waiting.outcome()).isCompletedWithValue(false);
        assertThat(ids.wasProduced("a", 1_000)).isFalse();
        assertThat(ids.reserve("a", 1_000).status()).isEqualTo(RecentEventIds.Status.RESERVED);
        assertThat(ids.size()).isZero();
    }

    @Test
    void batchCallsMatchSingleCalls() {
        RecentEventIds ids = new RecentEventIds(60_000, 100);
        ids.reserve(RecentEventIds.key("", "produced"), 1_000);
        ids.confirm(RecentEventIds.key("", "produced"), 1_000);
        ids.reserve(RecentEventIds.key("", "flying"), 1_000);

        boolean[] produced = ids.wereProduced("", List.of(event("produced"), event("flying"), event("new")), 1_000);
        RecentEventIds.Reservation[] reservations = ids.reserveAll("",
                List.of(event("produced"), event("flying"), event("new"), event("new")), 1_000);

        assertThat(produced).containsExactly(true, false, false);
        assertThat(reservations).extracting(RecentEventIds.Reservation::status).containsExactly(
                RecentEventIds.Status.PRODUCED, RecentEventIds.Status.IN_PROGRESS, RecentEventIds.Status.RESERVED,
                RecentEventIds.Status.IN_PROGRESS);
    }

    @Test
    void sameIdFromTwoSourcesIsNoDuplicate() {
        RecentEventIds ids = new RecentEventIds(60_000, 100);
        ids.reserveAll("EDGE_AGENT/agent-a", List.of(event("000001")), 1_000);
        ids.confirm(RecentEventIds.key("EDGE_AGENT/agent-a", "000001"), 1_000);

        assertThat(ids.wereProduced("EDGE_AGENT/agent-b", List.of(event("000001")), 1_000)).containsExactly(false);
        assertThat(ids.reserveAll("EDGE_AGENT/agent-b", List.of(event("000001")), 1_000))
                .extracting(RecentEventIds.Reservation::status).containsExactly(RecentEventIds.Status.RESERVED);
        assertThat(ids.wereProduced("EDGE_AGENT/agent-a", List.of(event("000001")), 1_000)).containsExactly(true);
    }

    @Test
    void idsExpireAfterWindowFromConfirmation() {
        RecentEventIds ids = new RecentEventIds(1_000, 100);
        ids.reserve("old", 0);
        ids.confirm("old", 500);
        ids.reserve("new", 900);
        ids.confirm("new", 1_400);

        assertThat(ids.wasProduced("old", 1_500)).isTrue();
        assertThat(ids.wasProduced("old", 1_501)).isFalse();
        assertThat(ids.wasProduced("new", 1_501)).isTrue();
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void overflowEvictsOldestProducedButNotInFlight() {
        RecentEventIds ids = new RecentEventIds(60_000, 2);
        ids.reserve("flying", 0);
        for (String id : List.of("p1", "p2", "p3")) {
            ids.reserve(id, 0);
            ids.confirm(id, 0);
        }

        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.wasProduced("p1", 0)).isFalse();
        assertThat(ids.wasProduced("p3", 0)).isTrue();
        assertThat(ids.reserve("flying", 0).status()).isEqualTo(RecentEventIds.Status.IN_PROGRESS);
    }

    @Test
    void restoredIdsCountAsProduced() {
        RecentEventIds ids = new RecentEventIds(60_000, 100);

        ids.restore("a", 1_000);
        ids.restore("a", 1_001);

        assertThat(ids.size()).isEqualTo(1);
        assertThat(ids.reserve("a", 1_002).status()).isEqualTo(RecentEventIds.Status.PRODUCED);
    }

    @Test
    void idsForgottenBeforeTheirWindowAreCounted() {
        RecentEventIds ids = new RecentEventIds(60_000, 2);
        for (String id : List.of("a", "b", "c")) {
            ids.reserve(id, 1_000);
            ids.confirm(id, 1_000);
        }

        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.evictedEarly()).isEqualTo(1);
        assertThat(ids.wasProduced("a", 1_000)).isFalse();
    }

    @Test
    void forgottenAgeIsTheRealMemory() {
        RecentEventIds ids = new RecentEventIds(60_000, 2);
        assertThat(ids.forgottenAgeMs()).as("nothing forgotten yet").isEqualTo(-1);

        long[] confirmTimes = {1_000, 3_000, 8_000, 9_000};
        for (int i = 0; i < confirmTimes.length; i++) {
            String id = "id-" + i;
            ids.reserve(id, confirmTimes[i]);
            ids.confirm(id, confirmTimes[i]);
        }

        assertThat(ids.evictedEarly()).isEqualTo(2);
        assertThat(ids.forgottenAgeMs()).as("id-1, confirmed at 3000, forgotten when id-3 was confirmed at 9000")
                .isEqualTo(6_000);
    }
}
