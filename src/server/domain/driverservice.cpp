#include "driverservice.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include "server/store/store.h"
#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverService::DriverService(Store &store)
    : m_store(store)
{ }

StoreWrite<Driver> DriverService::create(const DriverDraft &draft, const QString &actor)
{
    if (draft.name.isEmpty() || draft.region.isEmpty())
        return { badRequest(u"a driver needs 'name' and 'region'"_s), std::nullopt, std::nullopt };
    Driver d;
    d.id = draft.id;
    d.name = draft.name;
    d.region = draft.region;
    d.phone = draft.phone;
    d.vehicle = draft.vehicle;
    d.active = draft.active;
    d.status = DriverStatus::Offline;
    return m_store.drivers().create(d, actor);
}

StoreWrite<Driver> DriverService::change(const QString &id, const DriverChange &change,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    // Decided inside the write transaction, from the row as it is under the write lock.
    const auto decide = [this, &change, &id](const Driver &current, Driver &next) -> Error {
        next.name = change.name.value_or(current.name);
        next.phone = change.phone.value_or(current.phone);
        next.vehicle = change.vehicle.value_or(current.vehicle);
        next.region = change.region.value_or(current.region);
        next.active = change.active.value_or(current.active);
        if (next.name == current.name && next.phone == current.phone
            && next.vehicle == current.vehicle && next.region == current.region
            && next.active == current.active)
            return badRequest(u"driver %1 has these values already"_s.arg(id));
        if (current.active && !next.active) {
            const auto open = m_store.orders().openOrderIdsOf(id);
            if (!open)
                return Error { ErrorKind::Storage, u"cannot read the orders of %1"_s.arg(id) };
            if (!open->isEmpty()) {
                return badRequest(
                    u"driver %1 has %2 open order(s) (%3); reassign them before deactivating"_s
                        .arg(id)
                        .arg(open->size())
                        .arg(open->mid(0, 5).join(u", "_s)));
            }
            // Off the board: nobody waits for a deactivated driver's reports.
            next.status = DriverStatus::Offline;
        }
        return {};
    };
    return m_store.drivers().update(id, expectedVersion, actor, decide);
}

DeviceRegistration DriverService::registerDevice(const QString &driverId, const QString &label,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    DeviceRegistration registration;
    registration.key = generateDeviceKey();
    registration.device = deviceForKey(registration.key, label, QDateTime::currentDateTimeUtc());
    DriverDevice &device = registration.device;
    registration.write = m_store.drivers().update(driverId, expectedVersion, actor,
        [&driverId, &device](const Driver &current, Driver &next) -> Error {
            if (!current.active)
                return badRequest(u"driver %1 is deactivated"_s.arg(driverId));
            if (current.devices.size() >= MaxDevices)
                return badRequest(
                    u"driver %1 has %2 devices already; revoke one first"_s.arg(driverId).arg(
                        MaxDevices));
            // Devices are listed in the order they were registered (registered_at, then the
            // random id): one registered in the same millisecond as another goes after it.
            for (const DriverDevice &d : current.devices) {
                if (d.registeredAt >= device.registeredAt)
                    device.registeredAt = d.registeredAt.addMSecs(1);
            }
            next.devices.append(device);
            return {};
        });
    if (!registration.write.ok())
        registration.key.clear();
    return registration;
}

StoreWrite<Driver> DriverService::revokeDevice(const QString &driverId, const QString &deviceId,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    return m_store.drivers().update(driverId, expectedVersion, actor,
        [&driverId, &deviceId](const Driver &current, Driver &next) -> Error {
            const auto it = std::find_if(next.devices.begin(), next.devices.end(),
                [&deviceId](const DriverDevice &d) { return d.id == deviceId; });
            if (it == next.devices.end()) {
                return Error { ErrorKind::NotFound,
                    u"driver %1 has no device %2"_s.arg(driverId, deviceId.left(64)) };
            }
            Q_UNUSED(current);
            next.devices.erase(it);
            return {};
        });
}

StoreWrite<Driver> DriverService::setStatus(
    const QString &id, DriverStatus status, const QString &actor)
{
    return m_store.drivers().update(
        id, std::nullopt, actor, [&id, status](const Driver &current, Driver &next) -> Error {
            if (!current.active && status != DriverStatus::Offline)
                return badRequest(u"driver %1 is deactivated"_s.arg(id));
            if (current.status == status)
                return badRequest(u"driver %1 is %2 already"_s.arg(id, toString(status)));
            next.status = status;
            return {};
        });
}

QString DriverService::generateDeviceKey()
{
    static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    QString key;
    key.reserve(26);
    QRandomGenerator *rng = QRandomGenerator::system();
    for (int i = 0; i < 26; ++i)
        key.append(QLatin1Char(kAlphabet[rng->bounded(32)]));
    return key;
}

QByteArray DriverService::keyHash(QStringView key)
{
    return QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex();
}

DriverDevice DriverService::deviceForKey(
    QStringView key, const QString &label, const QDateTime &registeredAt)
{
    const QByteArray hash = keyHash(key);
    return DriverDevice { u"DEV-"_s + QString::fromLatin1(hash.left(12)), label, registeredAt,
        hash };
}

} // namespace Ops
