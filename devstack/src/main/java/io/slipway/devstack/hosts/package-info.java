/**
 * Host enrolment from the command line and the dev stack: {@code ./slipway hosts enroll ID} asks
 * the orchestrator's API for a host's Kafka credentials and writes them to the properties file its
 * agent is started with ({@code --kafka-config}).
 */
package io.slipway.devstack.hosts;
