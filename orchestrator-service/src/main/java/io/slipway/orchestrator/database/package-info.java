/**
 * How the orchestrator reaches PostgreSQL, checked before anything connects: the runtime role's
 * credentials are required (there are no defaults), the migration role's come in pairs, {@code
 * sslmode} is validated and added to the JDBC URL. A missing setting ends the start with one
 * message naming every missing variable, not a stack trace.
 */
package io.slipway.orchestrator.database;
