package dev.edgeplane.testbed;

import java.nio.file.Path;

/**
 * A JVM that builds a testbed, prints its run id and waits to be stopped, so that tests can kill it
 * (a crash) or send it SIGTERM (Ctrl-C). Arguments: the state folder and the edge-node count.
 */
public final class TestbedOwnerMain {

    private TestbedOwnerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Testbed testbed = Testbed.create(Netns.config(Path.of(args[0]), Integer.parseInt(args[1])));
        System.out.println("run " + testbed.runId());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
