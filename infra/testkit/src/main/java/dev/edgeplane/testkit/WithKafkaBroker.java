package dev.edgeplane.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real in-process Kafka broker. Test constructors, lifecycle
 * methods and test methods receive it as an {@link dev.edgeplane.infra.kafka.EmbeddedKafkaBroker}
 * parameter.
 *
 * <p>By default one broker serves every test class of the JVM that requests {@link Scope#JVM}, so
 * a suite pays the start-up cost once; tests then keep apart by using their own topic names and
 * consumer groups. {@link Scope#CLASS} gives the class a broker of its own, closed after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
public @interface WithKafkaBroker {

    /** Sharing scope of the broker. */
    Scope scope() default Scope.JVM;

    /** The sharing scope of a test broker. */
    enum Scope {
        /** One broker for all test classes in the JVM, closed when the test run ends. */
        JVM,
        /** One broker for the annotated class, closed after its last test. */
        CLASS
    }
}
