package dev.edgeplane.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written name check must agree with the RFC 1123 subdomain expression it replaces. */
class KubernetesNamesTest {

    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    @Property(tries = 3000)
    void nameCheckMatchesExpression(@ForAll("names") String name) {
        boolean expected = name.length() <= 253 && SUBDOMAIN.matcher(name).matches();

        assertThat(KubernetesNames.isValid(name)).as(name).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> short_ = Arbitraries.strings().withChars("ab09-.A_ ").ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> long_ = Arbitraries.strings().withChars("ab-.").ofMinLength(250).ofMaxLength(256);
        return Arbitraries.oneOf(short_, short_, short_, long_);
    }
}
