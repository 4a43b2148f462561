package dev.edgeplane.schemas;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro instantiate Edgeplane's generated event classes.
 *
 * <p>Avro 1.12 loads a class named in a schema only when it is trusted, and otherwise raises
 * {@code SecurityException: Forbidden dev.edgeplane... not trusted}. Its default trust list comes
 * from the system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}, which Avro reads once, the
 * first time any class validation runs in the JVM. Setting that property from here would therefore
 * fail whenever some other code used Avro first, so this class installs a global predicate instead:
 * the previous global predicate, or {@code dev.edgeplane.*}. Every serde in this module calls
 * {@link #ensureTrusted()} in its static initializer, so applications need no JVM flag.
 */
public final class AvroTrust {

    /** Package prefix whose classes are trusted, with the trailing dot. */
    public static final String TRUSTED_PACKAGE_PREFIX = "dev.edgeplane.";

    private static final ClassSecurityPredicate EDGEPLANE_CLASSES =
            type -> type.getName().startsWith(TRUSTED_PACKAGE_PREFIX);

    private static boolean installed;

    private AvroTrust() {
    }

    /**
     * Adds {@code dev.edgeplane.*} to the classes Avro trusts, keeping whatever was trusted before.
     * Idempotent and thread-safe; it does not block beyond a short lock.
     */
    public static synchronized void ensureTrusted() {
        if (installed) {
            return;
        }
        ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, EDGEPLANE_CLASSES));
        installed = true;
    }
}
