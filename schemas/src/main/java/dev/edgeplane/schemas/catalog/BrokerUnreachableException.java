package dev.edgeplane.schemas.catalog;

/** Thrown when the Kafka cluster does not respond within the provisioner's timeout. */
public class BrokerUnreachableException extends TopicProvisioningException {

    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
