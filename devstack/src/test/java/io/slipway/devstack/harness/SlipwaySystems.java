package io.slipway.devstack.harness;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension owning the systems a test starts: when the test fails, prints the last 100 lines
 * of every process's log and keeps the work directory; after each test, closes every system.
 *
 * <pre>{@code
 * @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();
 * ...
 * SlipwaySystem system = systems.start(SystemSpec.withHosts(3));
 * }</pre>
 */
public final class SlipwaySystems implements AfterTestExecutionCallback, AfterEachCallback {
    private static final int TAIL_LINES = 100;

    private final List<SlipwaySystem> systems = new ArrayList<>();

    public SlipwaySystem start(SystemSpec spec) {
        SlipwaySystem system = SlipwaySystem.start(spec);
        systems.add(system);
        return system;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            for (SlipwaySystem system : systems) {
                system.printLogTails(TAIL_LINES, System.err);
                system.keepWorkDir();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            systems.forEach(SlipwaySystem::close);
        } finally {
            systems.clear();
        }
    }
}
