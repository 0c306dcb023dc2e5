#pragma once

#include <optional>

#include <QList>
#include <QStringList>

#include "protocol/driver.h"
#include "protocol/driverhistoryentry.h"
#include "protocol/trailpoint.h"
#include "storelisting.h"
#include "versionedwrite.h"

namespace Ops {

template<> struct RowTraits<Driver>
{
    static constexpr QLatin1StringView entity { "driver" };
    //! The row with its registered (not revoked) devices.
    static std::optional<Driver> select(const QSqlDatabase &db, const QString &id);
    static QString region(const Driver &driver) { return driver.region; }
    static void stamp(Driver &, const QDateTime &) { }
    //! The live fields (Driver::liveFields(): clients patch them in place), plus each managed
    //! field the write changed (`name`, `phone`, `vehicle`, `region`, `active`, `devices`).
    static QJsonObject changedFields(const Driver &current, const Driver &next);
    //! Writes the row; a history row per changed managed field (`name`, `phone`, `vehicle`,
    //! `region`, `active`, `device_added`, `device_removed`); the devices \a next added
    //! (inserted) and dropped (revoked); and, when the position's time changed, the new
    //! position as a breadcrumb.
    static bool update(const QSqlDatabase &db, const Driver &current, const Driver &next,
        const ChangeEvent &event, const WriteBy &by);
};

//! \brief A registered device found by its key: which device, of which driver.
struct DeviceOwner
{
    QString deviceId;
    QString driverId;
};

//! \brief The `drivers`, `driver_devices`, `driver_history` and `driver_positions` tables.
class DriverRepository
{
public:
    explicit DriverRepository(StoreContext &context);
    DriverRepository(const DriverRepository &) = delete;
    DriverRepository &operator=(const DriverRepository &) = delete;

    [[nodiscard]] StoreListing<Driver> list(
        const QStringList &visibleRegions, const QStringList &statuses = {}) const;
    [[nodiscard]] std::optional<Driver> get(const QString &id) const;

    //! Inserts \a draft as version 1 (id assigned as the next "DRV-nnn" when empty; Conflict
    //! when the id exists) with a "driver.created" event and a `created` history row.
    [[nodiscard]] StoreWrite<Driver> create(const Driver &draft, const QString &actor);
    //! The versioned write of driver \a id (see versionedWrite()); the rules are \a decide's
    //! (the domain's DriverService and PositionIntake).
    [[nodiscard]] StoreWrite<Driver> update(const QString &id,
        std::optional<qint64> expectedVersion, const QString &actor,
        const RowDecision<Driver> &decide, Sql::Durability durability = Sql::Durability::Full);

    //! Writes the live fields of \a update (status, lat, lon, lastSeenAt — now when invalid;
    //! a moved driver's positionAt becomes its lastSeenAt) and appends "driver.updated".
    [[nodiscard]] StoreWrite<Driver> updateLive(const Driver &update, const QString &actor);
    //! updateLive() for each of \a updates in one write transaction (one commit; one event
    //! each, announced after the commit in order). A driver that does not exist is NotFound in
    //! its own result and the others still go through; a storage failure fails them all.
    [[nodiscard]] QList<StoreWrite<Driver>> updateLive(
        const QList<Driver> &updates, const QString &actor);

    //! The registered, not revoked device whose key hashes to \a keySha256 (lowercase hex).
    [[nodiscard]] std::optional<DeviceOwner> findDevice(const QByteArray &keySha256) const;
    //! The audit rows of driver \a id, oldest first.
    [[nodiscard]] QList<DriverHistoryEntry> history(const QString &id) const;
    //! Driver \a id's breadcrumbs with a fix time after \a since, oldest first: the newest
    //! \a limit of them (\a truncated says whether older ones were left out), with the head.
    [[nodiscard]] StoreListing<TrailPoint> trail(
        const QString &id, const QDateTime &since, int limit, bool *truncated) const;
    //! Deletes breadcrumbs taken before \a cutoff and all but the newest \a keepPerDriver of
    //! each driver. Returns how many went, or -1.
    qint64 trimTrail(const QDateTime &cutoff, int keepPerDriver);

    //! Inserts \a drivers (with their devices) as they are, in \a db's open transaction, with
    //! no events.
    [[nodiscard]] static bool insertInitial(const QSqlDatabase &db, const QList<Driver> &drivers);
    //! Registers \a devices of driver \a driverId in \a db's open transaction, with no events;
    //! a key that is registered already (also revoked) is skipped.
    [[nodiscard]] static bool insertInitialDevices(
        const QSqlDatabase &db, const QString &driverId, const QList<DriverDevice> &devices);

private:
    StoreContext &m_context;
};

} // namespace Ops
