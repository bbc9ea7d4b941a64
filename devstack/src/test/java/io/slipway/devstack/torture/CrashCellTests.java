package io.slipway.devstack.torture;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.protocol.HostId;
import io.slipway.protocol.StepName;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CrashCellTests {
    private static final List<HostId> HOSTS =
            List.of(HostId.of("host-1"), HostId.of("host-2"), HostId.of("host-3"));

    @Test
    void theFullMatrixIsEveryPointTimesEveryAgentStepPlusTheMidCheckpointOfEachLongStep() {
        assertThat(CrashCell.agentSteps()).hasSize(17).allMatch(StepName::runsOnAgent);
        assertThat(CrashCell.all()).hasSize(3 * 17 + 3 * 17 + 5).doesNotHaveDuplicates();
        assertThat(CrashCell.all().stream().map(CrashCell::name)).doesNotHaveDuplicates();
    }

    @Test
    void everyCellNameParsesBackToItsCell() {
        for (CrashCell cell : CrashCell.all()) {
            assertThat(CrashCell.parse(cell.name())).isEqualTo(cell);
        }
    }

    @Test
    void cellsArmTheirProcessWithTheDocumentedFlags() {
        CrashCell orchestrator =
                new CrashCell(true, "AFTER_EVENT_COMMIT_BEFORE_PUBLISH", StepName.ASSIGN_PCI);
        assertThat(orchestrator.orchestratorArg())
                .isEqualTo("--slipway.crash-at=AFTER_EVENT_COMMIT_BEFORE_PUBLISH@ASSIGN_PCI");
        assertThat(new CrashCell(false, "", StepName.UNPAUSE).agentFlag()).isEqualTo("UNPAUSE");
        assertThat(new CrashCell(false, "0.5", StepName.KILL_DOMAIN).agentFlag())
                .isEqualTo("KILL_DOMAIN:0.5");
        assertThat(new CrashCell(false, "", StepName.KILL_DOMAIN).inDestroy()).isTrue();
        assertThat(new CrashCell(false, "", StepName.UNPAUSE).inDestroy()).isFalse();
    }

    @Test
    void twoSuccessiveSubsetsCoverEveryPointKindAndTheRotationWalksEveryStep() {
        for (long rotation = 0; rotation < 40; rotation++) {
            List<CrashCell> subset = CrashCell.subset(rotation);
            assertThat(subset).hasSize(rotation % 2 == 0 ? 4 : 3);
            List<CrashCell> twoDays = new java.util.ArrayList<>(subset);
            twoDays.addAll(CrashCell.subset(rotation + 1));
            assertThat(twoDays.stream().map(c -> c.onOrchestrator() + c.point()))
                    .doesNotHaveDuplicates()
                    .hasSize(7);
            assertThat(CrashCell.subset(rotation)).isEqualTo(subset);
        }
        assertThat(
                        LongStream.range(0, 34)
                                .mapToObj(CrashCell::subset)
                                .flatMap(List::stream)
                                .filter(c -> c.point().equals("after-report"))
                                .map(CrashCell::step)
                                .distinct())
                .hasSize(17);
    }

    @Test
    void aSeedAlwaysDrawsTheSamePlanWithEveryKindOfFault() {
        RandomPlan a = RandomPlan.generate(42, 100, HOSTS, Duration.ofSeconds(20));
        RandomPlan b = RandomPlan.generate(42, 100, HOSTS, Duration.ofSeconds(20));
        assertThat(a).isEqualTo(b);
        assertThat(a.creations()).hasSize(100);
        assertThat(a.faults().stream().map(RandomPlan.Fault::target).distinct())
                .containsExactlyInAnyOrder(RandomPlan.Target.values());
        assertThat(RandomPlan.generate(43, 100, HOSTS, Duration.ofSeconds(20))).isNotEqualTo(a);
    }
}
