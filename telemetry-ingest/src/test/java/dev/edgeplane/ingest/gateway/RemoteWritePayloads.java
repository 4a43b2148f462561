package dev.edgeplane.ingest.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;
import org.xerial.snappy.Snappy;

/** Builds remote-write 1.0 bodies (snappy-compressed WriteRequest messages) for tests. */
final class RemoteWritePayloads {

    /** One series with one sample. */
    record Series(Map<String, String> labels, double value, long timestampMs) {
    }

    private RemoteWritePayloads() {
    }

    static byte[] compressed(List<Series> series) {
        try {
            return Snappy.compress(writeRequest(series));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] writeRequest(List<Series> series) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (Series one : series) {
                byte[] timeSeries = timeSeries(one);
                out.writeTag(1, 2);
                out.writeUInt32NoTag(timeSeries.length);
                out.writeRawBytes(timeSeries);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] timeSeries(Series series) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (Map.Entry<String, String> label : new java.util.TreeMap<>(series.labels()).entrySet()) {
            ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
            CodedOutputStream labelOut = CodedOutputStream.newInstance(labelBytes);
            labelOut.writeString(1, label.getKey());
            labelOut.writeString(2, label.getValue());
            labelOut.flush();
            out.writeTag(1, 2);
            out.writeUInt32NoTag(labelBytes.size());
            out.writeRawBytes(labelBytes.toByteArray());
        }
        ByteArrayOutputStream sampleBytes = new ByteArrayOutputStream();
        CodedOutputStream sampleOut = CodedOutputStream.newInstance(sampleBytes);
        sampleOut.writeDouble(1, series.value());
        sampleOut.writeInt64(2, series.timestampMs());
        sampleOut.flush();
        out.writeTag(2, 2);
        out.writeUInt32NoTag(sampleBytes.size());
        out.writeRawBytes(sampleBytes.toByteArray());
        out.flush();
        return bytes.toByteArray();
    }

    /** Returns the series of one node-metrics event under the built-in mapping. */
    static List<Series> nodeSeries(String node, long timestampMs, double cpuUsedCores) {
        return List.of(
                series("edgeplane:node_cpu_used:cores", node, cpuUsedCores, timestampMs),
                series("edgeplane:node_cpu_capacity:cores", node, 4, timestampMs),
                series("edgeplane:node_memory_used:bytes", node, 2e9, timestampMs),
                series("edgeplane:node_memory_capacity:bytes", node, 8e9, timestampMs),
                series("edgeplane:node_pods:count", node, 12, timestampMs));
    }

    static Series series(String name, String node, double value, long timestampMs) {
        return new Series(Map.of("__name__", name, "node", node, "job", "edge"), value, timestampMs);
    }
}
