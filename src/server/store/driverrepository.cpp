#include "driverrepository.h"

#include <QHash>
#include <QJsonArray>
#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "eventlog.h"
#include "historyrows.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kDriverColumns =
    "id, name, region, status, lat, lon, last_seen_at, version, phone, vehicle, active, "
    "position_at, position_source, position_device, battery, speed_kmh, bearing, accuracy_m"_L1;
constexpr auto kDeviceColumns = "id, driver_id, label, key_sha256, registered_at"_L1;

//! Validates one `drivers` row; a bad row is logged and skipped by the caller. A row whose
//! position is unreadable keeps the driver, without a position.
std::optional<Driver> driverFromRow(const QSqlQuery &q)
{
    Sql::RowReader row(q);
    Driver d;
    d.id = row.text();
    d.name = row.text();
    d.region = row.text();
    const auto status = driverStatusFromString(row.text());
    const QVariant lat = row.next();
    const QVariant lon = row.next();
    d.lastSeenAt = row.time();
    bool versionOk = false;
    d.version = row.next().toLongLong(&versionOk);
    if (d.id.isEmpty() || d.region.isEmpty() || !status || !versionOk || d.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid drivers row" << d.id;
        return std::nullopt;
    }
    d.status = *status;
    d.phone = row.text();
    d.vehicle = row.text();
    d.active = row.next().toInt() != 0;
    d.positionAt = row.time();
    if (d.positionAt.isValid()) {
        bool latOk = false;
        bool lonOk = false;
        d.lat = lat.toDouble(&latOk);
        d.lon = lon.toDouble(&lonOk);
        if (lat.isNull() || lon.isNull() || !latOk || !lonOk
            || !(d.lat >= -90 && d.lat <= 90 && d.lon >= -180 && d.lon <= 180)) {
            qCWarning(lcServerDb) << "drivers row" << d.id << "has an invalid position; none";
            d.positionAt = QDateTime();
            d.lat = d.lon = 0;
        }
    }
    d.positionSource = row.text();
    d.positionDevice = row.text();
    d.battery = row.optionalDouble();
    d.speedKmh = row.optionalDouble();
    d.bearing = row.optionalDouble();
    d.accuracyM = row.optionalDouble();
    return d;
}

DriverDevice deviceFromRow(const QSqlQuery &q)
{
    return DriverDevice { q.value(0).toString(), q.value(2).toString(),
        Sql::fromIsoTime(q.value(4)), q.value(3).toString().toLatin1() };
}

//! The registered devices of driver \a id (all drivers' when \a id is empty), by driver.
std::optional<QHash<QString, QList<DriverDevice>>> selectDevices(
    const QSqlDatabase &db, const QString &id)
{
    Sql::Statement statement(db,
        u"SELECT %1 FROM driver_devices WHERE revoked_at IS NULL%2 "
        "ORDER BY driver_id, registered_at, id"_s.arg(
            kDeviceColumns, id.isEmpty() ? QString() : u" AND driver_id = ?"_s),
        Sql::Statement::Reading::ForwardOnly);
    QSqlQuery &q = *statement;
    if (!id.isEmpty())
        q.addBindValue(id);
    if (!Sql::run(q, "select devices"_L1))
        return std::nullopt;
    QHash<QString, QList<DriverDevice>> devices;
    while (q.next())
        devices[q.value(1).toString()].append(deviceFromRow(q));
    return devices;
}

bool insertRow(const QSqlDatabase &db, const Driver &d)
{
    Sql::Statement statement(db,
        u"INSERT INTO drivers (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)"_s.arg(kDriverColumns));
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { d.id, d.name, d.region, toString(d.status),
            d.hasPosition() ? QVariant(d.lat) : Sql::nullDouble(),
            d.hasPosition() ? QVariant(d.lon) : Sql::nullDouble(), Sql::timeOrNull(d.lastSeenAt),
            d.version, Sql::text(d.phone), Sql::text(d.vehicle), d.active ? 1 : 0,
            Sql::timeOrNull(d.positionAt), Sql::text(d.positionSource), Sql::text(d.positionDevice),
            Sql::doubleOrNull(d.battery), Sql::doubleOrNull(d.speedKmh),
            Sql::doubleOrNull(d.bearing), Sql::doubleOrNull(d.accuracyM) });
    return Sql::run(q, "insert driver"_L1);
}

