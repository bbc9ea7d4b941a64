package io.slipway.devstack.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: the same {@code java} as this process, JVM options, then either
 * {@code -jar JAR} or {@code -cp CLASSPATH MAIN}, then program arguments. Immutable.
 */
public record JavaCommand(List<String> jvmOptions, List<String> launch, List<String> args) {
    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
        launch = List.copyOf(launch);
        args = List.copyOf(args);
    }

    /** {@code java -jar jar}. */
    public static JavaCommand jar(Path jar) {
        return new JavaCommand(List.of(), List.of("-jar", jar.toString()), List.of());
    }

    /** {@code java -cp classpath mainClass}. */
    public static JavaCommand mainClass(String classpath, String mainClass) {
        return new JavaCommand(List.of(), List.of("-cp", classpath, mainClass), List.of());
    }

    public JavaCommand withJvmOptions(List<String> more) {
        return new JavaCommand(concat(jvmOptions, more), launch, args);
    }

    public JavaCommand withArgs(List<String> more) {
        return new JavaCommand(jvmOptions, launch, concat(args, more));
    }

    /** The full argv, starting with the path of this JVM's {@code java} binary. */
    public List<String> toArgv() {
        var argv = new ArrayList<String>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvmOptions);
        argv.addAll(launch);
        argv.addAll(args);
        return argv;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<String>(a);
        all.addAll(b);
        return all;
    }
}
