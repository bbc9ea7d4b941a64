package io.slipway.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.protocol.DomainId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DomainLanesTests {
    @Test
    void jobsOfOneDomainRunInOrderOneAtATime() {
        try (DomainLanes lanes = new DomainLanes(4)) {
            DomainId id = DomainId.random();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            for (int i = 0; i < 50; i++) {
                int n = i;
                lanes.submit(
                        id,
                        () -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            order.add(n);
                            running.decrementAndGet();
                        });
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 50);
            assertThat(order).isSorted();
            assertThat(maxRunning.get()).isEqualTo(1);
        }
    }

    @Test
    void differentDomainsRunConcurrentlyUpToTheLimit() throws InterruptedException {
        try (DomainLanes lanes = new DomainLanes(3)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                lanes.submit(
                        DomainId.random(),
                        () -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            try {
                                release.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            running.decrementAndGet();
                            finished.incrementAndGet();
                        });
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 3);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 6);
            assertThat(maxRunning.get()).isEqualTo(3);
        }
    }
}
