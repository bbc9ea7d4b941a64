package io.slipway.devstack.dev;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Stand-ins for the orchestrator and agent jars, so the supervisor can be tested on its own: the
 * orchestrator prints its arguments and answers 200 to every GET on {@code --server.port} (201 with
 * a stand-in properties text to a POST, as to an enrolment; 401 on {@code /api/} without a bearer
 * token, as the real one does); the agent prints its arguments and waits. Both print a line when
 * asked to stop.
 */
final class FakeChildren {
    private FakeChildren() {}

    /** A fake orchestrator; public for {@code java -jar}. */
    public static final class Orchestrator {
        public static void main(String[] args) throws Exception {
            int port = 8080;
            for (String arg : args) {
                if (arg.startsWith("--server.port=")) {
                    port = Integer.parseInt(arg.substring("--server.port=".length()));
                }
            }
            System.out.println("fake orchestrator, database " + System.getenv("SLIPWAY_DB_URL"));
            System.out.println("fake orchestrator args " + String.join(" ", args));
            var server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext(
                    "/",
                    exchange -> {
                        // An enrolment is answered as the real one is: 201 and a properties text.
                        boolean post = exchange.getRequestMethod().equals("POST");
                        byte[] body =
                                (post ? "# fake credentials\n" : "[]")
                                        .getBytes(StandardCharsets.UTF_8);
                        String auth = exchange.getRequestHeaders().getFirst("Authorization");
                        boolean api = exchange.getRequestURI().getPath().startsWith("/api/");
                        int status =
                                api && (auth == null || !auth.startsWith("Bearer "))
                                        ? 401
                                        : post ? 201 : 200;
                        exchange.sendResponseHeaders(status, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
            server.start();
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> System.out.println("fake orchestrator stops")));
            Thread.currentThread().join();
        }
    }

    /** A fake agent; public for {@code java -jar}. */
    public static final class Agent {
        public static void main(String[] args) throws Exception {
            System.out.println("fake agent " + String.join(" ", args));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> System.out.println("fake agent stops")));
            Thread.currentThread().join();
        }
    }

    /** Writes an executable jar with these classes and {@code main} as its Main-Class. */
    static Path jar(Path dir, Class<?> main) throws IOException {
        Path classes = Path.of(System.getProperty("slipway.devstack.test-classes"));
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path jar = dir.resolve(main.getSimpleName() + ".jar");
        String pkg = FakeChildren.class.getPackageName().replace('.', '/');
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path file :
                    files.filter(f -> f.getFileName().toString().startsWith("FakeChildren"))
                            .toList()) {
                out.putNextEntry(new ZipEntry(pkg + "/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
