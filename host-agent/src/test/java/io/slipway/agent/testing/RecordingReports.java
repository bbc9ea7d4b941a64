package io.slipway.agent.testing;

import io.slipway.agent.report.ReportSink;
import io.slipway.protocol.HostReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A report sink that keeps every report, in order. */
public final class RecordingReports implements ReportSink {
    private final List<HostReport> reports = new CopyOnWriteArrayList<>();

    @Override
    public void publish(HostReport report) {
        reports.add(report);
    }

    @Override
    public void publishAndAwait(HostReport report) {
        reports.add(report);
    }

    public List<HostReport> all() {
        return List.copyOf(reports);
    }

    public <T extends HostReport> List<T> ofType(Class<T> type) {
        return reports.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        reports.clear();
    }
}