bool insertDevice(const QSqlDatabase &db, const QString &driverId, const DriverDevice &device)
{
    Sql::Statement statement(
        db, u"INSERT INTO driver_devices (%1) VALUES (?, ?, ?, ?, ?)"_s.arg(kDeviceColumns));
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { device.id, driverId, Sql::text(device.label), QString::fromLatin1(device.keySha256),
            Sql::isoTime(device.registeredAt) });
    return Sql::run(q, "insert device"_L1);
}

bool revokeDevice(const QSqlDatabase &db, const QString &deviceId, const QDateTime &when)
{
    Sql::Statement statement(
        db, u"UPDATE driver_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q, { Sql::isoTime(when), deviceId });
    return Sql::run(q, "revoke device"_L1) && q.numRowsAffected() == 1;
}

bool insertHistory(const QSqlDatabase &db, const DriverHistoryEntry &e)
{
    Sql::Statement statement(db,
        u"INSERT INTO driver_history (driver_id, seq, actor, field, from_value, to_value, "
        "ts) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { e.driverId, e.seq, Sql::text(e.actor), e.field, Sql::text(e.from), Sql::text(e.to),
            Sql::isoTime(e.ts) });
    return Sql::run(q, "insert driver history"_L1);
}

bool insertBreadcrumb(const QSqlDatabase &db, const Driver &d, qint64 seq)
{
    Sql::Statement statement(db,
        u"INSERT INTO driver_positions (driver_id, seq, at, lat, lon, accuracy_m, speed_kmh, "
        "bearing, battery, source, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { d.id, seq, Sql::isoTime(d.positionAt), d.lat, d.lon, Sql::doubleOrNull(d.accuracyM),
            Sql::doubleOrNull(d.speedKmh), Sql::doubleOrNull(d.bearing),
            Sql::doubleOrNull(d.battery), Sql::text(d.positionSource),
            Sql::text(d.positionDevice) });
    return Sql::run(q, "insert breadcrumb"_L1);
}

QString describe(const DriverDevice &device)
{
    return device.label.isEmpty() ? device.id : u"%1 (%2)"_s.arg(device.id, device.label);
}

bool hasDevice(const QList<DriverDevice> &devices, const QString &id)
{
    return std::any_of(devices.cbegin(), devices.cend(),
        [&id](const DriverDevice &device) { return device.id == id; });
}

} // namespace

std::optional<Driver> RowTraits<Driver>::select(const QSqlDatabase &db, const QString &id)
{
    auto driver = Sql::selectOne(db, u"SELECT %1 FROM drivers WHERE id = ?"_s.arg(kDriverColumns),
        { id }, "select driver"_L1, driverFromRow);
    if (!driver)
        return std::nullopt;
    const auto devices = selectDevices(db, id);
    if (!devices)
        return std::nullopt;
    driver->devices = devices->value(id);
    return driver;
}

QJsonObject RowTraits<Driver>::changedFields(const Driver &current, const Driver &next)
{
    QJsonObject fields = next.liveFields();
    if (next.name != current.name)
        fields.insert("name"_L1, next.name);
    if (next.phone != current.phone)
        fields.insert("phone"_L1, next.phone);
    if (next.vehicle != current.vehicle)
        fields.insert("vehicle"_L1, next.vehicle);
    if (next.region != current.region)
        fields.insert("region"_L1, next.region);
    if (next.active != current.active)
        fields.insert("active"_L1, next.active);
    if (next.devices != current.devices)
        fields.insert("devices"_L1, next.toJson().value("devices"_L1));
    return fields;
}

