package dev.edgeplane.lb.act.iptables;

import java.util.Locale;

/** Transport protocol of a service port, as Kubernetes names it. */
public enum Protocol {
    TCP,
    UDP,
    SCTP;

    /** Returns the lower-case name that iptables and kube-proxy's chain hash use. */
    public String iptablesName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
