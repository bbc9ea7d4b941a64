package io.slipway.protocol.access;

import io.slipway.protocol.HostId;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SCRAM user name and password on the broker. {@link #toString()} never shows the password.
 *
 * @param username a Kafka principal name ({@code User:username})
 * @param password free text without quotes, backslashes or line breaks (it is written into a JAAS
 *     line)
 */
public record KafkaLogin(String username, String password) {
    /** The SASL mechanism every Slipway client uses. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** The orchestrator's user name (every replica shares it). */
    public static final String ORCHESTRATOR = "slipway-orchestrator";

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern UNSAFE = Pattern.compile("[\"\\\\\\r\\n]");
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public KafkaLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "Kafka user name must be 1-128 of [A-Za-z0-9._-]: " + username);
        }
        if (password.length() < 12 || UNSAFE.matcher(password).find()) {
            throw new IllegalArgumentException(
                    "the Kafka password of "
                            + username
                            + " must have at least 12 characters and no quote, backslash or"
                            + " line break");
        }
    }

    /** The user name of {@code host}'s agent. */
    public static String hostUser(HostId host) {
        return "slipway-host-" + host.value();
    }

    /** A fresh login with 32 random letters and digits (190 bits). */
    public static KafkaLogin generate(String username) {
        var password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new KafkaLogin(username, password.toString());
    }

    /** The client-side {@code sasl.jaas.config} value. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + username
                + "\" password=\""
                + password
                + "\";";
    }

    /**
     * Standard Kafka client properties for this login: {@code bootstrap.servers}, {@code
     * security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}.
     *
     * @param securityProtocol {@code SASL_PLAINTEXT} or {@code SASL_SSL}
     */
    public Map<String, String> clientProperties(String bootstrap, String securityProtocol) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", securityProtocol);
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaasConfig());
        return p;
    }

    @Override
    public String toString() {
        return "KafkaLogin[" + username + ", password hidden]";
    }
}