bool RowTraits<Driver>::update(const QSqlDatabase &db, const Driver &current, const Driver &next,
    const ChangeEvent &event, const WriteBy &by)
{
    Sql::Statement statement(db,
        u"UPDATE drivers SET name = ?, region = ?, status = ?, lat = ?, lon = ?, "
        "last_seen_at = ?, version = ?, phone = ?, vehicle = ?, active = ?, "
        "position_at = ?, position_source = ?, position_device = ?, battery = ?, "
        "speed_kmh = ?, bearing = ?, accuracy_m = ? WHERE id = ? AND version = ?"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { next.name, next.region, toString(next.status),
            next.hasPosition() ? QVariant(next.lat) : Sql::nullDouble(),
            next.hasPosition() ? QVariant(next.lon) : Sql::nullDouble(),
            Sql::timeOrNull(next.lastSeenAt), next.version, Sql::text(next.phone),
            Sql::text(next.vehicle), next.active ? 1 : 0, Sql::timeOrNull(next.positionAt),
            Sql::text(next.positionSource), Sql::text(next.positionDevice),
            Sql::doubleOrNull(next.battery), Sql::doubleOrNull(next.speedKmh),
            Sql::doubleOrNull(next.bearing), Sql::doubleOrNull(next.accuracyM), next.id,
            current.version });
    if (!Sql::run(q, "update driver"_L1) || q.numRowsAffected() != 1)
        return false;
    const auto history = [&](const QString &field, const QString &from, const QString &to) {
        return insertHistory(
            db, DriverHistoryEntry { event.seq, next.id, by.actor, field, from, to, event.ts });
    };
    const auto flag = [](bool value) { return value ? u"true"_s : u"false"_s; };
    if ((next.name != current.name && !history(u"name"_s, current.name, next.name))
        || (next.phone != current.phone && !history(u"phone"_s, current.phone, next.phone))
        || (next.vehicle != current.vehicle
            && !history(u"vehicle"_s, current.vehicle, next.vehicle))
        || (next.region != current.region && !history(u"region"_s, current.region, next.region))
        || (next.active != current.active
            && !history(u"active"_s, flag(current.active), flag(next.active))))
        return false;
    for (const DriverDevice &device : next.devices) {
        if (!hasDevice(current.devices, device.id)
            && (!insertDevice(db, next.id, device)
                || !history(u"device_added"_s, {}, describe(device))))
            return false;
    }
    for (const DriverDevice &device : current.devices) {
        if (!hasDevice(next.devices, device.id)
            && (!revokeDevice(db, device.id, event.ts)
                || !history(u"device_removed"_s, describe(device), {})))
            return false;
    }
    if (next.hasPosition() && next.positionAt != current.positionAt
        && !insertBreadcrumb(db, next, event.seq))
        return false;
    qCDebug(lcServerDb) << "driver" << next.id << "v" << next.version << "seq" << event.seq << "by"
                        << by.actor;
    return true;
}

DriverRepository::DriverRepository(StoreContext &context)
    : m_context(context)
{ }

StoreListing<Driver> DriverRepository::list(
    const QStringList &visibleRegions, const QStringList &statuses) const
{
    StoreListing<Driver> result;
    const QSqlDatabase db = m_context.database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    Sql::Where where;
    where.addIn("region"_L1, visibleRegions);
    where.addIn("status"_L1, statuses);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM drivers%2 ORDER BY id"_s.arg(kDriverColumns, where.sql()));
    where.bind(q);
    if (!tx.isActive() || !Sql::run(q, "list drivers"_L1)) {
        result.error = Sql::storageError(db, u"cannot list drivers"_s);
        return result;
    }
    while (q.next()) {
        if (auto row = driverFromRow(q))
            result.items.append(std::move(*row));
    }
    q.finish();
    const auto devices = selectDevices(db, {});
    const auto head = EventLog::readHead(db);
    if (!devices || !head || !tx.commit()) {
        result.items.clear();
        result.error = Sql::storageError(db, u"cannot list drivers"_s);
        return result;
    }
    for (Driver &driver : result.items)
        driver.devices = devices->value(driver.id);
    result.position = *head;
    return result;
}

std::optional<Driver> DriverRepository::get(const QString &id) const
{
    return RowTraits<Driver>::select(m_context.database.connection(), id);
}

