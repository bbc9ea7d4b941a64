package io.slipway.embeddedkafka;

import io.slipway.protocol.access.KafkaLogin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The passwords of a broker directory, generated on its first start and kept (owner-readable only)
 * in {@code credentials.properties} beside the logs, so that a restart on the same directory finds
 * the SCRAM credentials it was formatted with.
 *
 * @param broker the broker's own SCRAM login (a super user; inter-broker and administration)
 * @param controllerPassword the KRaft controller listener's PLAIN password (a super user)
 * @param orchestrator the orchestrator's SCRAM login (granted {@code KafkaAcls.orchestrator()})
 */
record BrokerSecrets(KafkaLogin broker, String controllerPassword, KafkaLogin orchestrator) {
    static final String BROKER_USER = "slipway-broker";
    static final String CONTROLLER_USER = "controller";

    static BrokerSecrets loadOrCreate(Path dir) {
        Path file = dir.resolve("credentials.properties");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                var p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                return new BrokerSecrets(
                        new KafkaLogin(BROKER_USER, p.getProperty("broker")),
                        p.getProperty("controller"),
                        new KafkaLogin(KafkaLogin.ORCHESTRATOR, p.getProperty("orchestrator")));
            }
            var secrets =
                    new BrokerSecrets(
                            KafkaLogin.generate(BROKER_USER),
                            KafkaLogin.generate(CONTROLLER_USER).password(),
                            KafkaLogin.generate(KafkaLogin.ORCHESTRATOR));
            var p = new Properties();
            p.setProperty("broker", secrets.broker.password());
            p.setProperty("controller", secrets.controllerPassword);
            p.setProperty("orchestrator", secrets.orchestrator.password());
            Path tmp = dir.resolve("credentials.properties.tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        tmp,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Kafka passwords of this dev broker; generated on first start");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
