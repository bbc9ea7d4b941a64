package io.slipway.cli.watch;

import tools.jackson.databind.JsonNode;

/** Where a followed domain is shown; called from one thread. */
public interface Display {
    /** The domain as it is now (a fresh {@code GET /domains/{id}}). */
    void show(JsonNode view);

    /** A remark outside the step list, e.g. a reconnect. */
    void note(String line);

    /** Nothing more will be shown; leaves the cursor on a fresh line. */
    void close();
}
