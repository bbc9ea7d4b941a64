package io.slipway.protocol;

/**
 * Every step of the create plan and the destroy plan (DESIGN.md §3). The declaration order is not a
 * plan: the destroy order, which both sides run, is {@link DestroyOrder}; the create plan and every
 * compensation belong to the orchestrator's plan class.
 */
public enum StepName {
    // create plan v1
    VALIDATE_DESCRIPTION(Executor.ORCHESTRATOR),
    RESERVE_RESOURCES(Executor.ORCHESTRATOR),
    PREPARE_IMAGES(Executor.AGENT),
    CREATE_SHELL(Executor.AGENT),
    CONFIGURE_DOMAIN(Executor.AGENT),
    POPULATE_MEMORY(Executor.AGENT),
    LOAD_IMAGES(Executor.AGENT),
    INTRODUCE_XENSTORE(Executor.AGENT),
    ATTACH_PV_DEVICES(Executor.AGENT),
    ASSIGN_PCI(Executor.AGENT),
    FINALIZE(Executor.AGENT),
    UNPAUSE(Executor.AGENT),
    // destroy plan v1
    MARK_DESTROYING(Executor.ORCHESTRATOR),
    REQUEST_SHUTDOWN(Executor.AGENT),
    PAUSE_DOMAIN(Executor.AGENT),
    DETACH_PCI(Executor.AGENT),
    REMOVE_PV_DEVICES(Executor.AGENT),
    CLEAN_XENSTORE(Executor.AGENT),
    KILL_DOMAIN(Executor.AGENT),
    AWAIT_GONE(Executor.AGENT),
    RELEASE_RESOURCES(Executor.ORCHESTRATOR);

    /** Who carries a step out. */
    public enum Executor {
        ORCHESTRATOR,
        AGENT
    }

    private final Executor executor;

    StepName(Executor executor) {
        this.executor = executor;
    }

    public Executor executor() {
        return executor;
    }

    public boolean runsOnAgent() {
        return executor == Executor.AGENT;
    }
}