StoreWrite<Driver> DriverRepository::create(const Driver &draft, const QString &actor)
{
    StoreWrite<Driver> result;
    WriteTransaction tx(m_context);
    result.error = tx.startError();
    if (!result.error.ok())
        return result;
    Driver d = draft;
    if (d.id.isEmpty()) {
        const auto id = Sql::nextId(tx.connection(), "drivers"_L1, "DRV"_L1, 3);
        if (!id) {
            result.error = tx.failure(u"cannot allocate a driver id"_s);
            return result;
        }
        d.id = *id;
    } else if (RowTraits<Driver>::select(tx.connection(), d.id)) {
        result.error = Error { ErrorKind::Conflict, u"driver %1 already exists"_s.arg(d.id) };
        return result;
    }
    d.version = 1;
    const QDateTime now = Sql::nowUtc();
    ChangeEvent event { 0, {}, u"driver.created"_s, u"driver"_s, d.id, d.version, now, {} };
    bool ok = tx.append(event, d.region) && insertRow(tx.connection(), d)
        && insertHistory(tx.connection(),
            DriverHistoryEntry { event.seq, d.id, actor, u"created"_s, {}, d.name, now });
    for (const DriverDevice &device : std::as_const(d.devices)) {
        ok = ok && insertDevice(tx.connection(), d.id, device)
            && insertHistory(tx.connection(),
                DriverHistoryEntry {
                    event.seq, d.id, actor, u"device_added"_s, {}, describe(device), now });
    }
    if (!ok || !tx.commit()) {
        result.error = tx.failure(u"cannot record the creation of driver %1"_s.arg(d.id));
        return result;
    }
    qCDebug(lcServerDb) << "driver" << d.id << "created, seq" << event.seq << "by" << actor;
    result.item = d;
    result.event = event;
    return result;
}

StoreWrite<Driver> DriverRepository::update(const QString &id,
    std::optional<qint64> expectedVersion, const QString &actor, const RowDecision<Driver> &decide,
    Sql::Durability durability)
{
    return versionedWrite<Driver>(
        m_context, id, expectedVersion, WriteBy { actor, {} }, decide, durability);
}

StoreWrite<Driver> DriverRepository::updateLive(const Driver &update, const QString &actor)
{
    return updateLive(QList<Driver> { update }, actor).constFirst();
}

QList<StoreWrite<Driver>> DriverRepository::updateLive(
    const QList<Driver> &updates, const QString &actor)
{
    QList<VersionedChange<Driver>> changes;
    changes.reserve(updates.size());
    for (const Driver &update : updates) {
        changes.append({ update.id, std::nullopt, [update](const Driver &current, Driver &next) {
                            next.status = update.status;
                            next.lastSeenAt =
                                update.lastSeenAt.isValid() ? update.lastSeenAt : Sql::nowUtc();
                            const bool moved = !current.hasPosition() || current.lat != update.lat
                                || current.lon != update.lon;
                            next.lat = update.lat;
                            next.lon = update.lon;
                            if (moved) {
                                next.positionAt = next.lastSeenAt;
                                next.positionSource.clear();
                                next.positionDevice.clear();
                            }
                            return Error {};
                        } });
    }
    return versionedWriteBatch<Driver>(m_context, changes, WriteBy { actor, {} });
}

std::optional<DeviceOwner> DriverRepository::findDevice(const QByteArray &keySha256) const
{
    Sql::Statement statement(m_context.database.connection(),
        u"SELECT id, driver_id FROM driver_devices WHERE key_sha256 = ? AND revoked_at IS "
        "NULL"_s);
    QSqlQuery &q = *statement;
    q.addBindValue(QString::fromLatin1(keySha256));
    if (!Sql::run(q, "find device"_L1) || !q.next())
        return std::nullopt;
    return DeviceOwner { q.value(0).toString(), q.value(1).toString() };
}

QList<DriverHistoryEntry> DriverRepository::history(const QString &id) const
{
    return Sql::readHistory<DriverHistoryEntry>(m_context.database.connection(),
        u"SELECT seq, actor, field, from_value, to_value, ts FROM driver_history "
        "WHERE driver_id = ? ORDER BY seq, id"_s,
        id, "driver history"_L1);
}

