package io.slipway.agent.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandJournalTests {
    @TempDir Path dir;

    @Test
    void commandsNotMarkedDoneSurviveAReopenInOrder() {
        CommandJournal journal = CommandJournal.open(dir);
        long a = journal.append("{\"a\":1}");
        long b = journal.append("{\"b\":2}");
        long c = journal.append("{\"c\":3}");
        journal.markDone(b);
        // no close: the process is killed

        CommandJournal reopened = CommandJournal.open(dir);

        assertThat(reopened.pending())
                .containsExactly(
                        new CommandJournal.Entry(a, "{\"a\":1}"),
                        new CommandJournal.Entry(c, "{\"c\":3}"));
        assertThat(reopened.append("{\"d\":4}")).isGreaterThan(c);
    }

    @Test
    void aTornLastLineIsDroppedAndTheNextAppendStartsOnItsOwnLine() throws Exception {
        CommandJournal journal = CommandJournal.open(dir);
        long a = journal.append("{\"a\":1}");
        Files.writeString(journal.file(), "{\"seq\":2,\"comm", StandardOpenOption.APPEND);

        CommandJournal reopened = CommandJournal.open(dir);
        long d = reopened.append("{\"d\":4}");

        assertThat(CommandJournal.open(dir).pending())
                .extracting(CommandJournal.Entry::seq)
                .containsExactly(a, d);
    }

    @Test
    void commandsAppendedTogetherGetConsecutiveNumbersAndSurviveTogether() {
        CommandJournal journal = CommandJournal.open(dir);
        long a = journal.append("{\"a\":1}");
        java.util.List<Long> group = journal.appendAll(java.util.List.of("{\"b\":2}", "{\"c\":3}"));
        journal.markDone(a);

        assertThat(group).containsExactly(a + 1, a + 2);
        assertThat(CommandJournal.open(dir).pending())
                .containsExactly(
                        new CommandJournal.Entry(a + 1, "{\"b\":2}"),
                        new CommandJournal.Entry(a + 2, "{\"c\":3}"));
    }
}
