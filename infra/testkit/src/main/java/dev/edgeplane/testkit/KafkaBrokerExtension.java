package dev.edgeplane.testkit;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link WithKafkaBroker}: starts the broker on first use and resolves
 * {@link EmbeddedKafkaBroker} parameters.
 *
 * <p>The broker is kept in the JUnit store of the root context (JVM scope) or of the test class
 * (class scope). JUnit closes it, as an {@link AutoCloseable} store value, when that context ends.
 * The store's {@code getOrComputeIfAbsent} guards the start, so parallel test classes still share
 * one broker.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String JVM_KEY = "jvm-broker";
    // A store lookup falls back to the parent contexts' stores, so a class broker kept under the JVM
    // broker's key would be found in the root store once any earlier class had started the JVM broker.
    private static final String CLASS_KEY = "class-broker";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return broker(extensionContext);
    }

    /** Returns the broker for {@code context}, starting it on first use. */
    public static EmbeddedKafkaBroker broker(ExtensionContext context) {
        WithKafkaBroker settings = findSettings(context.getRequiredTestClass());
        boolean classScope = settings != null && settings.scope() == WithKafkaBroker.Scope.CLASS;
        ExtensionContext owner = classScope ? classContext(context) : context.getRoot();
        BrokerResource resource = owner.getStore(NAMESPACE).getOrComputeIfAbsent(classScope ? CLASS_KEY : JVM_KEY,
                key -> new BrokerResource(EmbeddedKafkaBroker.builder().build().start()), BrokerResource.class);
        return resource.broker;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext;
    }

    private static WithKafkaBroker findSettings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            WithKafkaBroker settings = c.getAnnotation(WithKafkaBroker.class);
            if (settings != null) {
                return settings;
            }
        }
        return null;
    }

    /** Closes the broker when JUnit closes the store that contains it. */
    private static final class BrokerResource implements AutoCloseable {
        private final EmbeddedKafkaBroker broker;

        private BrokerResource(EmbeddedKafkaBroker broker) {
            this.broker = broker;
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
