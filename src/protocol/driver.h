#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief What a driver is doing: offline, idle (online, no job), en_route (driving a job),
//! on_break.
enum class DriverStatus {
    Offline,
    Idle,
    EnRoute,
    OnBreak,
};

[[nodiscard]] QString toString(DriverStatus status);
[[nodiscard]] std::optional<DriverStatus> driverStatusFromString(QStringView text);

//! \brief One driver as it travels on the wire (`GET /api/drivers`). Position and presence
//! change often: `driver.updated` events carry them in `fields`.
struct Driver
{
    QString id;
    QString name;
    QString region;
    DriverStatus status = DriverStatus::Offline;
    double lat = 0;
    double lon = 0;
    QDateTime lastSeenAt;
    qint64 version = 0;

    [[nodiscard]] bool isOnline() const { return status != DriverStatus::Offline; }
    [[nodiscard]] QJsonObject toJson() const;
    //! The high-frequency part (status, lat, lon, lastSeenAt) that `driver.updated` carries.
    [[nodiscard]] QJsonObject liveFields() const;
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<Driver> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Driver &, const Driver &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Driver)