StoreListing<TrailPoint> DriverRepository::trail(
    const QString &id, const QDateTime &since, int limit, bool *truncated) const
{
    StoreListing<TrailPoint> result;
    const QSqlDatabase db = m_context.database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // Newest first, one more than asked: whether older ones were left out.
    q.prepare(u"SELECT at, lat, lon, accuracy_m, speed_kmh, bearing, battery, source FROM "
              "driver_positions WHERE driver_id = ? AND at > ? ORDER BY at DESC, id DESC "
              "LIMIT ?"_s);
    Sql::bind(q, { id, Sql::isoTime(since), limit + 1 });
    if (!tx.isActive() || !Sql::run(q, "driver trail"_L1)) {
        result.error = Sql::storageError(db, u"cannot read the trail of driver %1"_s.arg(id));
        return result;
    }
    while (q.next()) {
        Sql::RowReader row(q);
        TrailPoint p;
        p.at = row.time();
        bool latOk = false;
        bool lonOk = false;
        p.lat = row.next().toDouble(&latOk);
        p.lon = row.next().toDouble(&lonOk);
        if (!p.at.isValid() || !latOk || !lonOk) {
            qCWarning(lcServerDb) << "skipping invalid driver_positions row of" << id;
            continue;
        }
        p.accuracyM = row.optionalDouble();
        p.speedKmh = row.optionalDouble();
        p.bearing = row.optionalDouble();
        p.battery = row.optionalDouble();
        p.source = row.text();
        result.items.append(std::move(p));
    }
    q.finish();
    const auto head = EventLog::readHead(db);
    if (!head || !tx.commit()) {
        result.items.clear();
        result.error = Sql::storageError(db, u"cannot read the event-log head"_s);
        return result;
    }
    *truncated = result.items.size() > limit;
    if (*truncated)
        result.items.removeLast();
    std::reverse(result.items.begin(), result.items.end());
    result.position = *head;
    return result;
}

qint64 DriverRepository::trimTrail(const QDateTime &cutoff, int keepPerDriver)
{
    const QSqlDatabase db = m_context.database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
    if (!tx.isActive())
        return -1;
    qint64 deleted = 0;
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM driver_positions WHERE at < ?"_s);
    q.addBindValue(Sql::isoTime(cutoff));
    if (!Sql::run(q, "trim trail by age"_L1))
        return -1;
    deleted += qMax(0, q.numRowsAffected());
    // Only the drivers over the cap are trimmed by count (rarely any).
    QSqlQuery over(db);
    over.setForwardOnly(true);
    over.prepare(u"SELECT driver_id FROM driver_positions GROUP BY driver_id HAVING COUNT(*) > "
                 "?"_s);
    over.addBindValue(keepPerDriver);
    if (!Sql::run(over, "trail over the cap"_L1))
        return -1;
    QStringList drivers;
    while (over.next())
        drivers.append(over.value(0).toString());
    over.finish();
    for (const QString &driver : std::as_const(drivers)) {
        QSqlQuery cap(db);
        cap.prepare(u"DELETE FROM driver_positions WHERE driver_id = ? AND id NOT IN (SELECT id "
                    "FROM driver_positions WHERE driver_id = ? ORDER BY at DESC, id DESC LIMIT "
                    "?)"_s);
        Sql::bind(cap, { driver, driver, keepPerDriver });
        if (!Sql::run(cap, "trim trail by count"_L1))
            return -1;
        deleted += qMax(0, cap.numRowsAffected());
    }
    if (!tx.commit())
        return -1;
    if (deleted > 0)
        qCInfo(lcServerDb) << "trimmed" << deleted << "breadcrumbs";
    return deleted;
}

bool DriverRepository::insertInitial(const QSqlDatabase &db, const QList<Driver> &drivers)
{
    for (const Driver &d : drivers) {
        if (!insertRow(db, d))
            return false;
        for (const DriverDevice &device : d.devices) {
            if (!insertDevice(db, d.id, device))
                return false;
        }
    }
    return true;
}

bool DriverRepository::insertInitialDevices(
    const QSqlDatabase &db, const QString &driverId, const QList<DriverDevice> &devices)
{
    for (const DriverDevice &device : devices) {
        QSqlQuery known(db);
        known.prepare(u"SELECT 1 FROM driver_devices WHERE key_sha256 = ?"_s);
        known.addBindValue(QString::fromLatin1(device.keySha256));
        if (!Sql::run(known, "known device"_L1))
            return false;
        if (known.next())
            continue;
        if (!insertDevice(db, driverId, device))
            return false;
    }
    return true;
}

} // namespace Ops
