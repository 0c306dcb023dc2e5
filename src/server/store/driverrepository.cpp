#include "driverrepository.h"

#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "listing.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kDriverColumns = "id, name, region, status, lat, lon, last_seen_at, version"_L1;

std::optional<Driver> driverFromRow(const QSqlQuery &q)
{
    Driver d;
    d.id = q.value(0).toString();
    d.name = q.value(1).toString();
    d.region = q.value(2).toString();
    const auto status = driverStatusFromString(q.value(3).toString());
    bool latOk = false;
    bool lonOk = false;
    bool versionOk = false;
    d.lat = q.value(4).toDouble(&latOk);
    d.lon = q.value(5).toDouble(&lonOk);
    d.lastSeenAt = Sql::fromIsoTime(q.value(6));
    d.version = q.value(7).toLongLong(&versionOk);
    if (d.id.isEmpty() || d.region.isEmpty() || !status || !latOk || !lonOk
        || !d.lastSeenAt.isValid() || !versionOk || d.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid drivers row" << d.id;
        return std::nullopt;
    }
    d.status = *status;
    return d;
}

} // namespace

std::optional<Driver> RowTraits<Driver>::select(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT %1 FROM drivers WHERE id = ?"_s.arg(kDriverColumns));
    q.addBindValue(id);
    if (!Sql::run(q, "select driver"_L1) || !q.next())
        return std::nullopt;
    return driverFromRow(q);
}

bool RowTraits<Driver>::update(const QSqlDatabase &db, const Driver &current, const Driver &next,
    const ChangeEvent &event, const WriteBy &by)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE drivers SET name = ?, region = ?, status = ?, lat = ?, lon = ?, "
              "last_seen_at = ?, version = ? WHERE id = ? AND version = ?"_s);
    Sql::bind(q,
        { next.name, next.region, toString(next.status), next.lat, next.lon,
            Sql::isoTime(next.lastSeenAt), next.version, next.id, current.version });
    if (!Sql::run(q, "update driver"_L1) || q.numRowsAffected() != 1)
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
    Sql::Where where;
    where.addIn("region"_L1, visibleRegions);
    where.addIn("status"_L1, statuses);
    return listWithPosition<Driver>(m_context.database.connection(), "drivers"_L1, kDriverColumns,
        where, "list drivers"_L1, &driverFromRow);
}

std::optional<Driver> DriverRepository::get(const QString &id) const
{
    return RowTraits<Driver>::select(m_context.database.connection(), id);
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
        changes.append({ update.id, std::nullopt, [update](const Driver &, Driver &next) {
                            next.status = update.status;
                            next.lat = update.lat;
                            next.lon = update.lon;
                            next.lastSeenAt =
                                update.lastSeenAt.isValid() ? update.lastSeenAt : Sql::nowUtc();
                            return Error {};
                        } });
    }
    return versionedWriteBatch<Driver>(m_context, changes, WriteBy { actor, {} });
}

bool DriverRepository::insertInitial(const QSqlDatabase &db, const QList<Driver> &drivers)
{
    for (const Driver &d : drivers) {
        QSqlQuery q(db);
        q.prepare(
            u"INSERT INTO drivers (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kDriverColumns));
        Sql::bind(q,
            { d.id, d.name, d.region, toString(d.status), d.lat, d.lon, Sql::isoTime(d.lastSeenAt),
                d.version });
        if (!Sql::run(q, "insert driver"_L1))
            return false;
    }
    return true;
}

} // namespace Ops
