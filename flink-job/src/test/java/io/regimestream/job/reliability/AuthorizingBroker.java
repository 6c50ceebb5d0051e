package io.regimestream.job.reliability;

import io.regimestream.localservices.KafkaBroker;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.util.HashMap;
import java.util.Map;

/**
 * A SASL/PLAIN broker with Kafka's standard authorizer and two users: {@code admin}, a super user
 * (the tests' own clients), and {@code scorer}, the job's user, allowed what no ACL denies.
 */
final class AuthorizingBroker {

    private AuthorizingBroker() {}

    static KafkaBrokerExtension extension(String adminPassword, String scorerPassword) {
        return new KafkaBrokerExtension(b -> b.saslPlain("admin", adminPassword)
                .property(
                        "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                                + adminPassword + "\" user_admin=\"" + adminPassword + "\" user_scorer=\""
                                + scorerPassword + "\";")
                .property("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .property("super.users", "User:admin;User:ANONYMOUS")
                .property("allow.everyone.if.no.acl.found", "true"));
    }

    /** Client settings of the job's user. */
    static Map<String, Object> scorer(KafkaBroker broker, String scorerPassword) {
        Map<String, Object> scorer = new HashMap<>(broker.clientProperties());
        scorer.putAll(KafkaBroker.saslClientProperties("scorer", scorerPassword));
        return scorer;
    }
}
