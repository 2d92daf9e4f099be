package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A view keeps at most {@link PartitionView#OPEN_FILES} files open between catch-ups, and closes them all on failure. */
class PartitionViewTest {

    @TempDir
    Path directory;

    @Test
    void theLeastRecentlyUsedChannelIsClosedPastTheLimitAndAllOnDiscard() throws Exception {
        TopicPartition partition = new TopicPartition("t", 0);
        PartitionView view = new PartitionView(directory.resolve("t-0"), partition, false,
                new ViewWinners(ViewWinners.DEFAULT_BUDGET_BYTES));
        assertThat(view.lock(Deadlines.after(Duration.ofSeconds(10)))).isTrue();
        try {
            assertThat(view.covered()).isEqualTo(-1);
            List<PartitionView.NamespaceFile> files = new ArrayList<>();
            for (int i = 0; i < PartitionView.OPEN_FILES + 10; i++) {
                files.add(view.create("ns-" + i));
            }
            var first = view.channel(files.get(0));
            assertThat(view.channel(files.get(0))).as("kept open").isSameAs(first);
            for (PartitionView.NamespaceFile file : files) {
                view.channel(file);
                view.channel(files.get(0)); // the first stays the most recently used
            }
            assertThat(view.openChannels()).isEqualTo(PartitionView.OPEN_FILES);
            assertThat(first.isOpen()).isTrue();
            var second = view.channel(files.get(1));
            assertThat(view.openChannels()).isEqualTo(PartitionView.OPEN_FILES);
            assertThat(second.isOpen()).isTrue();
            view.discard();
            assertThat(view.openChannels()).isZero();
            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isFalse();
        } finally {
            view.unlock();
        }
    }
}
