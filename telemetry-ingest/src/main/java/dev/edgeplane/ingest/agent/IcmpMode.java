package dev.edgeplane.ingest.agent;

/** Whether the agent probes its targets with ICMP echo, the setting {@value AgentConfigDef#PROBE_ICMP}. */
public enum IcmpMode {
    /** Probe with ICMP; the agent fails to start when the process cannot send ICMP echo requests. */
    ON,
    /** Probe with ICMP when the process can send ICMP echo requests; otherwise log why not and go on. */
    AUTO,
    /** Never probe with ICMP. */
    OFF
}
