package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the pods on a node as the pod cgroups the kubelet created: {@code pod<uid>} folders with
 * the cgroupfs driver, {@code kubepods-<qos>-pod<uid>.slice} with the systemd driver, directly under
 * the pods cgroup or one level down in its QoS class (burstable, besteffort).
 */
final class PodCounter {

    private static final Logger LOG = LoggerFactory.getLogger(PodCounter.class);
    private static final Pattern POD_CGROUP = Pattern.compile("(kubepods(-[a-z]+)?-)?pod[0-9a-fA-F_-]+(\\.slice)?");

    private final Path podsCgroup;
    private boolean missingLogged;

    /** @param podsCgroup parent cgroup of the pods, or null to count none */
    PodCounter(Path podsCgroup) {
        this.podsCgroup = podsCgroup;
    }

    /** Returns the number of pod cgroups; 0 when the parent cgroup does not exist, as on a node without a kubelet. */
    int count() {
        if (podsCgroup == null) {
            return 0;
        }
        if (!Files.isDirectory(podsCgroup)) {
            if (!missingLogged) {
                missingLogged = true;
                LOG.info("Pod cgroup {} does not exist, so the node reports 0 pods; set agent.pods.cgroup.path to the"
                        + " kubelet's pods cgroup", podsCgroup);
            }
            return 0;
        }
        try {
            return countIn(podsCgroup, 2);
        } catch (IOException e) {
            LOG.warn("Cannot list pod cgroups under {}: {}; the node reports 0 pods", podsCgroup, e.toString());
            return 0;
        }
    }

    private static int countIn(Path folder, int depth) throws IOException {
        int pods = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path child : children) {
                if (POD_CGROUP.matcher(child.getFileName().toString()).matches()) {
                    pods++;
                } else if (depth > 1) {
                    pods += countIn(child, depth - 1);
                }
            }
        }
        return pods;
    }
}
