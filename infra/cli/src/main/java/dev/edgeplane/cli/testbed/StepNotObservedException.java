package dev.edgeplane.cli.testbed;

import dev.edgeplane.testbed.TestbedException;

/** A step of the loop that did not show on the control plane's topics or in the kernel within the step timeout. */
public final class StepNotObservedException extends TestbedException {

    private static final long serialVersionUID = 1L;

    StepNotObservedException(String message) {
        super(message);
    }
}
