#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Ops {

//! \brief One audit row of a driver (`GET /api/drivers/<id>/history`): who changed which field
//! from what to what, when, and the event-log seq of that change.
struct DriverHistoryEntry
{
    qint64 seq = 0;
    QString driverId;
    QString actor;
    QString field; //!< "name", "phone", "vehicle", "region", "active", "device_added",
                   //!< "device_removed", or "created" for the insert
    QString from;
    QString to;
    QDateTime ts;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<DriverHistoryEntry> fromJson(
        const QJsonObject &json, QString *error);

    friend bool operator==(const DriverHistoryEntry &, const DriverHistoryEntry &) = default;
};

} // namespace Ops
