"""Run cinder-api, cinder-scheduler and cinder-volume in ONE process.

Same recipe as Cinder's own functional tests (cinder/tests/functional/
functional_helpers.py): oslo.messaging's in-memory ``fake:/`` transport
only works inside a single process, so all three services share it here
and no message broker is needed. The volume backend is the fake driver
shipped in the cinder wheel (cinder.tests.fake_driver).

Usage: python launcher.py --config-file cinder.conf
"""

from cinder import monkey_patch; monkey_patch.patch()  # noqa: E702,I100

import logging as python_logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from oslo_config import cfg  # noqa: E402
from oslo_log import log as logging  # noqa: E402

from cinder.common import config  # noqa: E402 (registers global opts)
from cinder.common import constants  # noqa: E402
from cinder import coordination  # noqa: E402
from cinder import i18n  # noqa: E402
from cinder import objects  # noqa: E402
from cinder import rpc  # noqa: E402
from cinder import service  # noqa: E402
from cinder import version  # noqa: E402

CONF = cfg.CONF
LOG = logging.getLogger('speclift.live_cinder')


def _own_heartbeat(svc: service.Service) -> None:
    """Make ``svc`` heartbeat its own ``services`` row.

    ``report_state`` reads the *class* attribute ``Service.service_id``,
    which the last service created overwrites. With several services in one
    process only that one would heartbeat; the volume service would look
    down to the scheduler after ``service_down_time`` (60 s) and every
    create would fail with NoValidBackend. Must run before ``svc.start()``,
    which registers the timer.
    """
    report_state = svc.report_state

    def report_own_state() -> None:
        shared = service.Service.service_id
        service.Service.service_id = svc.origin_service_id
        try:
            report_state()
        finally:
            service.Service.service_id = shared

    svc.report_state = report_own_state


def _file_backed_backup_device() -> None:
    """Let cinder-backup read and write volumes without a SAN.

    The backup manager attaches a volume through os-brick with the
    connection the volume driver returns; the fake driver's is
    iSCSI-flavoured with no target, and os-brick would run iscsiadm. Like
    the fake volume driver, the device is faked instead: a small file under
    ``state_path`` that the fake backup service reads (backup) or writes
    (restore). The RPC calls around it (initialize_connection,
    terminate_connection, remove_export) still go to the volume service.
    """
    from cinder.backup import manager as backup_manager

    device = os.path.join(CONF.state_path, 'backup-device')

    class _NoConnector:
        def disconnect_volume(self, *_args, **_kwargs) -> None:
            pass

    def connect_device(_self, conn):
        with open(device, 'ab'):
            pass
        return {'conn': conn, 'device': {'path': device},
                'connector': _NoConnector()}

    backup_manager.BackupManager._connect_device = connect_device

    # os-brick asks privsep (sudo) for this host's initiators; the fake
    # driver accepts any connector with an initiator and a host.
    def connector_properties(*_args, **_kwargs):
        return {'initiator': 'iqn.2004-10.org.speclift:live-cinder',
                'host': CONF.host, 'ip': CONF.my_ip, 'multipath': False,
                'platform': 'x86_64', 'os_type': 'linux'}

    backup_manager.volume_utils.brick_get_connector_properties = \
        connector_properties


def _consistency_groups_on_the_fake_driver() -> None:
    """Give the fake driver the consistency-group methods of its sibling.

    ``FakeLoggingVolumeDriver`` lacks them (Cinder falls back to them for a
    group of the default cgsnapshot type, and a consistency group could
    then be created but never deleted); ``FakeGateDriver`` in the same
    module implements them over the same fake volumes and snapshots.
    """
    from cinder.tests import fake_driver

    for name in ('create_consistencygroup', 'create_consistencygroup_from_src',
                 'delete_consistencygroup', 'update_consistencygroup',
                 'create_cgsnapshot', 'delete_cgsnapshot'):
        setattr(fake_driver.FakeLoggingVolumeDriver, name,
                getattr(fake_driver.FakeGateDriver, name))


def main() -> None:
    i18n.enable_lazy()
    objects.register_all()
    # cinder-volume's own option (registered by cinder/cmd/volume.py,
    # which this launcher does not import).
    CONF.register_opt(cfg.StrOpt('cluster', help='cluster of cinder-volume'))
    CONF(sys.argv[1:], project='cinder', version=version.version_string())
    config.set_middleware_defaults()
    logging.setup(CONF, 'cinder')
    python_logging.captureWarnings(True)

    coordination.COORDINATOR.start()
    rpc.init(CONF)  # registers transport_url
    if not (CONF.transport_url or '').startswith('fake:'):
        sys.exit('launcher.py needs transport_url = fake:/ (single process)')

    backends = [b for b in CONF.enabled_backends or [] if b]
    if not backends:
        sys.exit('launcher.py needs enabled_backends (the fake backend)')

    _consistency_groups_on_the_fake_driver()
    # Volume first: the scheduler waits (scheduler_driver_init_wait_time,
    # 60 s) for a first capability report before it accepts requests.
    services = []
    for backend in backends:
        # As cinder-volume does (cinder/cmd/volume.py): `cluster@backend`.
        cluster = '%s@%s' % (CONF.cluster, backend) if CONF.cluster else None
        vol = service.Service.create(host='%s@%s' % (CONF.host, backend),
                                     service_name=backend,
                                     binary=constants.VOLUME_BINARY,
                                     coordination=False, cluster=cluster)
        _own_heartbeat(vol)
        vol.start()
        services.append(vol)
    # The import registers `backup_driver` (start.sh sets it).
    from cinder.backup import manager as _backup_manager  # noqa: F401
    if CONF.backup_driver:
        _file_backed_backup_device()
        backup = service.Service.create(binary=constants.BACKUP_BINARY,
                                        coordination=False)
        _own_heartbeat(backup)
        backup.start()
        services.append(backup)
    sched = service.Service.create(binary=constants.SCHEDULER_BINARY)
    _own_heartbeat(sched)
    sched.start()
    services.append(sched)
    api = service.WSGIService('osapi_volume')
    api.start()
    services.append(api)
    # Service.start() left the class attribute on the scheduler; cleanable
    # resources (the workers table) belong to the volume service.
    service.Service.service_id = services[0].origin_service_id
    LOG.info('live-cinder ready on http://%s:%s', api.host, api.port)

    # The handler may run inside eventlet's hub, where stopping services
    # (which switches greenthreads) fails; so it only records the signal and
    # the main greenthread does the stopping.
    stop_signal = []
    signal.signal(signal.SIGTERM, lambda signum, _f: stop_signal.append(signum))
    signal.signal(signal.SIGINT, lambda signum, _f: stop_signal.append(signum))
    # WSGIService.wait() only drains in-flight requests and returns at once;
    # keep the main greenthread parked so the services keep running.
    while not stop_signal:
        time.sleep(0.5)
    LOG.info('signal %s: stopping services', stop_signal[0])
    for svc in reversed(services):
        try:
            svc.stop()
        except Exception:  # shutting down anyway
            LOG.exception('stop of %s failed', svc)
    LOG.info('live-cinder stopped')


if __name__ == '__main__':
    main()
