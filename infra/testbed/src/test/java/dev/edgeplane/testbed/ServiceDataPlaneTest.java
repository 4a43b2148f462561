package dev.edgeplane.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.edgeplane.lb.act.ApplyResult;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.lb.decide.ServiceKey;

/**
 * The kernel data plane: 10,000 real requests from the client namespace to a service address,
 * picked by iptables alone, first with kube-proxy's equal shares, then with weights applied by the
 * lb-updater's node applier. Each endpoint's measured share must be within 2 percentage points of
 * its planned share. Replicas run as processes in three node namespaces behind emulated links of
 * different delay, so the response times show what the weights change.
 */
class ServiceDataPlaneTest {

    private static final int REQUESTS = 10_000;
    private static final int CONCURRENCY = 32;
    private static final double TOLERANCE = 0.02;
    private static final long[] ONE_WAY_DELAY_MICROS = {1_000, 2_000, 6_000};
    private static final double[] WEIGHTS = {0.6, 0.3, 0.1};

    @TempDir
    static Path stateDir;

    private static Testbed testbed;
    private static ServiceDataPlane dataPlane;
    private static List<WeightedEndpoint> endpoints;

    @BeforeAll
    static void createTestbed() {
        Netns.assumeAvailable();
        testbed = Testbed.create(Netns.config(stateDir, 3));
        endpoints = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestbedNamespace node = testbed.nodes().get(i);
            testbed.setLink(node, LinkSettings.delay(ONE_WAY_DELAY_MICROS[i]));
            Workloads.startReplica(testbed, node, "web-" + (i + 1), 0);
            endpoints.add(new WeightedEndpoint("web-" + (i + 1), node.address(), TestbedConfig.REPLICA_HTTP_PORT,
                    WEIGHTS[i]));
        }
        ServicePort port = new ServicePort(new ServiceKey("city", "web"), "", Protocol.TCP);
        dataPlane = new ServiceDataPlane(testbed, testbed.client(), port,
                testbed.config().addresses().serviceAddress(0), 80);
    }

    @AfterAll
    static void closeTestbed() {
        if (dataPlane != null) {
            dataPlane.close();
        }
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void sharesFollowUniformThenWeights() {
        dataPlane.installKubeProxyRules(endpoints);
        Map<String, Double> uniformRules = dataPlane.kernelShares();
        LoadResult uniform = send();

        ApplyResult applied = dataPlane.applyWeights(endpoints);
        Map<String, Double> weightedRules = dataPlane.kernelShares();
        LoadResult weighted = send();

        dataPlane.removeWeights();
        Map<String, Double> restored = dataPlane.kernelShares();

        report("uniform (kube-proxy)", uniform);
        report("weights 0.6/0.3/0.1", weighted);
        assertThat(applied.chainsWritten()).isEqualTo(1);
        assertThat(uniform.errors()).isZero();
        assertThat(weighted.errors()).isZero();
        assertThat(uniform.completed()).isEqualTo(REQUESTS);
        assertThat(weighted.completed()).isEqualTo(REQUESTS);
        for (int i = 0; i < endpoints.size(); i++) {
            WeightedEndpoint endpoint = endpoints.get(i);
            assertThat(uniformRules.get(endpoint.destination())).as("kube-proxy rule share of %s", endpoint.pod())
                    .isCloseTo(1.0 / 3, within(1e-6));
            assertThat(weightedRules.get(endpoint.destination())).as("Edgeplane rule share of %s", endpoint.pod())
                    .isCloseTo(WEIGHTS[i], within(1e-6));
            assertThat(uniform.share(endpoint.pod())).as("uniform share of %s", endpoint.pod())
                    .isCloseTo(1.0 / 3, within(TOLERANCE));
            assertThat(weighted.share(endpoint.pod())).as("weighted share of %s", endpoint.pod())
                    .isCloseTo(WEIGHTS[i], within(TOLERANCE));
        }
        assertThat(restored).isEqualTo(uniformRules);
        assertThat(weighted.meanMicros()).isLessThan(uniform.meanMicros());
    }

    private static LoadResult send() {
        return Workloads.sendRequests(testbed, testbed.client(), dataPlane.address(), dataPlane.port(), REQUESTS,
                CONCURRENCY);
    }

    private static void report(String label, LoadResult result) {
        StringBuilder shares = new StringBuilder();
        for (WeightedEndpoint endpoint : endpoints) {
            shares.append(String.format(" %s %.4f", endpoint.pod(), result.share(endpoint.pod())));
        }
        System.out.printf("%s: %d requests in %d ms, errors %d, shares%s; response time µs mean %d p50 %d p90 %d"
                + " p99 %d max %d%n", label, result.completed(), result.elapsedMs(), result.errors(), shares,
                result.meanMicros(), result.p50Micros(), result.p90Micros(), result.p99Micros(), result.maxMicros());
    }
}
