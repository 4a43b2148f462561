package dev.edgeplane.testbed;

import java.util.Optional;

/**
 * One namespace of a testbed and its link to the core.
 *
 * @param name the network namespace's name, {@code ep-<run>-<suffix>}
 * @param role what it stands for
 * @param link index of its link, 0 for the control namespace; -1 for the core
 * @param address its address on the link, the one others reach it by; empty for the core
 * @param coreInterface the core's end of its veth pair; empty for the core
 * @param cityNode the city node it stands for, for edge nodes
 */
public record TestbedNamespace(String name, Role role, int link, String address, String coreInterface,
        Optional<String> cityNode) {

    /** The part a namespace plays. */
    public enum Role {
        CORE, CONTROL, CLIENT, NODE
    }

    /** The interface name on the namespace's own end of its link. */
    public static final String INTERFACE = "eth0";
}
