package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WatchQuotaTests {

    @Test
    void aCallerIsRefusedBeyondItsOwnCapWhileOthersAreAdmitted() {
        WatchQuota quota = new WatchQuota(2, 10);

        assertThat(quota.tryAcquire("a")).isTrue();
        assertThat(quota.tryAcquire("a")).isTrue();
        assertThat(quota.tryAcquire("a")).isFalse();
        assertThat(quota.tryAcquire("b")).isTrue();
        quota.release("a");
        assertThat(quota.tryAcquire("a")).isTrue();
        assertThat(quota.total()).isEqualTo(3);
    }

    @Test
    void everyoneIsRefusedAtTheOverallCap() {
        WatchQuota quota = new WatchQuota(2, 3);
        quota.tryAcquire("a");
        quota.tryAcquire("b");
        quota.tryAcquire("c");

        assertThat(quota.tryAcquire("d")).isFalse();
        quota.release("b");
        assertThat(quota.tryAcquire("d")).isTrue();
    }

    @Test
    void aReleaseWithoutAcquireIsABug() {
        assertThatThrownBy(() -> new WatchQuota(1, 1).release("x"))
                .isInstanceOf(IllegalStateException.class);
    }
}
