package io.slipway.devicetree.bench;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.fdt.FdtReader;
import io.slipway.devicetree.fdt.FdtWriter;
import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devicetree.guest.ValidGuest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing (and parsing plus guest-schema validation) of {@code gpu-hvm.dts}, as DTS source and as
 * the DTB dtc makes of it. Run: {@code mvn -pl protocol -Pbenchmarks package -DskipTests && java
 * -jar protocol/target/benchmarks.jar DeviceTreeParseBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeviceTreeParseBenchmark {
    private static final String FILE = "gpu-hvm.dts";

    private String source;
    private byte[] sourceBytes;
    private byte[] blob;

    @Setup
    public void load() throws IOException, DeviceTreeException {
        try (InputStream in = DeviceTreeParseBenchmark.class.getResourceAsStream("/" + FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the benchmark classpath");
            }
            sourceBytes = in.readAllBytes();
        }
        source = new String(sourceBytes, StandardCharsets.UTF_8);
        blob = FdtWriter.write(DtsCompiler.compile(source, FILE));
    }

    @Benchmark
    public DeviceTree parseDtb() throws DeviceTreeException {
        return FdtReader.readGuestBlob(blob);
    }

    @Benchmark
    public DeviceTree parseDts() throws DeviceTreeException {
        return DtsCompiler.compile(source, FILE);
    }

    /** Parse, validate against the guest schema, canonical DTB and digest. */
    @Benchmark
    public ValidGuest parseAndValidateDtb() throws DeviceTreeException {
        return GuestDescriptions.read(blob, DescriptionFormat.DTB, FILE);
    }

    /** Parse, validate against the guest schema, canonical DTB and digest. */
    @Benchmark
    public ValidGuest parseAndValidateDts() throws DeviceTreeException {
        return GuestDescriptions.read(sourceBytes, DescriptionFormat.DTS, FILE);
    }
}
