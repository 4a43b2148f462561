package dev.edgeplane.lb.act.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeplane.lb.decide.ServiceKey;
import org.junit.jupiter.api.Test;

class ServicePortTest {

    @Test
    void kubeProxyChainMatchesKnownNames() {
        // kube-proxy in iptables mode gives these service ports these chains, as iptables-save
        // shows on clusters with the usual API service and kube-dns service.
        assertThat(port("default", "kubernetes", "https", Protocol.TCP).kubeProxyChain())
                .isEqualTo("KUBE-SVC-NPX46M4PTMTKRN6Y");
        assertThat(port("kube-system", "kube-dns", "dns", Protocol.UDP).kubeProxyChain())
                .isEqualTo("KUBE-SVC-TCOU7JCQXEZGVUNU");
        assertThat(port("kube-system", "kube-dns", "dns-tcp", Protocol.TCP).kubeProxyChain())
                .isEqualTo("KUBE-SVC-ERIFXISQEP7F7OF4");
    }

    @Test
    void unnamedPortLeavesNameOut() {
        ServicePort nginx = port("default", "nginx", "", Protocol.TCP);

        assertThat(nginx.servicePortName()).isEqualTo("default/nginx");
        assertThat(nginx.kubeProxyChain()).isEqualTo("KUBE-SVC-2CMXP7HKUVJN7L6M");
    }

    @Test
    void edgeplaneChainFitsIptablesLimit() {
        ServicePort http = port("default", "web", "http", Protocol.TCP);
        ServicePort udp = port("default", "web", "http", Protocol.UDP);

        assertThat(http.edgeplaneChain()).startsWith(ServicePort.CHAIN_PREFIX).hasSize(28);
        assertThat(http.edgeplaneChain()).isNotEqualTo(udp.edgeplaneChain());
        assertThat(http.edgeplaneChain()).isEqualTo(port("default", "web", "http", Protocol.TCP).edgeplaneChain());
    }

    @Test
    void namesThatCouldBreakRulesAreRejected() {
        assertThatThrownBy(() -> port("default", "web", "http\" -j ACCEPT", Protocol.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid port name");
        assertThatThrownBy(() -> port("Default", "web", "", Protocol.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid namespace 'Default'");
        assertThatThrownBy(() -> new WeightedEndpoint("web-1\n-A", "10.0.0.1", 80, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid pod name");
        assertThatThrownBy(() -> new WeightedEndpoint("web-1", "fd00::1", 80, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv4 addresses only");
    }

    static ServicePort port(String namespace, String name, String portName, Protocol protocol) {
        return new ServicePort(new ServiceKey(namespace, name), portName, protocol);
    }
}
