package io.slipway.agent.libvirt.host;

/**
 * A host tool (apt, dpkg, virsh, a daemon) failed, timed out or is missing. The message names the
 * command and carries the end of its error output or of its log file, so that it can be acted on
 * without reproducing the failure.
 */
public class HostToolException extends RuntimeException {
    public HostToolException(String message) {
        super(message);
    }

    public HostToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
