#pragma once

#include <optional>

#include <QList>
#include <QStringList>

#include "protocol/driver.h"
#include "storelisting.h"
#include "versionedwrite.h"

namespace Ops {

template<> struct RowTraits<Driver>
{
    static constexpr QLatin1StringView entity { "driver" };
    static std::optional<Driver> select(const QSqlDatabase &db, const QString &id);
    static QString region(const Driver &driver) { return driver.region; }
    static void stamp(Driver &, const QDateTime &) { }
    //! The live fields (status, lat, lon, lastSeenAt): clients patch them in place.
    static QJsonObject changedFields(const Driver &, const Driver &next)
    {
        return next.liveFields();
    }
    static bool update(const QSqlDatabase &db, const Driver &current, const Driver &next,
        const ChangeEvent &event, const WriteBy &by);
};

//! \brief The `drivers` table.
class DriverRepository
{
public:
    explicit DriverRepository(StoreContext &context);
    DriverRepository(const DriverRepository &) = delete;
    DriverRepository &operator=(const DriverRepository &) = delete;

    [[nodiscard]] StoreListing<Driver> list(
        const QStringList &visibleRegions, const QStringList &statuses = {}) const;
    [[nodiscard]] std::optional<Driver> get(const QString &id) const;

    //! Writes the live fields of \a update (status, lat, lon, lastSeenAt — now when invalid)
    //! and appends "driver.updated" carrying them in `fields`.
    [[nodiscard]] StoreWrite<Driver> updateLive(const Driver &update, const QString &actor);
    //! updateLive() for each of \a updates in one write transaction (one commit; one event
    //! each, announced after the commit in order). A driver that does not exist is NotFound in
    //! its own result and the others still go through; a storage failure fails them all.
    [[nodiscard]] QList<StoreWrite<Driver>> updateLive(
        const QList<Driver> &updates, const QString &actor);

    //! Inserts \a drivers as they are, in \a db's open transaction, with no events.
    [[nodiscard]] static bool insertInitial(const QSqlDatabase &db, const QList<Driver> &drivers);

private:
    StoreContext &m_context;
};

} // namespace Ops
