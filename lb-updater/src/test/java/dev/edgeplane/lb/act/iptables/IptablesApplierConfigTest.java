package dev.edgeplane.lb.act.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IptablesApplierConfigTest {

    @Test
    void commandListsSplitOnCommas() {
        IptablesApplierConfig config = IptablesApplierConfig.from(Map.of(
                IptablesApplierConfig.RESTORE_COMMAND, "ip,netns,exec,test,iptables-restore"));

        assertThat(config.restoreCommand()).containsExactly("ip", "netns", "exec", "test", "iptables-restore");
        assertThat(config.saveCommand()).containsExactly("iptables-save");
    }

    @Test
    void emptyCommandIsRejected() {
        assertThatThrownBy(() -> IptablesApplierConfig.from(Map.of(IptablesApplierConfig.SAVE_COMMAND, List.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lb.iptables.save.command");
    }

    @Test
    void lockWaitMustBeBelowTimeout() {
        Map<String, Object> settings = Map.of(
                IptablesApplierConfig.LOCK_WAIT_MS, 10_000L,
                IptablesApplierConfig.COMMAND_TIMEOUT_MS, 5_000L);

        assertThatThrownBy(() -> IptablesApplierConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("lb.iptables.lock.wait.ms (10000) must be below lb.iptables.command.timeout.ms (5000), "
                        + "or iptables-restore is killed while it still waits for the lock");
    }
}
