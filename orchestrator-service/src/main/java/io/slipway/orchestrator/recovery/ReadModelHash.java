package io.slipway.orchestrator.recovery;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read model's hash: every row of {@code domain_view}, {@code step_view} and {@code claim} as
 * text, sorted, digested. Equal hashes mean equal tables; the rebuild and the export compare them.
 */
final class ReadModelHash {
    /** {@code %1$s} is a schema prefix, or empty for the search path. */
    static final String SQL =
            "select md5(coalesce(string_agg(x, E'\\n' order by x), '')) from ("
                    + " select 'd' || row(d.*)::text as x from %1$sdomain_view d"
                    + " union all select 's' || row(s.*)::text from %1$sstep_view s"
                    + " union all select 'c' || row(c.domain_id, c.host_id, c.memory_kib, c.vcpus, c.pci)::text"
                    + " from %1$sclaim c) t";

    private ReadModelHash() {}

    static String of(JdbcTemplate jdbc) {
        return jdbc.queryForObject(SQL.formatted(""), String.class);
    }
}
