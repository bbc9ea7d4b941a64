/**
 * Issue 13's disaster-recovery drills with real processes: a host lost for good, export and import
 * into a new database, and a restored backup caught up from the feed (with and without the feed's
 * history). {@code ./slipway drills} runs all of them (DISASTER-RECOVERY.md, "Drills"); plain
 * {@code mvn verify} runs the bounded one, {@code HostLostDrillTests#recreate}.
 */
package io.slipway.devstack.drills;
