package dev.edgeplane.cli;

import java.io.PrintWriter;

import dev.edgeplane.schemas.catalog.ProvisioningReport;
import dev.edgeplane.schemas.catalog.TopicDrift;
import dev.edgeplane.schemas.catalog.TopicOutcome;
import dev.edgeplane.schemas.catalog.TopicOutcome.Status;

/** Prints a {@link ProvisioningReport} as one line per topic or drift, then a summary. */
final class TopicReportPrinter {

    private final PrintWriter out;

    TopicReportPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(ProvisioningReport report, boolean verifyOnly) {
        report.replicationCap().ifPresent(cap -> out.println("WARN     " + cap.message()));

        for (TopicOutcome outcome : report.outcomes()) {
            printOutcome(outcome);
        }

        out.printf("%d topics: %d created, %d ok, %d drifted, %d missing, %d failed%n", report.outcomes().size(),
                count(report, Status.CREATED), count(report, Status.VERIFIED), count(report, Status.DRIFTED),
                count(report, Status.MISSING), count(report, Status.FAILED));
        if (count(report, Status.DRIFTED) > 0) {
            out.println("Drifted topics were left unchanged, because Edgeplane alters and deletes no existing topic.");
            out.println("Align a drifted config with kafka-configs.sh --alter after checking what it does to the data in the topic.");
            out.println("A different partition count changes the partition of each key, so it needs a new topic.");
        }
        if (verifyOnly && count(report, Status.MISSING) > 0) {
            out.println("Run without --verify-only to create the missing topics.");
        }
    }

    private void printOutcome(TopicOutcome outcome) {
        switch (outcome.status()) {
            case CREATED -> line("created", outcome.topic() + " (" + outcome.detail() + ")");
            case VERIFIED -> line("ok", outcome.topic());
            case DRIFTED -> {
                for (TopicDrift drift : outcome.drifts()) {
                    line("DRIFT", outcome.topic() + ": " + drift.setting() + " is " + drift.actual() + ", expected " + drift.expected());
                }
            }
            case MISSING -> line("MISSING", outcome.topic());
            case FAILED -> line("FAILED", outcome.topic() + ": " + outcome.detail());
        }
    }

    private void line(String label, String text) {
        out.printf("%-8s %s%n", label, text);
    }

    private static long count(ProvisioningReport report, Status status) {
        return report.withStatus(status).size();
    }
}
