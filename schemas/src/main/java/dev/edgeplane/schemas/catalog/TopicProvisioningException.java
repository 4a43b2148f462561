package dev.edgeplane.schemas.catalog;

/** Thrown when the provisioner cannot read the cluster's topics at all, so no topic was checked. */
public class TopicProvisioningException extends RuntimeException {

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
