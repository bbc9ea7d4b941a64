-- What each host's agent drives (sim, or a libvirt URI with kvm/tcg), as its heartbeat says:
-- shown in the host view so an operator sees which hosts run real guests and how.
alter table host add column hypervisor text;
