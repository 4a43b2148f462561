package dev.edgeplane.lb.act.iptables;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the {@link NodeRuleApplier}, resolved once and immutable. */
public final class IptablesApplierConfig {

    public static final String RESTORE_COMMAND = "lb.iptables.restore.command";
    private static final String RESTORE_COMMAND_DOC = "Command that runs iptables-restore, as a comma-separated list "
            + "of the program and its leading arguments, such as /usr/sbin/iptables-restore or "
            + "ip,netns,exec,NAME,iptables-restore. The applier adds --noflush and -w.";

    public static final String SAVE_COMMAND = "lb.iptables.save.command";
    private static final String SAVE_COMMAND_DOC = "Command that runs iptables-save, as a comma-separated list of the "
            + "program and its leading arguments. The applier adds -t nat.";

    public static final String COMMAND_TIMEOUT_MS = "lb.iptables.command.timeout.ms";
    private static final String COMMAND_TIMEOUT_MS_DOC = "Time in milliseconds after which a running iptables-save or "
            + "iptables-restore is killed and the call fails.";

    public static final String LOCK_WAIT_MS = "lb.iptables.lock.wait.ms";
    private static final String LOCK_WAIT_MS_DOC = "Time in milliseconds iptables-restore waits for the xtables lock "
            + "that kube-proxy also takes, passed as -w in whole seconds, rounded up. 0 passes no -w, so a held lock "
            + "fails the call at once.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(RESTORE_COMMAND, Type.LIST, "iptables-restore", new NonEmptyList(), Importance.HIGH,
                    RESTORE_COMMAND_DOC)
            .define(SAVE_COMMAND, Type.LIST, "iptables-save", new NonEmptyList(), Importance.HIGH, SAVE_COMMAND_DOC)
            .define(COMMAND_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1L), Importance.MEDIUM,
                    COMMAND_TIMEOUT_MS_DOC)
            .define(LOCK_WAIT_MS, Type.LONG, 5_000L, Range.atLeast(0L), Importance.MEDIUM, LOCK_WAIT_MS_DOC);

    private final List<String> restoreCommand;
    private final List<String> saveCommand;
    private final long commandTimeoutMs;
    private final long lockWaitMs;

    private IptablesApplierConfig(AbstractConfig parsed) {
        restoreCommand = List.copyOf(parsed.getList(RESTORE_COMMAND));
        saveCommand = List.copyOf(parsed.getList(SAVE_COMMAND));
        commandTimeoutMs = parsed.getLong(COMMAND_TIMEOUT_MS);
        lockWaitMs = parsed.getLong(LOCK_WAIT_MS);
        if (lockWaitMs >= commandTimeoutMs) {
            throw new ConfigException(LOCK_WAIT_MS + " (" + lockWaitMs + ") must be below " + COMMAND_TIMEOUT_MS + " ("
                    + commandTimeoutMs + "), or iptables-restore is killed while it still waits for the lock");
        }
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored.
     *
     * @throws ConfigException if a value is invalid or two values contradict each other
     */
    public static IptablesApplierConfig from(Map<String, ?> settings) {
        return new IptablesApplierConfig(new AbstractConfig(CONFIG, settings, false));
    }

    /** Returns the definition of every key, for help output and documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public List<String> restoreCommand() {
        return restoreCommand;
    }

    public List<String> saveCommand() {
        return saveCommand;
    }

    public long commandTimeoutMs() {
        return commandTimeoutMs;
    }

    public long lockWaitMs() {
        return lockWaitMs;
    }

    private static final class NonEmptyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((List<?>) value).isEmpty() || ((List<?>) value).contains("")) {
                throw new ConfigException(name, value, "give the program and its leading arguments, comma-separated");
            }
        }

        @Override
        public String toString() {
            return "non-empty list of non-empty strings";
        }
    }
}
